# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-guest tracepoint tests (busybox sh): drive tracefs
# and turn vmlat_sample lines of the trace into "cpu key=value..." lines;
# run the timerlat tracer beside vmlat (the cross-checks, 6.12-rt only).

TRACEFS=/sys/kernel/tracing
VMLAT_EVENT=$TRACEFS/events/vmlat/vmlat_sample

# trace_clean - event off, buffer empty and large, recording on
trace_clean()
{
	echo 0 > "$VMLAT_EVENT/enable"
	echo 4096 > "$TRACEFS/buffer_size_kb"
	echo > "$TRACEFS/trace"
	echo 1 > "$TRACEFS/tracing_on"
}

trace_event_on()
{
	echo 1 > "$VMLAT_EVENT/enable"
}

trace_event_off()
{
	echo 0 > "$VMLAT_EVENT/enable"
}

# trace_events - the events named $1 in the buffer, oldest first, as
# "cpu=N key=value..." (the units " ns" dropped)
trace_events()
{
	awk -v ev=" $1: " 'index($0, ev) {
		cpu = $0
		sub(/^[^[]*\[/, "", cpu)
		sub(/\].*/, "", cpu)
		line = substr($0, index($0, ev) + length(ev))
		gsub(/ ns/, "", line)
		printf "cpu=%d %s\n", cpu, line
	}' "$TRACEFS/trace"
}

# trace_samples - the vmlat_sample events, as trace_events: "cpu=N seq=..
# expected=.. lateness=.. steal_delta=.. residual=.. missed=.. source=.."
trace_samples()
{
	trace_events vmlat_sample
}

# trace_lost - events the ring buffer dropped (written minus kept)
trace_lost()
{
	awk '/entries-in-buffer\/entries-written:/ {
		split($3, a, "/")
		print a[2] - a[1]
		exit
	}' "$TRACEFS/trace"
}

# timerlat_start - the timerlat tracer on cpu $1 at period $2 us: a clean
# 8 MiB buffer, no stop thresholds, recording on; fails when the tracer
# cannot be set (the kernel lacks it)
timerlat_start()
{
	echo 0 > "$TRACEFS/tracing_on"
	echo nop > "$TRACEFS/current_tracer"
	echo 8192 > "$TRACEFS/buffer_size_kb"
	echo "$1" > "$TRACEFS/osnoise/cpus"
	echo "$2" > "$TRACEFS/osnoise/timerlat_period_us"
	echo 0 > "$TRACEFS/osnoise/stop_tracing_us" 2>/dev/null
	echo 0 > "$TRACEFS/osnoise/stop_tracing_total_us" 2>/dev/null
	echo > "$TRACEFS/trace"
	echo timerlat > "$TRACEFS/current_tracer" || return 1
	echo 1 > "$TRACEFS/tracing_on"
}

# timerlat_latencies - of the buffer's timerlat events, "CONTEXT NS" a
# line ("... #N context    irq timer_latency   932 ns"); CONTEXT is irq
# or thread
timerlat_latencies()
{
	awk '{ for (i = 1; i < NF; i++) if ($i == "context") {
		for (j = i + 2; j < NF; j++) if ($j == "timer_latency")
			print $(i + 1), $(j + 1)
	} }' "$TRACEFS/trace"
}

# timerlat_stop - back to the nop tracer, recording on
timerlat_stop()
{
	echo nop > "$TRACEFS/current_tracer"
	echo 1 > "$TRACEFS/tracing_on"
}

# trace_cb_pairs - the callback cost of one hrtimer by its events: of the
# text trace on stdin (trace clock x86-tsc, which the text trace prints
# as a raw count), each timer:hrtimer_expire_entry whose line contains $1
# ("[vmlat]" for a module's callback, "function=timerlat_irq " for a
# kernel function) paired with the hrtimer_expire_exit of the same
# hrtimer; the TSC is converted to ns by the entries' own "now"
# (CLOCK_MONOTONIC ns) over the window. Prints "cb BUILD ROUND N P50 P90
# P99 MAX" (ns, nearest rank: x(ceil(N q)) of the sorted durations) and
# one "cbinfo" line; $2 the build's name, $3 the round. Only these few
# numbers leave the guest: a histogram per window through the results
# port made the RT kernel disable that port's interrupt ("irq 3: nobody
# cared").
trace_cb_pairs()
{
	awk -v mod="$1" -v build="$2" -v round="$3" '
		{
			for (i = 2; i <= NF; i++)
				if ($i == "hrtimer_expire_entry:" || $i == "hrtimer_expire_exit:")
					break
			if (i > NF)
				next
			ts = $(i - 1)
			sub(/:$/, "", ts)
			ptr = $(i + 1)
			if ($i == "hrtimer_expire_entry:") {
				if (index($0, mod) == 0)
					next
				now = $0
				sub(/.* now=/, "", now)
				if (entries == 0) { ts0 = ts; now0 = now }
				ts1 = ts; now1 = now
				entries++
				open[ptr] = ts
			} else if (ptr in open) {
				d[++n] = ts - open[ptr]
				delete open[ptr]
			}
		}
		END {
			cpn = now1 > now0 ? (ts1 - ts0) / (now1 - now0) : 0
			printf "cbinfo %s round=%d entries=%d paired=%d clock=x86-tsc tsc_per_ns=%.6f\n", build, round, entries, n, cpn
			if (cpn > 0)
				for (k = 1; k <= n; k++)
					printf "%d\n", d[k] / cpn + 0.5 > "/tmp/lean.dur"
		}'
	if [ -s /tmp/lean.dur ]; then
		sort -n /tmp/lean.dur | awk -v b="$2" -v r="$3" '
			function q(p,    k) { k = NR * p; k = int(k) < k ? int(k) + 1 : k; return d[k < 1 ? 1 : k] }
			{ d[NR] = $1 }
			END { printf "cb %s %d %d %d %d %d %d\n", b, r, NR, q(0.5), q(0.9), q(0.99), d[NR] }'
	fi
	rm -f /tmp/lean.dur
}
