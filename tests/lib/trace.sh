# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the in-guest tracepoint tests (busybox sh): drive tracefs
# and turn vmlat_sample lines of the trace into "cpu key=value..." lines.

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

# trace_samples - the vmlat_sample events in the buffer, oldest first, as
# "cpu=N seq=.. expected=.. lateness=.. steal_delta=.. residual=.. missed=.. source=.."
trace_samples()
{
	awk '/ vmlat_sample: / {
		cpu = $0
		sub(/^[^[]*\[/, "", cpu)
		sub(/\].*/, "", cpu)
		line = $0
		sub(/.* vmlat_sample: /, "", line)
		gsub(/ ns/, "", line)
		printf "cpu=%d %s\n", cpu, line
	}' "$TRACEFS/trace"
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
