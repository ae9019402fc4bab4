# SPDX-License-Identifier: GPL-2.0
#
# The lean-probe benchmark's tables (bench/run.sh lean), from the raw
# lines bench/guest-lean.sh prints in its "==== lean raw" block:
#   meta KEY=VALUE ...
#   cmd CONFIG PERIOD: COMMAND
#   run PERIOD CONFIG ROUND ITERATIONS/S LOC/S SAMPLES/S SOURCE
#   cb BUILD NS COUNT            (callback durations by ftrace)
#   cbinfo BUILD KEY=VALUE ...
# Usage: awk -f bench/lean-stats.awk RAW   (POSIX awk; mawk is enough)
#
# Statistics, all distribution-free:
# - Per round, the loss of a configuration is 1 - its iterations/s over
#   those of "off" in the same period block; the excess of a vmlat build
#   over the null probe is (its loss - null's loss) / (its samples per
#   second), in ns per interrupt; new minus old the same, pairwise.
# - The median of the n per-round values, with a 95 % confidence
#   interval from order statistics: [x(l), x(u)] with B ~ Bin(n, 1/2),
#   l the largest with P(B <= l-1) <= 2.5 % and u = n+1-l, coverage
#   P(l <= B <= u-1) = 1 - 2 P(B <= l-1), printed exactly (n = 9: x(2),
#   x(8), 96.1 %). Below n = 6 no such interval exists ("none").
# - Callback durations: p50 and p99 (nearest rank, x(ceil(n q))), each
#   with a 97.5 % interval from Bin(n, q) the same way; the ratio of two
#   p50s gets [lo1/hi2, hi1/lo2], which covers with at least 95 %
#   (Bonferroni over the two 97.5 % intervals).
# A verdict is only "decided" when the whole interval is on one side.

# binom_ci - the order statistics of a (1 - alpha) interval for the
# q-quantile of n values: sets ci_l, ci_u (0 when that side does not
# exist) and ci_cov. Log-space pmf, so n in the tens of thousands works.
function binom_ci(n, q, alpha,    j, lp, cdf, prev)
{
	ci_l = 0
	ci_u = 0
	lp = n * log(1 - q)
	cdf = 0
	for (j = 0; j <= n; j++) {
		prev = cdf
		cdf += exp(lp)
		# F(j) <= alpha/2: x(j+1) can be the lower bound
		if (cdf <= alpha / 2)
			ci_l = j + 1
		if (cdf >= 1 - alpha / 2) {
			ci_u = j + 1
			break
		}
		if (j < n)
			lp += log(n - j) - log(j + 1) + log(q) - log(1 - q)
	}
	if (ci_u > n)
		ci_u = 0
	ci_cov = 0
	if (ci_l > 0 && ci_u > 0)
		ci_cov = binom_cdf(n, q, ci_u - 1) - binom_cdf(n, q, ci_l - 1)
}

# binom_cdf - P(B <= k), B ~ Bin(n, q)
function binom_cdf(n, q, k,    j, lp, cdf)
{
	if (k < 0)
		return 0
	lp = n * log(1 - q)
	cdf = 0
	for (j = 0; j <= k && j <= n; j++) {
		cdf += exp(lp)
		if (j < n)
			lp += log(n - j) - log(j + 1) + log(q) - log(1 - q)
	}
	return cdf > 1 ? 1 : cdf
}

# sort_n - sort a[1..n] ascending (shell sort: no asort in POSIX awk)
function sort_n(a, n,    gap, i, j, t)
{
	for (gap = int(n / 2); gap > 0; gap = int(gap / 2))
		for (i = gap + 1; i <= n; i++) {
			t = a[i]
			for (j = i; j > gap && a[j - gap] > t; j -= gap)
				a[j] = a[j - gap]
			a[j] = t
		}
}

# med_ci - sorts v[1..n]; sets m (median), lo, hi, ci_txt, decided: the
# interval exists. scale multiplies the values printed.
function med_ci(v, n)
{
	sort_n(v, n)
	m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	binom_ci(n, 0.5, 0.05)
	if (ci_l > 0 && ci_u > 0) {
		lo = v[ci_l]
		hi = v[ci_u]
		ci_txt = sprintf("x(%d)..x(%d) of %d, %.1f %%", ci_l, ci_u, n, ci_cov * 100)
		decided = 1
	} else {
		lo = v[1]
		hi = v[n]
		ci_txt = sprintf("none: n=%d < 6 (min..max shown)", n)
		decided = 0
	}
}

# verdict - where the interval [lo, hi] lies against 0; $2 and $3 name
# the two sides
function verdict(below, above)
{
	if (!decided)
		return "undecided: too few rounds"
	if (hi < 0)
		return below
	if (lo > 0)
		return above
	return "undecided: CI spans 0"
}

function pct(x)
{
	return sprintf("%.2f %%", x * 100)
}

# hist_q - the k-th smallest of build b's callback durations
function hist_q(b, k,    i)
{
	for (i = 1; i <= cbn[b]; i++)
		if (cbcum[b, i] >= k)
			return cbv[b, i]
	return cbv[b, cbn[b]]
}

