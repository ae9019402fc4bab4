#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of the harness self-test: never finishes, so the host's
# timeout must end the guest and fail the run.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
tap_header "hang"
tap_pass "about to hang"
while :; do
	sleep 60
done
