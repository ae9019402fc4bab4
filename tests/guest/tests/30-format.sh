#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# The data formats of docs/abi.md, parsed literally: summary, steal_source
# and every histogram file (headers, bucket rows and their bounds, counts
# summing to samples), then the files against each other while sampling
# is stopped: per-CPU histograms match their summary line, the merged ones
# add the CPUs up, and with no steal clock (TCG) steal is empty and
# residual equals lateness.

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "data formats"
vmlat_fresh period_us=500 || tap_bail "cannot load vmlat.ko"
sleep 2

# check_all_hist - validate every histogram file; $1 a label
check_all_hist()
{
	# no pipe into the loop: its TAP counts must stay in this shell
	vmlat_hist_files > /tmp/hist.files
	while read -r file type cpu; do
		if out=$(vmlat_check_hist "$file" "$type" "$cpu" 500); then
			tap_pass "$1: ${file#$VMLAT_DEBUGFS/} follows vmlat-hist v1"
		else
			tap_fail "$1: ${file#$VMLAT_DEBUGFS/} follows vmlat-hist v1"
			echo "$out"
		fi
	done < /tmp/hist.files
}

out=$(vmlat_check_summary 0)
tap_result $? "while sampling: summary follows vmlat-summary v1"
[ -n "$out" ] && echo "$out"
check_all_hist "while sampling"

vmlat_set enabled 0 || tap_bail "cannot write enabled=0"
out=$(vmlat_check_summary 1)
tap_result $? "stopped: summary follows vmlat-summary v1 and cpu=all adds up"
[ -n "$out" ] && echo "$out"
check_all_hist "stopped"

head -n 2 "$VMLAT_SUMMARY" | sed 's/^/# summary: /'
grep '^cpu=all' "$VMLAT_SUMMARY" | sed 's/^/# summary: /'
# this boot has high-resolution timers (00-boot.sh): resolution 1 ns
tap_is "$(sed -n 2p "$VMLAT_SUMMARY")" "# enabled=0 period_us=500 cpus=$(cat /sys/devices/system/cpu/possible) resolution_ns=1" \
	"summary line 2 shows the knobs and the hrtimer resolution"

# steal_source: header, then one line per possible CPU with a reason
out=$(awk -v cpus="$(vmlat_cpus_possible)" '
	BEGIN { n = split(cpus, want, " ") }
	NR == 1 { if ($0 != "# vmlat-steal-source v1") print "# line 1: " $0; next }
	/^#/ { next }
	{
		line++
		if ($1 != "cpu=" want[line]) print "# line for " $1 ", wanted cpu=" want[line]
		if ($2 !~ /^source=(kvm|kcpustat|sim|none)$/) print "# bad source: " $0
		if ($3 !~ /^reason=./) print "# no reason=: " $0
	}
	END { if (line != n) print "# " line " CPU lines, wanted " n }' \
	"$VMLAT_DEBUGFS/steal_source")
tap_is "$out" "" "steal_source follows vmlat-steal-source v1"
[ -n "$out" ] && echo "$out"
sed 's/^/# steal_source: /' "$VMLAT_DEBUGFS/steal_source"

# the CPUs' files against their summary lines and the merged files
total=0
for c in $(vmlat_cpus_possible); do
	h=$(vmlat_check_hist "$VMLAT_DEBUGFS/per_cpu/cpu$c/hist" lateness "$c") || continue
	for pair in samples:samples missed:missed elapsed_ns:elapsed_ns min:min_ns max:max_ns; do
		hk=${pair%%:*}
		sk=${pair#*:}
		tap_is "$(vmlat_field "$h" "$hk")" "$(vmlat_summary_key "$c" "$sk")" \
			"cpu$c: hist $hk equals summary $sk"
	done
	s=$(vmlat_field "$h" samples)
	tap_run "cpu$c: sampled something in 2 s (samples=$s)" test "$s" -gt 0
	total=$((total + s))
done
h=$(vmlat_check_hist "$VMLAT_DEBUGFS/hist" lateness all)
tap_is "$(vmlat_field "$h" samples)" "$total" "merged hist samples add the CPUs up"
tap_is "$(vmlat_field "$h" samples)" "$(vmlat_summary_key all samples)" "merged hist samples equal summary cpu=all"
tap_is "$(vmlat_field "$h" elapsed_ns)" "$(vmlat_summary_key all elapsed_ns)" "merged hist elapsed_ns equals summary cpu=all"
tap_is "$(vmlat_field "$h" max)" "$(vmlat_summary_key all max_ns)" "merged hist max equals summary cpu=all max_ns"
sum=$(vmlat_field "$h" sum)
samples=$(vmlat_field "$h" samples)
tap_is "$((sum / samples))" "$(vmlat_summary_key all avg_ns)" "summary avg_ns is sum/samples rounded down"

# with no steal clock: steal empty, residual identical to lateness
if [ "$(vmlat_summary_key all steal_source)" = none ]; then
	for dir in "" $(for c in $(vmlat_cpus_possible); do echo "per_cpu/cpu$c/"; done); do
		st=$(sed -n 3p "$VMLAT_DEBUGFS/${dir}steal")
		tap_run "${dir}steal is empty without a steal clock" \
			sh -c "echo '$st' | grep -q ' samples=0 '"
		a=$(tail -n +3 "$VMLAT_DEBUGFS/${dir}hist" | md5sum)
		b=$(tail -n +3 "$VMLAT_DEBUGFS/${dir}residual" | md5sum)
		tap_is "$b" "$a" "${dir}residual equals ${dir}hist without a steal clock"
	done
else
	tap_skip "steal empty and residual equal to hist" "a steal clock is present: $(vmlat_summary_key all steal_source)"
fi

vmlat_unload
tap_finish