# hist_ci - quantile q of build b at 97.5 %: sets q_v, q_lo, q_hi (q_lo
# or q_hi "-" when n is too small for that side)
function hist_ci(b, q,    n)
{
	n = cbtotal[b]
	q_v = hist_q(b, int(n * q) < n * q ? int(n * q) + 1 : n * q)
	binom_ci(n, q, 0.025)
	q_lo = ci_l > 0 ? hist_q(b, ci_l) : "-"
	q_hi = ci_u > 0 ? hist_q(b, ci_u) : "-"
}

$1 == "meta" {
	for (f = 2; f <= NF; f++) {
		split($f, kv, "=")
		meta[kv[1]] = kv[2]
	}
}
$1 == "cmd" {
	cmds[++ncmd] = $0
}
$1 == "run" {
	p = $2; c = $3; r = $4
	if ($5 <= 0)
		next
	ips[p, c, r] = $5
	locs[p, c, r] = $6
	smp[p, c, r] = $7
	if (!((p, c) in seen)) {
		seen[p, c] = 1
		if (!(p in pseen)) {
			pseen[p] = 1
			periods[++np] = p
		}
		if (!(c in cseen)) {
			cseen[c] = 1
			configs[++nc] = c
		}
	}
	if (r + 1 > rounds)
		rounds = r + 1
}
$1 == "cb" {
	b = $2
	if (!(b in cbn)) {
		cbn[b] = 0
		cbuilds[++ncb] = b
	}
	cbv[b, ++cbn[b]] = $3
	cbtotal[b] += $4
	cbcum[b, cbn[b]] = cbtotal[b]
}
$1 == "cbinfo" {
	cbinfo[$2] = $0
}

# per_round - fills v[] with the per-round values of kind k for config c
# at period p (k: loss, excess, newold, newold_irq, tl); returns n
function per_round(k, p, c, c2,    r, n, off, l1, l2)
{
	n = 0
	for (r = 0; r < rounds; r++) {
		if (!((p, "off", r) in ips) || !((p, c, r) in ips))
			continue
		off = ips[p, "off", r]
		l1 = 1 - ips[p, c, r] / off
		if (k == "loss") {
			v[++n] = l1
			continue
		}
		if (!((p, c2, r) in ips))
			continue
		l2 = 1 - ips[p, c2, r] / off
		if (k == "diff")
			v[++n] = l1 - l2
		else if (smp[p, c, r] > 0)	# per interrupt, ns
			v[++n] = (l1 - l2) / smp[p, c, r] * 1e9
	}
	return n
}

function rowmed(a, n,    i, s)
{
	for (i = 1; i <= n; i++)
		w[i] = a[i]
	sort_n(w, n)
	return n % 2 ? w[(n + 1) / 2] : (w[n / 2] + w[n / 2 + 1]) / 2
}

