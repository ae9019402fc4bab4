#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The vmlat reader against the live module: every command, the control
# commands, and every error case, each error with its exit status, one
# line on stderr and nothing on stdout. Formats are checked in depth by
# the host tests (tests/reader/); here the numbers must match the module's.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "the vmlat reader, live"
vmlat_need_tool vmlat
vmlat_fresh || tap_bail "cannot load vmlat.ko"
cd /tmp || tap_bail "no /tmp"

# run_rc - run the reader; stdout in /tmp/out, stderr in /tmp/err; status
run_rc()
{
	vmlat "$@" > /tmp/out 2> /tmp/err
}

# expect_error - $1 status, $2 description, $3 text stderr must contain,
# then the command; checks status, one stderr line, empty stdout
expect_error()
{
	want=$1 what=$2 text=$3
	shift 3
	run_rc "$@"
	rc=$?
	lines=$(wc -l < /tmp/err)
	if [ $rc -eq "$want" ] && [ "$lines" -eq 1 ] && [ ! -s /tmp/out ] &&
	   grep -q -- "$text" /tmp/err; then
		tap_pass "$what: exit $want, one line naming the fix"
	else
		tap_fail "$what: exit $want, one line naming the fix"
		tap_diag "status $rc, $lines stderr lines: $(head -c 300 /tmp/err)"
		tap_diag "stdout: $(head -c 200 /tmp/out)"
	fi
}

run_rc --version
tap_result $? "vmlat --version"
tap_run "--version names the reader, the module 0.1.0 and ABI v1" \
	sh -c 'grep -q "0\.1\.0" /tmp/out && grep -qi "module" /tmp/out && grep -q "v1\|ABI 1\|abi" /tmp/out'

sleep 2
run_rc disable
tap_result $? "vmlat disable"
tap_is "$(vmlat_get enabled)" N "disable: enabled reads N"

# a still picture: the reader's numbers must be the module's
run_rc summary --json
tap_result $? "vmlat summary --json"
for c in $(vmlat_cpus_possible); do
	s=$(vmlat_summary_key "$c" samples)
	tap_run "summary --json: cpu$c samples = $s as in debugfs" \
		grep -q "\"samples\": *$s[,}]" /tmp/out
done
run_rc summary
tap_result $? "vmlat summary"
all=$(vmlat_summary_key all samples)
tap_run "summary table: the all row has $all samples" \
	sh -c "grep -q '^all  *$all ' /tmp/out"
run_rc hist
tap_result $? "vmlat hist"
# the header the table must have: Index, CPU-NNN for each CPU, all
hdr="^Index"
for c in $(vmlat_cpus_possible); do
	hdr="$hdr .*CPU-$(printf %03d "$c")"
done
tap_run "hist table: Index, a column per CPU and all" \
	grep -q "$hdr .*all" /tmp/out
rows=$(grep -c '^[0-9]' /tmp/out)
buckets=$(grep -c '^[0-9]' "$VMLAT_DEBUGFS/hist")
tap_is "$rows" "$buckets" "hist table: one row per non-empty bucket of the merged histogram"
for fmt in --csv --prom; do
	run_rc hist $fmt
	tap_result $? "vmlat hist $fmt"
done
tap_run "hist --prom: vmlat_lateness_seconds_count is the sample count" \
	sh -c "grep -q '^vmlat_lateness_seconds_count $all\$' /tmp/out"
run_rc hist --hist residual --unit ms --no-header --no-summary
tap_result $? "vmlat hist --hist residual --unit ms --no-header --no-summary"

run_rc enable
tap_result $? "vmlat enable"
tap_is "$(vmlat_get enabled)" Y "enable: enabled reads Y"
before=$(vmlat_summary_key all samples)
run_rc reset
tap_result $? "vmlat reset"
after=$(vmlat_summary_key all samples)
tap_run "reset: samples went down ($before -> $after)" test "$after" -lt "$before"
# the last CPU alone, then all of them again (any number of CPUs)
last=$(vmlat_cpus_possible | awk '{ print $NF }')
every=0
[ "$last" = 0 ] || every=0-$last
run_rc set period_us=500 cpus="$last"
tap_result $? "vmlat set period_us=500 cpus=$last"
tap_is "$(vmlat_get period_us) $(vmlat_get cpus)" "500 $last" "set: both knobs applied"
run_rc set period_us=1000 cpus="$every" trace_threshold_ns=0 stop_tracing_ns=0
tap_result $? "vmlat set with all four knobs"

run_rc run -d 2
tap_result $? "vmlat run -d 2"
tap_run "run prints a summary and a histogram" \
	sh -c 'grep -q "^all " /tmp/out && grep -q "^Index " /tmp/out'
run_rc watch -i 1 -n 2
tap_result $? "vmlat watch -i 1 -n 2"
tap_is "$(grep -c '^ *[0-9.]*  *all ' /tmp/out)" 2 "watch printed 2 intervals"
run_rc record -d 3 -i 1 -o /tmp/rec.json
tap_result $? "vmlat record -d 3 -i 1 -o /tmp/rec.json"
tap_run "the recording holds intervals and histograms" \
	sh -c 'grep -q "interval" /tmp/rec.json && grep -q "hist" /tmp/rec.json'
run_rc plot /tmp/rec.json -o /tmp/rec.svg
tap_result $? "vmlat plot rec.json -o rec.svg"
run_rc plot -o /tmp/live.svg
tap_result $? "vmlat plot -o live.svg (live histograms)"
for f in /tmp/rec.svg /tmp/live.svg; do
	tap_run "$f is a complete SVG with drawing in it" \
		sh -c "grep -q '<svg' $f && grep -q '</svg>' $f && grep -q '<path\|<polyline\|<rect' $f"
done

# errors
expect_error 2 "bad option" "usage\|--help" summary --no-such-option
expect_error 2 "unknown command" "usage\|--help" frobnicate
expect_error 1 "period_us=49 refused by the kernel" "period_us" set period_us=49
tap_is "$(vmlat_get period_us)" 1000 "the refused write changed nothing"
expect_error 2 "set with an unknown knob" "period_us" set colour=blue

mkdir -p /tmp/v2 /tmp/bad
cp -r "$VMLAT_DEBUGFS"/* /tmp/v2/ 2>/dev/null
cp -r "$VMLAT_DEBUGFS"/* /tmp/bad/ 2>/dev/null
sed -i '1s/v1/v2/' /tmp/v2/summary
expect_error 1 "a future ABI version" "v2\|version" summary --root /tmp/v2 --params "$VMLAT_PARAMS"
sed -i '$d' /tmp/bad/hist
head -c 100 "$VMLAT_DEBUGFS/summary" > /tmp/bad/summary
expect_error 1 "a truncated summary" "truncated\|cut\|malformed" summary --root /tmp/bad --params "$VMLAT_PARAMS"

grep -q '^nobody:' /etc/passwd 2>/dev/null || echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
su nobody -s /bin/sh -c 'vmlat summary' > /tmp/out 2> /tmp/err
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l < /tmp/err)" -eq 1 ] && [ ! -s /tmp/out ] && grep -q "root" /tmp/err; then
	tap_pass "not root: exit 1, one line naming the fix"
else
	tap_fail "not root: exit 1, one line naming the fix"
	tap_diag "status $rc: $(cat /tmp/err)"
fi

umount /sys/kernel/debug
expect_error 1 "debugfs not mounted" "mount -t debugfs" summary
mount -t debugfs debugfs /sys/kernel/debug
vmlat_unload
expect_error 1 "module not loaded" "modprobe vmlat\|insmod" summary
tap_finish
