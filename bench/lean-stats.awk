# SPDX-License-Identifier: GPL-2.0
#
# The lean-probe benchmark's tables (bench/run.sh lean), from the raw
# lines bench/guest-lean.sh prints in its "==== lean raw" block:
#   meta KEY=VALUE ...
#   cmd CONFIG PERIOD: COMMAND
#   run PERIOD CONFIG ROUND ITERATIONS/S LOC/S SAMPLES/S SOURCE
#   cb BUILD ROUND N P50 P90 P99 MAX   (callback durations by ftrace, ns)
#   cbinfo BUILD round=ROUND KEY=VALUE ...
# Usage: awk -f bench/lean-stats.awk RAW   (POSIX awk; mawk is enough)
# Checked against hand-computed numbers by bench/lean-stats-check.sh.
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
# - Callback durations: per trace round (a window per build, builds in
#   a rotated order) the guest's p50 and p99 (nearest rank,
#   x(ceil(n q))); then the
#   median over rounds of those, of p50 - null's p50 and of the ratio
#   new p50 / old p50, each with the same order-statistic interval over
#   rounds. The expiries of one window are not independent draws (the
#   host's load drifts between windows), so no interval is taken over
#   the pooled expiries: rounds are the unit, as in the spin loss.
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

# hist_p - the q-quantile (0.5 or 0.99) of build b's durations in round r
function hist_p(b, r, q)
{
	return q == 0.5 ? cb50[b, r] : cb99[b, r]
}

# cb_rounds - fills v[] with kind k ("p50", "p99", "minus", "ratio") of
# build b per round (against b2 for minus and ratio); returns n
function cb_rounds(k, b, b2,    r, n)
{
	n = 0
	for (r = 0; r <= cbmaxr; r++) {
		if (!((b, r) in cb50) || (b2 != "" && !((b2, r) in cb50)))
			continue
		if (k == "p50")
			v[++n] = hist_p(b, r, 0.5)
		else if (k == "p99")
			v[++n] = hist_p(b, r, 0.99)
		else if (k == "minus")
			v[++n] = hist_p(b, r, 0.5) - hist_p(b2, r, 0.5)
		else if (hist_p(b2, r, 0.5) > 0)
			v[++n] = hist_p(b, r, 0.5) / hist_p(b2, r, 0.5)
	}
	return n
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
	b = $2; r = $3
	if (!(b in cbseen)) {
		cbseen[b] = 1
		cbuilds[++ncb] = b
	}
	if (r > cbmaxr)
		cbmaxr = r
	cb50[b, r] = $5
	cb99[b, r] = $7
	cball[b] += $4
}
$1 == "cbinfo" {
	cbinfo[++ncbinfo] = $0
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
		else if (k == "ratio") {
			if (l2 > 0)
				v[++n] = l1 / l2
		}
		else if (smp[p, c, r] > 0)	# per interrupt, ns
			v[++n] = (l1 - l2) / smp[p, c, r] * 1e9
	}
	return n
}