END {
	if (nc == 0) {
		print "lean-stats: no run lines" > "/dev/stderr"
		exit 1
	}
	head = sprintf("%s, tcg=%s, %s vCPUs (QEMU/TCG), spin loop on cpu%s, %d rounds x %s s, old=%s, clocksource %s",
		meta["kernel"], meta["tcg"], meta["vcpus"], meta["cpu"], rounds, meta["spin_s"], meta["old_ref"], meta["clocksource"])

	print "==== lean spin loss: " head
	print "Medians over rounds of the per-round loss vs the same block's off; 95 % CI of the median from order statistics (Bin(n, 1/2))."
	print ""
	print "| configuration | period us | n | loss vs off (median) | 95 % CI | CI order statistics, coverage | vmlat samples/s (median) | LOC interrupts/s (median) |"
	print "| --- | --- | --- | --- | --- | --- | --- | --- |"
	for (i = 1; i <= np; i++)
		for (j = 1; j <= nc; j++) {
			p = periods[i]; c = configs[j]
			if (!((p, c) in seen))
				continue
			n = 0
			for (r = 0; r < rounds; r++)
				if ((p, c, r) in ips) {
					n++
					ss[n] = smp[p, c, r]
					ll[n] = locs[p, c, r]
				}
			sm = c ~ /^(new|old)-/ ? sprintf("%.0f", rowmed(ss, n)) : "-"
			lm = sprintf("%.0f", rowmed(ll, n))
			if (c == "off") {
				printf "| off | %s | %d | - | - | - | - | %s |\n", p, n, lm
				continue
			}
			n = per_round("loss", p, c)
			med_ci(v, n)
			printf "| %s | %s | %d | %s | %s .. %s | %s | %s | %s |\n", c, p, n, pct(m), pct(lo), pct(hi), ci_txt, sm, lm
		}
	print "==== end"

	print "==== lean excess over the null probe: " head
	print "Per round (loss - null's loss) / (the build's samples per second), ns per interrupt; median, 95 % CI of the median."
	print ""
	print "| build | period us | n | excess ns per interrupt (median) | 95 % CI | CI order statistics, coverage | verdict |"
	print "| --- | --- | --- | --- | --- | --- | --- |"
	for (i = 1; i <= np; i++)
		for (j = 1; j <= nc; j++) {
			p = periods[i]; c = configs[j]
			if (c !~ /^(new|old)-/ || !((p, c) in seen) || !((p, "null") in seen))
				continue
			n = per_round("excess", p, c, "null")
			if (n == 0)
				continue
			med_ci(v, n)
			printf "| %s | %s | %d | %.0f | %.0f .. %.0f | %s | %s |\n", c, p, n, m, lo, hi, ci_txt,
				verdict("cheaper than null (!)", "costs more than null")
		}
	if (!("null" in cseen))
		print "(no null probe measured)"
	print "==== end"

	print "==== lean new vs old: " head
	print "Per round new's loss - old's loss (percentage points) and the same per interrupt (over new's samples/s); median, 95 % CI of the median."
	print ""
	print "| steal source | period us | n | loss new - old (median) | 95 % CI | per interrupt ns (median) | 95 % CI | CI order statistics, coverage | verdict |"
	print "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
	for (i = 1; i <= np; i++)
		for (s = 1; s <= 2; s++) {
			src = s == 1 ? "none" : "sim"
			p = periods[i]
			if (!((p, "new-" src) in seen) || !((p, "old-" src) in seen))
				continue
			n = per_round("diff", p, "new-" src, "old-" src)
			if (n == 0)
				continue
			med_ci(v, n)
			d_m = m; d_lo = lo; d_hi = hi; d_txt = ci_txt
			d_verdict = verdict("new cheaper", "new costlier")
			n2 = per_round("excess", p, "new-" src, "old-" src)
			med_ci(v, n2)
			printf "| %s | %s | %d | %s | %s .. %s | %.0f | %.0f .. %.0f | %s | %s |\n", src, p, n,
				pct(d_m), pct(d_lo), pct(d_hi), m, lo, hi, d_txt, d_verdict
		}
	if (!("old-none" in cseen))
		print "(no old build measured)"
	print "==== end"

	if ("timerlat" in cseen) {
		print "==== lean vmlat vs timerlat: " head
		print "Target: vmlat's loss no larger than timerlat's. Per round new-none's loss - timerlat's; median, 95 % CI of the median."
		print ""
		print "| period us | n | loss new-none - timerlat (median) | 95 % CI | CI order statistics, coverage | verdict |"
		print "| --- | --- | --- | --- | --- | --- |"
		for (i = 1; i <= np; i++) {
			p = periods[i]
			if (!((p, "timerlat") in seen) || !((p, "new-none") in seen))
				continue
			n = per_round("diff", p, "new-none", "timerlat")
			med_ci(v, n)
			printf "| %s | %d | %s | %s .. %s | %s | %s |\n", p, n, pct(m), pct(lo), pct(hi), ci_txt,
				verdict("met", "not met")
		}
		print "==== end"
	}

	if (ncb > 0) {
		print "==== lean callback cost (ftrace): " head
		print "timer:hrtimer_expire_entry to _exit of the build's own hrtimer on cpu" meta["cpu"] ", trace_clock x86-tsc converted to ns by the entries' CLOCK_MONOTONIC now; includes the trace events' own cost (the null row is the floor). p50/p99 nearest rank, 97.5 % order-statistic CIs (Bin(n, q))."
		print ""
		print "| build | paired expiries | p50 ns | 97.5 % CI | p99 ns | 97.5 % CI | p50 - null's p50 ns |"
		print "| --- | --- | --- | --- | --- | --- | --- |"
		for (i = 1; i <= ncb; i++) {
			b = cbuilds[i]
			hist_ci(b, 0.5)
			p50[b] = q_v; p50lo[b] = q_lo; p50hi[b] = q_hi
			hist_ci(b, 0.99)
			printf "| %s | %d | %s | %s .. %s | %s | %s .. %s | %s |\n", b, cbtotal[b],
				p50[b], p50lo[b], p50hi[b], q_v, q_lo, q_hi,
				("null" in cbn) ? p50[b] - p50["null"] : "-"
		}
		print ""
		for (s = 1; s <= 2; s++) {
			src = s == 1 ? "none" : "sim"
			nb = "new-" src; ob = "old-" src
			if (!(nb in cbn) || !(ob in cbn))
				continue
			if (p50lo[nb] == "-" || p50hi[ob] == "-" || p50lo[ob] <= 0) {
				printf "p50 ratio %s/%s: %.3f, no interval (too few expiries)\n", nb, ob, p50[nb] / p50[ob]
				continue
			}
			rlo = p50lo[nb] / p50hi[ob]
			rhi = p50hi[nb] / p50lo[ob]
			printf "p50 ratio %s/%s: %.3f, 95 %% CI %.3f .. %.3f (Bonferroni over the two 97.5 %% CIs): %s\n",
				nb, ob, p50[nb] / p50[ob], rlo, rhi,
				(rhi < 1 ? "new faster" : (rlo > 1 ? "new slower" : "undecided: CI spans 1"))
		}
		for (i = 1; i <= ncb; i++)
			print cbinfo[cbuilds[i]]
		print "==== end"
	}

	print "==== lean commands: " head
	for (i = 1; i <= ncmd; i++)
		print cmds[i]
	print "==== end"
}
