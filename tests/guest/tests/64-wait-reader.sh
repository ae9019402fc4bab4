#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# vmlat-here: safe
#
# vmlat wait, the reader of the user stage, against the live module: a
# SCHED_FIFO thread per CPU blocking in read() of per_cpu/cpuN/wait. The
# wake-ups it reads must be the ones the module recorded (its table is
# made from the module's user* histograms over the run), its record must
# hold per interval the worst wake-up with lateness = irq + stolen + sched,
# vmlat plot must draw it, and each documented error of the wait file
# (ENODEV, ENXIO, ECANCELED, EBUSY) must end it with its message and
# exit 1; SIGTERM ends it normally. Mechanics, not numbers (TCG).

. "${VMLAT_LIB:-/lib/vmlat-tests}/tap.sh"
. "${VMLAT_LIB:-/lib/vmlat-tests}/vmlat.sh"

tap_header "vmlat wait, live"
vmlat_need_tool vmlat
vmlat_fresh period_us=1000 || tap_bail "cannot load vmlat.ko"
cd /tmp || tap_bail "no /tmp"

# wait_bg - vmlat wait $@ in the background, its output in /tmp/bg.out
# and /tmp/bg.err, its pid in $bg; waits until its threads block
wait_bg()
{
	vmlat wait "$@" > /tmp/bg.out 2> /tmp/bg.err &
	bg=$!
	sleep 1
}

# expect_wait_error - $1 description, $2 text of the one stderr line;
# the background wait must have ended with status 1
expect_wait_error()
{
	wait "$bg"
	rc=$?
	if [ $rc -eq 1 ] && [ "$(wc -l < /tmp/bg.err)" -eq 1 ] &&
	   grep -q -- "$2" /tmp/bg.err; then
		tap_pass "$1"
	else
		tap_fail "$1"
		tap_diag "status $rc: $(head -c 300 /tmp/bg.err)"
	fi
}

vmlat wait --cpus 0 -d 1 > /tmp/out 2> /tmp/err
tap_is "$?:$(grep -c 'the user stage is off (user=N): turn it on with vmlat set user=1' /tmp/err)" \
	"1:1" "user=0: vmlat wait says how to turn the stage on, exit 1"

vmlat wait --enable --cpus 0 -d 1 > /tmp/out 2> /tmp/err
tap_is "$?:$(vmlat_get user)" "0:N" "wait --enable: runs, then user is off again"
tap_run "wait --enable: read wake-ups" grep -Eq ' [1-9][0-9]* wake-ups read' /tmp/out

vmlat_set user 1
vmlat_set reset 1
# cpu0's expiries while the reader runs: as many wake-ups could be read
# (2000 in 2 s on a host that runs the vCPU throughout; fewer under
# host load, where missed periods take their place)
fired=$(vmlat_summary_key 0 samples)
vmlat wait --cpus 0 --duration 2 --record /tmp/w.jsonl -i 0.5 > /tmp/out 2> /tmp/err
rc=$?
fired=$(($(vmlat_summary_key 0 samples) - ${fired:-0}))
tap_is "$rc" 0 "wait --cpus 0 -d 2 --record: exit 0"
[ $rc -eq 0 ] || tap_diag "$(head -c 300 /tmp/err)"
tap_diag "$(head -n 5 /tmp/out)"
read_n=$(sed -n 's/.*: \([0-9]*\) wake-ups read.*/\1/p' /tmp/out)
row_n=$(awk '$1 == "0" { print $2 }' /tmp/out)
tap_run "2 s at 1 ms: at least a quarter of cpu0's expiries meanwhile read ($read_n of $fired)" \
	test "$fired" -gt 0 -a "${read_n:-0}" -ge $((fired / 4))
tap_is "$row_n" "$read_n" "the table's cpu0 samples (the module's user histogram over the run) = the wake-ups read"
tap_is "$(vmlat_summary_key 0 user_samples)" "$read_n" "summary: user_samples since the reset = the wake-ups read"

tap_is "$(head -n 1 /tmp/w.jsonl | grep -c '"schema": "vmlat-wait v1"')" 1 "record: the head line names its schema"
tap_is "$(tail -n 1 /tmp/w.jsonl | grep -c '^{"end": {"t_s": [0-9.]*, "status": "ok"}}$')" 1 \
	"record: the last line ends it, ok"