# pair_rounds - when configurations c and c2 both ran at period p, fills
# v[] with per_round(k, p, c, c2) and sets m, lo, hi, ci_txt, decided
# over them (med_ci); returns their n, or -1 when either did not run
function pair_rounds(k, p, c, c2,    n)
{
	if (!((p, c) in seen) || !((p, c2) in seen))
		return -1
	n = per_round(k, p, c, c2)
	med_ci(v, n)
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
			if (c !~ /^(new|old)-/ || (n = pair_rounds("excess", p, c, "null")) <= 0)
				continue
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
			if ((n = pair_rounds("diff", p, "new-" src, "old-" src)) <= 0)
				continue
			d_m = m; d_lo = lo; d_hi = hi; d_txt = ci_txt
			d_verdict = verdict("new cheaper", "new costlier")
			pair_rounds("excess", p, "new-" src, "old-" src)
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
			if ((n = pair_rounds("diff", p, "new-none", "timerlat")) < 0)
				continue
			printf "| %s | %d | %s | %s .. %s | %s | %s |\n", p, n, pct(m), pct(lo), pct(hi), ci_txt,
				verdict("met", "not met")
		}
		print ""
		print "Issue 15's targets: new-none's loss at most half of timerlat's at 100 us, and not above it at 1000 us. Per round new-none's loss / timerlat's (rounds where timerlat lost something); median, 95 % CI of the median."
		print ""
		print "| period us | n | loss new-none / timerlat (median) | 95 % CI | CI order statistics, coverage | target | verdict |"
		print "| --- | --- | --- | --- | --- | --- | --- |"
		for (i = 1; i <= np; i++) {
			p = periods[i]
			if ((n = pair_rounds("ratio", p, "new-none", "timerlat")) <= 0)
				continue
			t = p + 0 <= 100 ? 0.5 : 1
			# (parenthesised: a bare > in printf's arguments redirects)
			txt = !decided ? "undecided: too few rounds" : (hi <= t ? "met" : (lo > t ? "not met" : "undecided: CI spans " t))
			printf "| %s | %d | %.3f | %.3f .. %.3f | %s | <= %s | %s |\n", p, n, m, lo, hi, ci_txt, t, txt
		}
		print "==== end"
	}

	if ("new-thread" in cseen || "new-user" in cseen) {
		print "==== lean stages: " head
		print "What each wake-up stage adds to the IRQ stage (new-thread or new-user minus new-none, per round, percentage points), and each stage's loss over the tool that measures the same wake-up (per round ratio: new-thread / timerlat, which always pays its thread; new-user / cyclictest); median, 95 % CI of the median."
		print ""
		print "| stage | period us | n | loss over new-none (median) | 95 % CI | against | n | loss ratio (median) | 95 % CI | CI order statistics, coverage |"
		print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		for (i = 1; i <= np; i++)
			for (s = 1; s <= 2; s++) {
				p = periods[i]
				c = s == 1 ? "new-thread" : "new-user"
				ref = s == 1 ? "timerlat" : "cyclictest"
				if ((n = pair_rounds("diff", p, c, "new-none")) < 0)
					continue
				d_txt = sprintf("%s | %s .. %s", pct(m), pct(lo), pct(hi))
				d_ci = ci_txt
				r_txt = "- | - | - | -"
				if ((n2 = pair_rounds("ratio", p, c, ref)) > 0) {
					r_txt = sprintf("%s | %d | %.3f | %.3f .. %.3f", ref, n2, m, lo, hi)
					d_ci = ci_txt
				}
				printf "| %s | %s | %d | %s | %s | %s |\n", c, p, n, d_txt, r_txt, d_ci
			}
		print "==== end"
	}

	if (ncb > 0) {
		print "==== lean callback cost (ftrace): " head
		print "timer:hrtimer_expire_entry to _exit of the build's own hrtimer on cpu" meta["cpu"] " at 100 us, trace_clock x86-tsc converted to ns by the entries' CLOCK_MONOTONIC now; includes the trace events' own cost (the null row is the floor). Per trace round p50/p99 (nearest rank); medians over rounds with 95 % order-statistic CIs over rounds."
		print ""
		print "| build | rounds | paired expiries | p50 ns (median of rounds) | 95 % CI | p99 ns (median of rounds) | 95 % CI | p50 - null's p50 ns | 95 % CI | CI order statistics, coverage |"
		print "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
		for (i = 1; i <= ncb; i++) {
			b = cbuilds[i]
			n = cb_rounds("p50", b)
			med_ci(v, n)
			c50 = sprintf("%.0f | %.0f .. %.0f", m, lo, hi)
			txt = ci_txt
			cb_rounds("p99", b)
			med_ci(v, n)
			c99 = sprintf("%.0f | %.0f .. %.0f", m, lo, hi)
			cmin = "- | -"
			if (b != "null" && ("null" in cbseen)) {
				n2 = cb_rounds("minus", b, "null")
				med_ci(v, n2)
				cmin = sprintf("%.0f | %.0f .. %.0f", m, lo, hi)
			}
			printf "| %s | %d | %d | %s | %s | %s | %s |\n", b, n, cball[b], c50, c99, cmin, txt
		}
		print ""
		print "| p50 ratio | rounds | median | 95 % CI | CI order statistics, coverage | verdict |"
		print "| --- | --- | --- | --- | --- | --- |"
		for (s = 1; s <= 2; s++) {
			src = s == 1 ? "none" : "sim"
			nb = "new-" src; ob = "old-" src
			if (!(nb in cbseen) || !(ob in cbseen))
				continue
			n = cb_rounds("ratio", nb, ob)
			med_ci(v, n)
			printf "| %s / %s | %d | %.3f | %.3f .. %.3f | %s | %s |\n", nb, ob, n, m, lo, hi, ci_txt,
				(!decided ? "undecided: too few rounds" : (hi < 1 ? "new faster" : (lo > 1 ? "new slower" : "undecided: CI spans 1")))
		}
		print ""
		for (i = 1; i <= ncbinfo; i++)
			print cbinfo[i]
		print "==== end"
	}

	print "==== lean commands: " head
	for (i = 1; i <= ncmd; i++)
		print cmds[i]
	print "==== end"
}
