# SPDX-License-Identifier: GPL-2.0
#
# Validate one vmlat histogram file (hist, steal or residual) against the
# v1 format of docs/abi.md: the four header lines, bucket rows
# "lower upper count" in ascending order with the bounds of the log-linear
# rule, a count column that sums to samples, and min/max/sum that agree
# with the rows. Variables: want_hist (lateness|steal|residual), want_cpu
# (N or all), want_period (optional). Prints "# why" lines and exits 1 on
# the first problems found; on success prints one line
# "samples=N missed=N elapsed_ns=N min=N max=N sum=N rows=N period_us=N".
# busybox awk, mawk and gawk all run it; numbers stay below 2^53 except
# the top bound, which is compared as a string.
#
# Its buckets() is the one bucket layout outside C (abi/vmlat_hist.[ch]):
# -v dump_buckets=1 prints "index lower upper" for every bucket and reads
# no file. tests/reader/mkfixture.py and check.py take their bounds from
# that table, and tests/unit/test_bucket_ref.c checks it, under each awk
# the host has, against vmlat_hist_lower() and vmlat_hist_upper().

function bad(why)
{
	print "# " FILENAME ":" FNR ": " why
	errors++
}

function digits(s)
{
	return s ~ /^[0-9]+$/
}

# value - the decimal value of token "key=value" in field f, or -1
function value(f, key,    v)
{
	if (index(f, key "=") != 1)
		return -1
	v = substr(f, length(key) + 2)
	if (!digits(v))
		return -1
	return v
}

# buckets - the 529 buckets: 0..15 exact, then 16 per power of two from
# 2^4 to 2^36, then the top bucket from 2^36 ns; sets lower[i], upper[i]
# (numbers, the top's a stand-in), up_s[i] (decimal strings, the top's
# U64_MAX), index_of[lower as a string]; returns the top bucket's index
function buckets(    i, s, w, lo_s)
{
	for (i = 0; i < 16; i++) {
		lower[i] = i
		upper[i] = i
	}
	# no ^ operator: busybox awk may be built without maths
	w = 1
	for (i = 16; i < 529; i++) {
		s = (i - 16) % 16
		if (i > 16 && s == 0)
			w *= 2
		lower[i] = (16 + s) * w
		upper[i] = lower[i] + w - 1
	}
	for (i = 0; i < 529; i++) {
		lo_s = sprintf("%.0f", lower[i])
		index_of[lo_s] = i
		up_s[i] = sprintf("%.0f", upper[i])
	}
	up_s[528] = "18446744073709551615"
	return 528
}

BEGIN {
	top = buckets()
	if (dump_buckets) {
		for (i = 0; i <= top; i++)
			printf "%d %.0f %s\n", i, lower[i], up_s[i]
		exit 0
	}
	errors = 0
	rows = 0
	last = -1
	count_sum = 0
}

FNR == 1 {
	if ($1 != "#" || $2 != "vmlat-hist" || $3 != "v1")
		bad("line 1 is not '# vmlat-hist v1 ...': " $0)
	if ($4 != "hist=" want_hist)
		bad("line 1 names " $4 ", wanted hist=" want_hist)
	if ($5 != "cpu=" want_cpu)
		bad("line 1 names " $5 ", wanted cpu=" want_cpu)
	next
}

FNR == 2 {
	if ($1 != "#" || $2 != "unit=ns")
		bad("line 2 does not start '# unit=ns': " $0)
	period = value($3, "period_us")
	elapsed = value($4, "elapsed_ns")
	if (period < 0)
		bad("line 2 field 3 is not period_us=N: " $3)
	else if (want_period != "" && period != want_period)
		bad("period_us=" period ", wanted " want_period)
	if (elapsed < 0)
		bad("line 2 field 4 is not elapsed_ns=N: " $4)
	next
}

FNR == 3 {
	if ($1 != "#")
		bad("line 3 is not a header: " $0)
	samples = value($2, "samples")
	missed = value($3, "missed")
	min = value($4, "min")
	max = value($5, "max")
	sum = value($6, "sum")
	if (samples < 0 || missed < 0 || min < 0 || max < 0 || sum < 0)
		bad("line 3 is not '# samples=N missed=N min=N max=N sum=N': " $0)
	next
}

FNR == 4 {
	if ($0 != "# lower_ns upper_ns count")
		bad("line 4 is not '# lower_ns upper_ns count': " $0)
	next
}

/^#/ {
	next
}

{
	rows++
	if (NF != 3 || !digits($1) || !digits($2) || !digits($3)) {
		bad("not a 'lower upper count' row: " $0)
		next
	}
	if (!($1 in index_of)) {
		bad("lower bound " $1 " is no bucket's lower bound")
		next
	}
	i = index_of[$1]
	if ($2 != up_s[i])
		bad("bucket " $1 ": upper bound " $2 ", wanted " up_s[i])
	if (i <= last)
		bad("bucket " $1 " is not after the previous row")
	if ($3 + 0 == 0)
		bad("bucket " $1 " is printed with count 0")
	if (rows == 1)
		first = i
	last = i
	count_sum += $3
}

END {
	if (dump_buckets)
		exit 0
	if (FNR < 4)
		bad("only " FNR " lines, a header has 4")
	if (errors == 0) {
		if (count_sum != samples)
			bad("counts sum to " count_sum ", samples=" samples)
		if (samples == 0 && (min != 0 || max != 0 || sum != 0 || rows != 0))
			bad("samples=0 but min=" min " max=" max " sum=" sum " rows=" rows)
		if (samples > 0 && rows > 0) {
			if (min + 0 > max + 0)
				bad("min " min " > max " max)
			if (min + 0 < lower[first] || min + 0 > upper[first])
				bad("min " min " is not in the first bucket " lower[first] ".." upper[first])
			if (max + 0 < lower[last] || (last < top && max + 0 > upper[last]))
				bad("max " max " is not in the last bucket " lower[last] ".." up_s[last])
			# doubles: allow for rounding on large sums
			if (sum + 0 < min * samples * 0.999999 || sum + 0 > max * samples * 1.000001)
				bad("sum " sum " outside samples*min..samples*max")
		}
	}
	if (errors > 0)
		exit 1
	printf "samples=%s missed=%s elapsed_ns=%s min=%s max=%s sum=%s rows=%s period_us=%s\n", \
		samples, missed, elapsed, min, max, sum, rows, period
}
