#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-tcg: single
#
# 77-stress-modload.sh with the vmlat_sample tracepoint enabled and
# recording in every insmod/rmmod cycle. Enabling an event patches text,
# so this runs in the harness's single-threaded TCG phase (the header
# line above; docs/evidence/platform.md says why).

VMLAT_MODLOAD_TRACE=1
. ./77-stress-modload.sh
