# SPDX-License-Identifier: GPL-2.0
#
# Quantiles and tail counts of one vmlat histogram file (docs/abi.md), as
# "key=value" tokens on one line, for the in-guest tests:
#   p50 p90 p99 p999  upper bound of the bucket holding the quantile,
#                     clamped to the exact max (the reader's rule)
#   ge                samples in buckets whose lower bound >= -v ge=N
#   samples sum max   from the header
# An empty histogram prints p50=0 ... and ge=0.
BEGIN { nq = split("0.5 0.9 0.99 0.999", q, " "); split("p50 p90 p99 p999", qn, " ") }
/^# samples=/ {
	for (f = 2; f <= NF; f++) {
		split($f, kv, "=")
		h[kv[1]] = kv[2]
	}
}
/^[0-9]/ {
	n++
	lo[n] = $1
	hi[n] = $2
	cnt[n] = $3
	if (ge != "" && $1 >= ge + 0)
		tail += $3
}
END {
	total = h["samples"] + 0
	out = ""
	for (i = 1; i <= nq; i++) {
		v = 0
		c = 0
		for (b = 1; b <= n; b++) {
			c += cnt[b]
			if (c >= q[i] * total) {
				v = hi[b]
				break
			}
		}
		if (total && v > h["max"] + 0)
			v = h["max"]
		out = out qn[i] "=" v " "
	}
	printf "%sge=%d samples=%d sum=%s max=%s\n", out, tail, total, h["sum"], h["max"]
}
