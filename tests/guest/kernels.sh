#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest suite over several Debian kernels, one after the other: by
# default linux-image-amd64 (6.1), trixie's 6.12 and the newest Debian
# kernel (tests/lib/dkernel.sh) in the amd64, cloud-amd64 and rt-amd64
# flavours, each resolved at run time.
# Not part of `make check` (a few minutes per kernel); prints each run's
# TAP and ends with one line "N passed, N failed" over all of them.
# Usage: tests/guest/kernels.sh [kernel ...] (as tests/guest/run.sh --kernel)

set -u

here=$(cd "$(dirname "$0")" && pwd)
SUITE_OUT=$here/out
. "$here/../lib/suite.sh"
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(auto trixie trixie-cloud trixie-rt newest newest-cloud newest-rt)

for k in "${kernels[@]}"; do
	suite_run "kernel $k" "$here/run.sh" --kernel "$k" --out "$here/out/kernel-$k"
done
suite_total