n_iv=$(grep -c '^{"t_s"' /tmp/w.jsonl)
tap_run "record: 4 or 5 interval lines ($n_iv)" test "$n_iv" -ge 4 -a "$n_iv" -le 5
bad=$(grep '^{"t_s"' /tmp/w.jsonl | sed 's/.*{"cpu": "all"//' | awk '
	/"worst": null/ { next }
	{
		for (k = 1; k <= 4; k++) v[k] = 0
		n = split($0, f, /[,{}:]/)
		for (i = 1; i < n; i++) {
			g = f[i]; gsub(/[ "]/, "", g)
			if (g == "lateness_ns") l = f[i + 1] + 0
			if (g == "irq_ns") q = f[i + 1] + 0
			if (g == "stolen_ns") s = f[i + 1] + 0
			if (g == "sched_ns") d = f[i + 1] + 0
		}
		if (l != q + s + d || l == 0) bad++
		seen++
	}
	END { printf "%d of %d", bad, seen }')
tap_is "${bad%% of*}" 0 "record: each interval's worst wake-up is irq + stolen + sched ($bad bad)"

vmlat plot /tmp/w.jsonl -o /tmp/w.svg > /tmp/out 2> /tmp/err
tap_is "$?:$(grep -c 'fill="#3465a4"' /tmp/w.svg | awk '{ print ($1 > 0) }')" "0:1" \
	"plot of the record: the irq part of the bars is drawn"

# the module's cpu=all line with both stages' keys, as --cpus merges it
vmlat_set thread 1
sleep 1
vmlat_set thread 0
vmlat summary > /tmp/out 2> /tmp/err
tap_is "$?:$(grep -c '^# vmlat thread stage' /tmp/out):$(grep -c '^# vmlat user stage' /tmp/out)" \
	"0:1:1" "summary: a table per stage with figures"
# sampling stopped: the two reads must see the same counters
vmlat_set enabled 0
vmlat summary --csv > /tmp/all.mod
vmlat summary --csv --cpus "$(cat /sys/devices/system/cpu/possible)" > /tmp/all.merged
vmlat_set enabled 1
tap_run "summary --csv carries both stages' keys, then the residual's causes, then each stage's from causes" \
	grep -q '^cpu,.*,thread_samples,.*,user_return_sum_ns,unreported_ns,guest_ns,undetermined_ns,unreported_share,guest_share,undetermined_share,thread_unreported_ns,thread_guest_ns,thread_undetermined_ns,user_unreported_ns,user_guest_ns,user_undetermined_ns$' /tmp/all.mod
tap_is "$(tail -n 1 /tmp/all.merged)" "$(tail -n 1 /tmp/all.mod)" \
	"summary --cpus of every CPU reproduces the module's cpu=all line, stage keys and causes included"

vmlat wait -d 1 > /tmp/out 2> /tmp/err
rc=$?
ncpu=$(vmlat_cpus_online | wc -w)
tap_is "$rc:$(grep -Ec '^([0-9]+|all) ' /tmp/out)" "0:$((ncpu + 1))" \
	"wait without --cpus: every online CPU, a row each and all"

wait_bg --cpus 0
vmlat wait --cpus 0 -d 1 > /tmp/out 2> /tmp/err
tap_is "$?:$(grep -c 'EBUSY.*stop the other vmlat wait' /tmp/err)" "1:1" \
	"a second wait on cpu0: EBUSY, its message, exit 1"
kill -TERM "$bg"
wait "$bg"
tap_is "$?:$(grep -c 'wake-ups read (' /tmp/bg.out)" "0:1" "SIGTERM ends a wait normally, with its table"

wait_bg --cpus 0
vmlat_set user 0
expect_wait_error "user=0 while waiting: ENODEV, says vmlat set user=1" \
	'the user stage is off (ENODEV): vmlat set user=1'
vmlat_set user 1

wait_bg --cpus 0
vmlat_set period_us 2000
expect_wait_error "a period change while waiting: ECANCELED, says run again" \
	'period_us changed while waiting (ECANCELED)'
vmlat_set period_us 1000

cpu=$(vmlat_cpus_online | awk '{ print $NF }')
if [ "$cpu" != 0 ]; then
	vmlat_set cpus 0
	vmlat wait --cpus "$cpu" -d 1 > /tmp/out 2> /tmp/err
	tap_is "$?:$(grep -c "cpu$cpu does not sample (ENXIO)" /tmp/err)" "1:1" \
		"a CPU the module does not sample: ENXIO, its message, exit 1"
	vmlat_set cpus "$(cat /sys/devices/system/cpu/possible)"
else
	tap_skip "ENXIO" "one CPU only"
fi

vmlat_set enabled 0
vmlat wait --cpus 0 -d 1 > /tmp/out 2> /tmp/err
tap_is "$?:$(grep -c 'sampling is off (enabled=N): vmlat enable' /tmp/err)" "1:1" \
	"enabled=0: says vmlat enable, exit 1"
vmlat_set enabled 1

tap_run "rmmod once every wait has ended" vmlat_unload
tap_finish
