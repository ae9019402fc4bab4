#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host tests of the vmlat reader (userspace/vmlat) against fixture trees in
# the formats of docs/abi.md: every command and output format, every error
# case (exit code, one line on stderr, nothing on stdout), the build, the
# man page and checkpatch. Prints kselftest-style TAP; exits 1 on failure.
# Needs root only to install missing tools with apt-get.

set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
FX=$HERE/fixtures
PY=/usr/bin/python3
T=$(mktemp -d /tmp/vmlat-reader-test.XXXXXX)
chmod 0755 "$T"
trap 'rm -rf "$T"' EXIT

. "$TOP/tests/lib/tap.sh"
tap_header "the vmlat reader against fixtures"

diag() { sed 's/^/# /' "$@" | head -n 20; }

# t DESC CMD...: the command's exit status decides; its output becomes
# diagnostics when it fails.
t() {
	local desc=$1
	shift
	if "$@" >"$T/t.log" 2>&1; then
		tap_pass "$desc"
	else
		tap_fail "$desc"
		diag "$T/t.log"
	fi
}

# want_fail DESC EXIT PATTERN CMD...: CMD must exit EXIT with exactly one
# line on stderr matching PATTERN and nothing on stdout.
want_fail() {
	local desc=$1 code=$2 pat=$3 rc
	shift 3
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq "$code" ] && [ ! -s "$T/out" ] &&
	   [ "$(wc -l <"$T/err")" -eq 1 ] && grep -Eq -- "$pat" "$T/err"; then
		tap_pass "$desc"
	else
		tap_fail "$desc"
		echo "# exit $rc (want $code), stdout $(wc -c <"$T/out") bytes, stderr:"
		diag "$T/err"
	fi
}

# need TOOL PACKAGE: install PACKAGE with apt-get when TOOL is missing
need() {
	command -v "$1" >/dev/null 2>&1 && return 0
	apt-get install -y "$2" >/dev/null 2>&1 ||
		{ apt-get update >/dev/null 2>&1 &&
		  apt-get install -y "$2" >/dev/null 2>&1; }
	command -v "$1" >/dev/null 2>&1
}

need_py_prom() {
	$PY -c 'import prometheus_client' 2>/dev/null && return 0
	need python3-prometheus-client-is-a-module python3-prometheus-client
	$PY -c 'import prometheus_client' 2>/dev/null
}

HAVE_JQ=0; need jq jq && HAVE_JQ=1
HAVE_PROMTOOL=0; need promtool prometheus && HAVE_PROMTOOL=1
HAVE_PYPROM=0; need_py_prom && HAVE_PYPROM=1
HAVE_XMLLINT=0; need xmllint libxml2-utils && HAVE_XMLLINT=1
HAVE_RSVG=0; need rsvg-convert librsvg2-bin && HAVE_RSVG=1
HAVE_GROFF=0; need groff groff && HAVE_GROFF=1

# --- build -----------------------------------------------------------------
# the reader is built one way, by userspace/Makefile: here in a private
# copy of the tree (tests/lib/host.sh), to test the Makefile itself
top=$TOP
. "$TOP/tests/lib/host.sh"
copy_tree "$T/src"
rm -f "$T/src/userspace"/*.o "$T/src/userspace/vmlat"

build_clean() {
	make -C "$T/src/userspace" CFLAGS="-O2 -Wall -Wextra" >"$T/build.log" 2>&1 &&
		! grep -Ei 'warning|error' "$T/build.log"
}
t "build with -Wall -Wextra -O2 is warning-free" build_clean

build_static() {
	make -C "$T/src/userspace" clean >/dev/null &&
		make -C "$T/src/userspace" LDFLAGS=-static >/dev/null 2>&1 &&
		is_static "$T/src/userspace/vmlat"
}
t "static build (LDFLAGS=-static) links statically" build_static

install_check() {
	make -C "$T/src/userspace" install DESTDIR="$T/inst" PREFIX=/usr/local \
		>/dev/null &&
		[ -x "$T/inst/usr/local/sbin/vmlat" ] &&
		[ -f "$T/inst/usr/local/share/man/man8/vmlat.8" ] &&
		"$T/inst/usr/local/sbin/vmlat" --version | grep -q 'vmlat reader'
}
t "make install DESTDIR= PREFIX= installs the binary and the man page" install_check

clean_check() {
	make -C "$T/src/userspace" clean >/dev/null &&
		[ ! -e "$T/src/userspace/vmlat" ] &&
		! ls "$T/src/userspace"/*.o >/dev/null 2>&1
}
t "make clean removes the binary and objects" clean_check

make -C "$TOP/userspace" >"$T/main-build.log" 2>&1
VMLAT=$TOP/userspace/vmlat
if [ ! -x "$VMLAT" ]; then
	tap_fail "userspace/vmlat builds"
	diag "$T/main-build.log"
	tap_finish --total
fi

unit_tests() {
	gcc -O2 -Wall -Wextra -I"$TOP/userspace" -I"$TOP/abi" -I"$TOP/tests/unit" -o "$T/test_unit" \
		"$HERE/test_unit.c" "$TOP/userspace/vmlat_stats.c" \
		"$TOP/userspace/vmlat_parse.c" "$TOP/userspace/vmlat_json.c" \
		"$TOP/userspace/vmlat_merge.c" "$TOP"/abi/*.c &&
		"$T/test_unit" >"$T/unit.log"
	local rc=$?
	grep -E '^# [0-9]+ passed' "$T/unit.log"
	grep '^not ok' "$T/unit.log"
	return $rc
}
if unit_tests >"$T/t.log" 2>&1; then
	tap_pass "host unit tests of buckets, percentiles, deltas, parsers, JSON ($(grep -Eo '[0-9]+ passed' "$T/t.log"))"
else
	tap_fail "host unit tests of buckets, percentiles, deltas, parsers, JSON"
	diag "$T/t.log"
fi

# checkpatch.pl the one way the tree runs it (tests/checkpatch.sh)
checkpatch() {
	(cd "$TOP" && tests/checkpatch.sh userspace/*.[ch] tests/reader/test_unit.c)
}
t "checkpatch.pl --no-tree -f is clean on every reader source and test_unit.c" checkpatch

man_check() {
	[ -f "$TOP/docs/vmlat.8" ] || return 1
	groff -man -Tutf8 -ww -z "$TOP/docs/vmlat.8" 2>"$T/groff.log" &&
		[ ! -s "$T/groff.log" ] || { cat "$T/groff.log"; return 1; }
	groff -man -Tascii "$TOP/docs/vmlat.8" 2>/dev/null |
		sed 's/.\x08//g' | tr -s ' ' >"$T/man.txt"
	local c
	for c in PERCENTILES hist summary run watch record plot enable disable \
		 reset set --json --csv --prom --per-cpu --root --params \
		 --with-zeros --no-header --no-summary --unit 1/16 \
		 'RECORDING FORMAT' 'EXIT STATUS' 'modprobe vmlat' \
		 'mount -t debugfs' 'run as root' wait --prio --enable \
		 --record 'vmlat-wait v1' thread_irq user_return ENODEV ENXIO \
		 ECANCELED EBUSY EINTR EINVAL vmlat_stage_ culprit 'trace-cmd report'; do
		grep -q -- "$c" "$T/man.txt" || { echo "man page lacks $c"; return 1; }
	done
}
if [ "$HAVE_GROFF" = 1 ]; then
	t "man page renders without groff warnings and covers every command" man_check
else
	tap_skip "man page renders" "groff missing"
fi

# --- fixtures --------------------------------------------------------------
# sys DIR: the fake system of a fixture, as --root and --params options
sys() { echo "--root $1/debugfs/vmlat --params $1/module/vmlat/parameters"; }
N2=$FX/none2
K4=$FX/kvm4
R2=$N2/debugfs/vmlat
R4=$K4/debugfs/vmlat
v() { "$VMLAT" "$@"; }

fixtures_valid() {
	local f sum samples
	for f in $(find "$FX/none2" "$FX/kvm4" "$FX/stage2" "$FX/thread2" -path '*/debugfs/*' -type f ! -name summary ! -name steal_source ! -name causes); do
		samples=$(sed -n 's/.*samples=\([0-9]*\).*/\1/p' "$f")
		sum=$(awk '!/^#/ { s += $3 } END { print s + 0 }' "$f")
		[ "$samples" = "$sum" ] || { echo "$f: $sum != $samples"; return 1; }
	done
}
t "valid fixtures: every count column sums to samples" fixtures_valid

gen_fixtures() {
	"$PY" "$HERE/mkfixture.py" "$T/fx" cpu64 &&
		"$PY" "$HERE/mkfixture.py" "$T/fx" watch &&
		[ "$(ls "$T/fx/cpu64/debugfs/vmlat/per_cpu" | wc -l)" -eq 64 ]
}
t "mkfixture.py generates the 64-CPU and watch fixtures" gen_fixtures
C64=$T/fx/cpu64

# the committed trees are mkfixture.py's "all" and "variants", byte for byte
fixtures_regenerate() {
	"$PY" "$HERE/mkfixture.py" "$T/regen" all &&
		"$PY" "$HERE/mkfixture.py" "$T/regen" variants &&
		{ diff -r "$FX" "$T/regen" >"$T/regen.diff" ||
		  { head -n 20 "$T/regen.diff"; return 1; }; }
}
t "committed fixtures are what mkfixture.py all and variants write" fixtures_regenerate

# --- hist table ------------------------------------------------------------
hist_table() {
	v hist $(sys "$N2") >"$T/h" || return 1
	head -4 "$T/h" | grep -q '^Index *CPU-000 *CPU-001 *all$' || return 1
	# the all column of the bucket rows sums to samples of the merged file
	local want got
	want=$(sed -n 's/.*samples=\([0-9]*\).*/\1/p' "$R2/hist")
	got=$(awk '/^[0-9]/ { s += $NF } END { print s }' "$T/h")
	[ "$got" = "$want" ] || { echo "rows sum $got, want $want"; return 1; }
	grep -Eq "^count: +2000 +2000 +$want\$" "$T/h" &&
		grep -q '^p99.99:' "$T/h" && grep -q '^max:' "$T/h"
}
t "hist: rtla-like table, a column per CPU and all, rows sum to samples" hist_table

hist_default_cmd() {
	v $(sys "$N2") >"$T/a" && v hist $(sys "$N2") >"$T/b" && cmp "$T/a" "$T/b"
}
t "vmlat with no command is vmlat hist" hist_default_cmd

hist_options() {
	v hist --no-header $(sys "$N2") >"$T/h1" &&
		! grep -q '^#' "$T/h1" && ! grep -q '^Index' "$T/h1" &&
		grep -q '^count:' "$T/h1" || { echo no-header; return 1; }
	v hist --no-summary $(sys "$N2") >"$T/h2" &&
		! grep -Eq '^(count|min|max|p99):' "$T/h2" &&
		grep -q '^Index' "$T/h2" || { echo no-summary; return 1; }
	v hist --with-zeros --no-header --no-summary $(sys "$N2") >"$T/h3" &&
		v hist --no-header --no-summary $(sys "$N2") >"$T/h4" || return 1
	[ "$(wc -l <"$T/h3")" -gt "$(wc -l <"$T/h4")" ] &&
		grep -Eq '^[0-9.]+ +0 +0 +0$' "$T/h3" || { echo with-zeros; return 1; }
}
t "hist: --no-header, --no-summary, --with-zeros" hist_options

hist_cpus_units() {
	v hist --cpus 1 --unit ns $(sys "$N2") >"$T/h" || return 1
	grep -q '^Index *CPU-001 *all$' "$T/h" && ! grep -q CPU-000 "$T/h" &&
		grep -Eq '^count: +2000 +2000$' "$T/h" || { echo cpus; return 1; }
	local first
	first=$(awk '!/^#/ { print $1; exit }' "$R2/per_cpu/cpu1/hist")
	[ "$(awk '/^[0-9]/ { print $1; exit }' "$T/h")" = "$first" ] ||
		{ echo "unit ns: first index != $first"; return 1; }
	v hist --unit ms $(sys "$N2") | grep -Eq '^max: +[0-9]+\.[0-9]{6} ' ||
		{ echo "unit ms"; return 1; }
	v hist --unit us $(sys "$N2") | grep -Eq '^min: +[0-9]+\.[0-9]{3} '
}
t "hist: --cpus LIST filters columns, --unit ns|us|ms" hist_cpus_units

hist_kinds() {
	v hist --hist steal $(sys "$N2") >"$T/h" &&
		grep -q 'steal is unknown' "$T/h" &&
		grep -Eq '^count: +0$' "$T/h" || { echo steal-none; return 1; }
	v hist --hist residual $(sys "$K4") >"$T/h" &&
		grep -q 'residual lateness' "$T/h" || return 1
	local want
	want=$(sed -n 's/.*samples=\([0-9]*\).*/\1/p' "$R4/residual")
	grep -Eq "^count: .* $want\$" "$T/h"
}
t "hist: --hist steal (none: unknown) and --hist residual" hist_kinds

hist_zero_cpu() {
	v hist $(sys "$K4") | grep -q CPU-003 && return 1
	v hist --with-zeros $(sys "$K4") | grep -q CPU-003
}
t "hist: a CPU without samples is hidden unless --with-zeros" hist_zero_cpu

# --- summary ---------------------------------------------------------------
summary_table() {
	v summary $(sys "$K4") >"$T/s" || return 1
	grep -q 'at most 1/16' "$T/s" &&
		grep -Eq '^CPU +samples +missed +min +p50 +p90 +p99 +p99\.9 +p99\.99 +max +max_at_s +source +steal +steal_ms/s +stolen +unrep +guest +undet +self_avg +self_max +sampled_s$' "$T/s" || return 1
	[ "$(grep -Ec '^([0-9]+|all) ' "$T/s")" -eq 5 ] || return 1
	grep -Eq '^0 +2000 +236 .* kvm .* 209\.099 +93\.69% +3\.48% +0\.95% +1\.86% ' "$T/s" &&
		grep -Eq '^3 +0 +0 +- ' "$T/s" &&
		grep -Eq '^all +6000 +799 .* 221\.888 +95\.23% +2\.38% +1\.29% +1\.08% ' "$T/s"
}
t "summary: per-CPU and all rows with percentiles, steal, shares, causes, probe cost" summary_table

summary_none() {
	v summary $(sys "$N2") >"$T/s" &&
		grep -Eq '^0 .* none +- +- +- ' "$T/s"
}
t "summary: steal shown as unknown (-) with source none" summary_none

summary_cpus() {
	v summary --cpus 0,2 --unit ns $(sys "$K4") >"$T/s" || return 1
	[ "$(grep -Ec '^([0-9]+|all) ' "$T/s")" -eq 3 ] &&
		grep -Eq '^all +4000 +492 ' "$T/s"
}
t "summary: --cpus recomputes all over the selected CPUs" summary_cpus

# --cpus naming every CPU must give the module's own cpu=all line: sums,
# averages and ratios merged from the raw sums, exactly, by its rules
summary_merge_exact() {
	local fx n
	for fx in "$K4" "$N2" "$C64" "$FX/stage2" "$FX/thread2"; do
		n=$(ls "$fx/debugfs/vmlat/per_cpu" | wc -l)
		v summary --csv --no-header $(sys "$fx") >"$T/m1" &&
			v summary --csv --no-header --cpus "0-$((n - 1))" \
				$(sys "$fx") >"$T/m2" || return 1
		tail -n 1 "$T/m1" >"$T/m1.all"
		tail -n 1 "$T/m2" >"$T/m2.all"
		[ -s "$T/m1.all" ] && cmp "$T/m1.all" "$T/m2.all" ||
			{ diff "$T/m1.all" "$T/m2.all"; return 1; }
	done
}
t "summary: --cpus of every CPU reproduces the module's cpu=all line exactly" summary_merge_exact

# the kernel's cpulist grammar: a-b:u/g takes u of every g from a, not 0
cpus_grouped() {
	v hist --cpus 1-3:1/2 $(sys "$K4") >"$T/h" &&
		grep -q '^Index *CPU-001 *CPU-003 *all$' "$T/h" || return 1
	v summary --cpus 1-3:1/2 $(sys "$K4") >"$T/s" &&
		[ "$(grep -Ec '^([0-9]+|all) ' "$T/s")" -eq 3 ] &&
		grep -Eq '^1 ' "$T/s" && grep -Eq '^3 ' "$T/s" && ! grep -Eq '^2 ' "$T/s"
}
t "--cpus 1-3:1/2 selects CPUs 1 and 3, as the kernel's cpulist does" cpus_grouped

# --- machine-readable formats ----------------------------------------------
json_checks() {
	local fx=$1 root=$1/debugfs/vmlat
	v hist --json $(sys "$fx") | "$PY" "$HERE/check.py" hist-json "$root" lateness &&
		v hist --json --hist steal $(sys "$fx") | "$PY" "$HERE/check.py" hist-json "$root" steal &&
		v hist --json --hist residual $(sys "$fx") | "$PY" "$HERE/check.py" hist-json "$root" residual &&
		v summary --json $(sys "$fx") | "$PY" "$HERE/check.py" summary-json "$root"
}
t "hist/summary --json match the files, checked by python3 json (none2)" json_checks "$N2"
t "hist/summary --json match the files, checked by python3 json (kvm4)" json_checks "$K4"
if [ "$HAVE_JQ" = 1 ]; then
	jq_check() {
		[ "$(v summary --json $(sys "$K4") | jq -r '.cpus[-1].cpu + " " + (.cpus[-1].samples|tostring)')" = "all 6000" ] &&
			[ "$(v hist --json $(sys "$N2") | jq '[.cpus[-1].buckets[][2]] | add')" = 4000 ] &&
			[ "$(v summary --json $(sys "$N2") | jq '.cpus[0].steal_ms_per_s')" = null ]
	}
	t "JSON parses with jq: all row, bucket sum, null steal without source" jq_check
else
	tap_skip "JSON parses with jq" "jq not installable"
fi

csv_checks() {
	v hist --csv $(sys "$K4") | "$PY" "$HERE/check.py" hist-csv "$R4" lateness &&
		v hist --csv --hist steal $(sys "$K4") | "$PY" "$HERE/check.py" hist-csv "$R4" steal &&
		v summary --csv $(sys "$K4") | "$PY" "$HERE/check.py" summary-csv "$R4" &&
		v summary --csv $(sys "$N2") | "$PY" "$HERE/check.py" summary-csv "$R2" &&
		[ "$(v summary --csv --no-header $(sys "$N2") | wc -l)" -eq 3 ]
}
t "hist/summary --csv match the files, checked by python3 csv" csv_checks

prom_case() {
	local cmd=$1 fx=$2 mode=$3 flag=
	[ "$mode" = per-cpu ] && flag=--per-cpu
	v "$cmd" --prom $flag $(sys "$fx") >"$T/p.prom" || return 1
	if [ "$HAVE_PROMTOOL" = 1 ]; then
		promtool check metrics <"$T/p.prom" || return 1
	fi
	if [ "$HAVE_PYPROM" = 1 ]; then
		"$PY" "$HERE/check.py" "$cmd-prom" "$fx/debugfs/vmlat" "$mode" \
			<"$T/p.prom" || return 1
	fi
}
if [ "$HAVE_PROMTOOL" = 1 ] && [ "$HAVE_PYPROM" = 1 ]; then
	for c in hist summary; do
		for f in none2 kvm4; do
			for m in agg per-cpu; do
				if [ "$c" = hist ]; then
					what="exact cumulative buckets, _sum, _count"
				else
					what="counters and gauges match the summary file"
				fi
				t "$c --prom ($f, $m): promtool check metrics, prometheus_client parse, $what" \
					prom_case "$c" "$FX/$f" "$m"
			done
		done
	done
	prom_le() {
		local n
		n=$(v hist --prom --hist lateness $(sys "$K4") | grep -c '^vmlat_lateness_seconds_bucket')
		[ "$n" -le 31 ] && [ "$n" -ge 10 ] &&
			v hist --prom $(sys "$N2") | grep -q '^vmlat_lateness_seconds_bucket{le="+Inf"} 4000$' &&
			! v hist --prom $(sys "$N2") | grep -q vmlat_steal_seconds
	}
	t "--prom: at most 30 le boundaries plus +Inf; steal left out when unknown" prom_le
else
	tap_skip "--prom checks" "promtool or python3-prometheus-client not installable"
fi

# --- run, watch, record ----------------------------------------------------
fake_params() {
	rm -rf "$T/sys"
	cp -r "$1" "$T/sys"
}

run_check() {
	fake_params "$K4"
	v run -d 0.2 $(sys "$T/sys") >"$T/r" || return 1
	[ "$(cat "$T/sys/module/vmlat/parameters/reset")" = 1 ] &&
		[ "$(cat "$T/sys/module/vmlat/parameters/enabled")" = 1 ] &&
		grep -q '^# vmlat summary' "$T/r" &&
		grep -q '^# vmlat timer lateness histogram' "$T/r" &&
		grep -Eq '^all +6000 ' "$T/r" && grep -q '^count:' "$T/r"
}
t "run -d: writes reset=1 and enabled=1, prints summary and histogram" run_check

watch_static() {
	v watch -i 0.1 -n 2 $(sys "$N2") >"$T/w" || return 1
	[ "$(grep -Ec '^ +[0-9.]+ +([0-9]+|all) +0 +- +- ' "$T/w")" -eq 6 ] &&
		grep -q 'steal_ms/s' "$T/w"
}
t "watch -n 2: two intervals, a row per CPU and all, empty when nothing moved" watch_static

# swapped LINK A B CMD...: run CMD while $T/LINK points at fixture A
# first and at B from half a second on (an atomic rename); CMD's exit
# status, once the swap is done
swapped() {
	local rc

	ln -sfn "$T/fx/$2" "$T/$1"
	(sleep 0.5; ln -sfn "$T/fx/$3" "$T/$1.new" &&
		mv -T "$T/$1.new" "$T/$1") &
	shift 3
	"$@"
	rc=$?
	wait
	return $rc
}

# the watch fixtures: watch_b = watch_a + 501 samples on cpu0 (new max
# 7777777 ns, 2 ms steal, 7 missed; residual 1624750 ns unreported,
# 5777777 guest) and 300 samples of 20000 ns on cpu1 (undetermined)
watch_delta() {
	swapped wlink watch_a watch_b \
		v watch -i 1 -n 1 --unit us $(sys "$T/wlink") >"$T/w" &&
		grep -Eq '^ +time_s +CPU +samples +p99 +max +steal_ms/s +unrep_ms/s +guest_ms/s +undet_ms/s +missed$' "$T/w" &&
		grep -Eq '^ +1\.000 +0 +501 +[0-9.]+ +7777\.777 +2\.000 +1\.62[45] +5\.778 +0\.000 +7$' "$T/w" &&
		grep -Eq '^ +1\.000 +1 +300 +20\.479 +~20\.479 +0\.000 +0\.000 +0\.000 +6\.000 +0$' "$T/w" &&
		grep -Eq '^ +1\.000 +all +801 ' "$T/w" || { cat "$T/w"; return 1; }
}
t "watch: interval deltas, exact new max, bucket-bound max (~), steal ms/s, residual by cause, missed" watch_delta

record_check() {
	swapped wlink watch_a watch_b \
		v record -d 2 -i 1 -o "$T/rec.json" $(sys "$T/wlink") &&
		[ ! -e "$T/rec.json.tmp" ] || return 1
	"$PY" - "$T/rec.json" <<-'PYEOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert d['schema'] == 'vmlat-record v1', d['schema']
	assert len(d['intervals']) == 2
	c0 = d['intervals'][0]['cpus'][0]
	assert c0['cpu'] == 0 and c0['samples'] == 501 and c0['max_ns'] == 7777777
	assert c0['max_exact'] is True and c0['steal_ms_per_s'] == 2.0
	c1 = d['intervals'][0]['cpus'][1]
	assert c1['max_exact'] is False and c1['max_ns'] == 20479
	assert c0['residual_max_ns'] == 5777777, c0['residual_max_ns']
	assert c1['residual_max_ns'] == 20479, c1['residual_max_ns']
	assert (c0['unreported_ns'], c0['guest_ns'], c0['undetermined_ns']) == \
	    (1624750, 5777777, 0), c0
	assert (c1['unreported_ns'], c1['guest_ns'], c1['undetermined_ns']) == \
	    (0, 0, 6000000), c1
	a = d['intervals'][0]['cpus'][2]
	assert (a['unreported_ns'], a['guest_ns'], a['undetermined_ns']) == \
	    (1624750, 5777777, 6000000), a
	assert d['intervals'][1]['cpus'][2]['samples'] == 0
	for k in ('lateness', 'steal', 'residual'):
	    h = d['histograms'][k]
	    assert h[-1]['cpu'] == 'all'
	    for x in h:
	        assert sum(b[2] for b in x['buckets']) == x['samples']
	assert d['summary']['cpus'][-1]['cpu'] == 'all'
	PYEOF
}
t "record: JSON series of the intervals plus final histograms and summary" record_check

svg_check() {
	local svg=$1
	[ "$HAVE_XMLLINT" = 1 ] && { xmllint --noout "$svg" || return 1; }
	! grep -Eq '<script|href=|<image' "$svg" || { echo "not self-contained"; return 1; }
	if [ "$HAVE_RSVG" = 1 ]; then
		rsvg-convert "$svg" -o "$svg.png" &&
			"$PY" "$HERE/check.py" png "$svg.png" || return 1
	fi
}

plot_record() {
	[ -f "$T/rec.json" ] || return 1
	v plot "$T/rec.json" -o "$T/rec.svg" && [ ! -s /dev/null ] &&
		grep -q '<polyline' "$T/rec.svg" && grep -q 'p99.9' "$T/rec.svg" &&
		grep -q 'steal and the residual by cause, ms/s' "$T/rec.svg" &&
		grep -q '>residual, unreported<' "$T/rec.svg" &&
		grep -q '>residual, guest<' "$T/rec.svg" &&
		grep -q '>residual, undetermined<' "$T/rec.svg" &&
		[ "$(grep -c 'stroke-dasharray="6,3"' "$T/rec.svg")" -eq 3 ] &&
		grep -q 'red: stolen, at least' "$T/rec.svg" && svg_check "$T/rec.svg"
}
plot_live() {
	v plot -o "$T/live.svg" $(sys "$K4") &&
		grep -q 'max 10.66 ms' "$T/live.svg" &&
		! grep -q '<polyline' "$T/live.svg" && svg_check "$T/live.svg"
}
if [ "$HAVE_XMLLINT" = 1 ] && [ "$HAVE_RSVG" = 1 ]; then
	t "plot FILE.json: valid SVG (xmllint), renders non-blank (rsvg-convert), has series, the causes' lines" plot_record
	t "plot (live): histogram with percentile markers, valid, renders non-blank" plot_live
else
	tap_skip "plot" "xmllint or rsvg-convert not installable"
fi

# --- knobs -----------------------------------------------------------------
P=$T/sys/module/vmlat/parameters
knobs() {
	fake_params "$N2"
	v disable --params "$P" && [ "$(cat "$P/enabled")" = 0 ] || return 1
	v enable --params "$P" && [ "$(cat "$P/enabled")" = 1 ] || return 1
	echo 0 >"$P/reset"
	v reset --params "$P" && [ "$(cat "$P/reset")" = 1 ] || return 1
	v set period_us=500 cpus=0 stop_tracing_ns=5000000 trace_threshold_ns=100000 \
		--params "$P" || return 1
	[ "$(cat "$P/period_us")" = 500 ] && [ "$(cat "$P/cpus")" = 0 ] &&
		[ "$(cat "$P/stop_tracing_ns")" = 5000000 ] &&
		[ "$(cat "$P/trace_threshold_ns")" = 100000 ]
}
t "enable, disable, reset, set KEY=VALUE... write the parameter files" knobs

version_check() {
	local want
	want=$(sed -n 's/^#define VMLAT_VERSION "\(.*\)"/\1/p' "$TOP/abi/vmlat_version.h")
	fake_params "$N2"
	v --version $(sys "$T/sys") >"$T/v" &&
		grep -qx "vmlat reader $want" "$T/v" &&
		grep -qx "vmlat module 0.1.0" "$T/v" &&
		grep -q "vmlat ABI v1" "$T/v" || return 1
	v --version --root "$T/none" --params "$T/none/p" | grep -q 'module not loaded'
}
t "--version: reader version from vmlat_version.h, module and ABI when loaded" version_check

help_check() {
	v --help >"$T/h" && grep -q '1/16' "$T/h" && grep -q 'exact below 16 ns' "$T/h" &&
		v help | cmp - "$T/h"
}
t "--help states the percentile error bound" help_check

# --- errors: one line on stderr, nothing on stdout ---------------------------
for c in hist summary; do
	want_fail "$c: future v2 ABI refused (exit 1)" 1 'unknown ABI.*v2.*vmlat --version' \
		v $c $(sys "$FX/future_v2")
	want_fail "$c: wrong format name refused (exit 1)" 1 'not a vmlat-hist file' \
		v $c $(sys "$FX/wrong_format")
	want_fail "$c: a row that is no bucket is malformed (exit 1)" 1 'malformed file.*not a vmlat bucket.*modprobe' \
		v $c $(sys "$FX/malformed_bucket")
	want_fail "$c: file cut mid-line is truncated (exit 1)" 1 'truncated file.*cut short' \
		v $c $(sys "$FX/truncated_cut")
done
want_fail "hist: counts summing above samples are malformed" 1 'malformed file.*sum to 4005, samples=4000' \
	v hist $(sys "$FX/malformed_counts")
want_fail "hist: missing rows (counts below samples) are truncated" 1 'truncated file.*sum to 3995, samples=4000' \
	v hist $(sys "$FX/truncated_rows")
want_fail "summary: no cpu=all line is truncated" 1 'summary:[0-9]+: truncated file: no cpu=all' \
	v summary $(sys "$FX/truncated_summary")
want_fail "summary: garbage in a number is malformed" 1 'summary:3: malformed file' \
	v summary $(sys "$FX/malformed_summary")
want_fail "summary: garbage in a number of causes is malformed" 1 'causes:2: malformed file.*guest_ns=x' \
	v summary $(sys "$FX/malformed_causes")
want_fail "watch: malformed file at the first read" 1 'malformed' \
	v watch -n 1 -i 0.1 $(sys "$FX/malformed_bucket")

mkdir -p "$T/nomod" "$T/nodebug/sys/module/vmlat/parameters" "$T/nodebug/kernel/debug"
want_fail "module not loaded: says modprobe vmlat" 1 'module not loaded.*: modprobe vmlat$' \
	v summary --root "$T/nomod/debug/vmlat" --params "$T/nomod/module/vmlat/parameters"
want_fail "debugfs not mounted: says mount -t debugfs" 1 'debugfs not mounted at .*: mount -t debugfs none ' \
	v hist --root "$T/nodebug/kernel/debug/vmlat" --params "$T/nodebug/sys/module/vmlat/parameters"
want_fail "--root pointing nowhere: says check --root" 1 'no such directory: check --root' \
	v hist --root "$T/nowhere"
want_fail "--root at the debugfs mount: holds no vmlat data, names its vmlat directory" 1 \
	"debugfs holds no vmlat data: --root names vmlat's own directory, here --root $K4/debugfs/vmlat\$" \
	v summary --root "$K4/debugfs" --params "$K4/module/vmlat/parameters"
want_fail "--root at a directory without vmlat data: says so and the default" 1 \
	'holds no vmlat data: --root names vmlat.s directory in debugfs \(default /sys/kernel/debug/vmlat\)$' \
	v hist --root "$K4/module"
want_fail "knob with module not loaded: says modprobe vmlat" 1 'modprobe vmlat' \
	v enable --params "$T/nomod/module/vmlat/parameters"

fake_params "$N2"
ln -sf /dev/full "$P/period_us"
want_fail "set: a failing write is reported with the key and value" 1 'cannot write period_us=500.*No space' \
	v set period_us=500 --params "$P"

if command -v setpriv >/dev/null; then
	fake_params "$N2"
	chmod -R go-rwx "$T/sys/debugfs/vmlat"
	chmod 0644 "$P/enabled"
	want_fail "not root (EACCES) reading: says run as root (sudo vmlat ...)" 1 'permission denied: run as root \(sudo vmlat summary' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VMLAT" summary $(sys "$T/sys")
	want_fail "not root (EACCES) writing a knob: says run as root" 1 'permission denied: run as root \(sudo vmlat enable' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VMLAT" enable --params "$P"
else
	tap_skip "not root errors" "setpriv missing"
fi

want_fail "stdout write error (/dev/full) is a runtime error" 1 'cannot write the output' \
	bash -c "\"$VMLAT\" summary $(sys "$N2") >/dev/full"

# usage errors: exit 2
want_fail "usage: unknown option" 2 'unknown option --frobnicate.*--help' v hist --frobnicate
want_fail "usage: unknown command" 2 'unknown command "histogram"' v histogram
want_fail "usage: --unit parsecs" 2 '--unit parsecs: use ns, us or ms' v hist --unit parsecs
want_fail "usage: --hist foo" 2 '--hist foo: use lateness' v hist --hist foo
want_fail "usage: --cpus garbage" 2 '--cpus 1-x' v hist --cpus 1-x
want_fail "usage: --cpus naming an absent CPU" 2 'cpu 7 has no' v hist --cpus 7 $(sys "$N2")
want_fail "usage: two formats" 2 'one of --json, --csv, --prom' v summary --json --csv
want_fail "usage: --per-cpu without --prom" 2 '--per-cpu goes with --prom' v hist --per-cpu
want_fail "usage: --prom on watch" 2 'does not apply' v watch --prom
want_fail "usage: run without -d" 2 'run: needs -d SEC' v run
want_fail "usage: -d not a number" 2 '-d soon: want a positive' v run -d soon
want_fail "usage: record without -o" 2 'record: needs -d SEC and -o' v record -d 1
want_fail "usage: plot without -o" 2 'plot: needs -o' v plot
want_fail "usage: -n 0" 2 '-n 0: want a positive count' v watch -n 0
want_fail "usage: option missing its argument" 2 'needs an argument' v hist --root
want_fail "usage: set without KEY=VALUE" 2 'set: no KEY=VALUE' v set --params "$P"
want_fail "usage: set with an unknown key" 2 'unknown key "steal"' v set steal=kvm --params "$P"
want_fail "usage: set with no =" 2 'not KEY=VALUE' v set period_us --params "$P"
want_fail "plot: not a recording is a runtime error" 1 'not JSON.*vmlat record' \
	v plot "$FX/none2/debugfs/vmlat/summary" -o "$T/x.svg"

# --- the wake-up stages (issue 16) ------------------------------------------
# stage2: both stages on, kvm steal; thread2: the thread stage alone, the
# user stage's files there but empty and its keys absent (never enabled)
S2=$FX/stage2
TH2=$FX/thread2
RS2=$S2/debugfs/vmlat
# key K of cpu C (N or all) in FIXTURE's summary file
skey() { sed -n "s/^cpu=$2 .* $3=\([0-9.]*\).*/\1/p" "$1/debugfs/vmlat/summary"; }
# ns as the tables print us
us() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
# a share of 4 decimals (0.5651) as the tables print it (56.51%)
pct() { local v=$((10#${1/./})); printf '%d.%02d%%' $((v / 100)) $((v % 100)); }
# CAUSE's share of STAGE's lateness on cpu C in causes, as the tables
# print it: cshare ROOT C STAGE CAUSE
cshare() {
	awk -v c="cpu=$2" -v st="stage=$3" -v k="$4_ns" '$1 == c && $2 == st {
		for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		e4 = int(v[k] * 10000 / v["lateness_ns"])
		printf "%d.%02d%%\n", e4 / 100, e4 % 100 }' "$1/causes"
}

stage_tables() {
	v summary $(sys "$S2") >"$T/s" || return 1
	grep -q '^# vmlat thread stage: wake-up lateness = irq + stolen + sched' "$T/s" &&
		grep -q '^# vmlat user stage: ' "$T/s" &&
		grep -Eq '^CPU +samples +missed +min +p50 +p99 +p99\.9 +max +avg +irq_avg +stolen_avg +sched_avg +irq_stolen +stolen +sched +unrep +guest +undet +return_avg +return_max$' "$T/s" &&
		[ "$(grep -c "^# irq_stolen: within irq, the IRQ's own stolen part (from the summary); stolen: steal after the IRQ; irq_stolen + stolen: all the steal$" "$T/s")" = 2 ] &&
		[ "$(grep -c "^# unrep, guest, undet: the rest of irq by its expiry's cause (unreported host delay, the guest's own, undetermined); irq_stolen + stolen + sched + unrep + guest + undet = 100%$" "$T/s")" = 2 ] ||
		{ echo "stage table headers"; return 1; }
	local c st
	for c in 0 1 all; do
		for st in thread user; do
			# the row of CPU c in the stage's table: samples, missed,
			# avg, its parts, and the irq part's stolen part's share
			awk -v st="$st" '/^# vmlat / { cur = $3 } cur == st' "$T/s" |
				grep -Eq "^$c +$(skey "$S2" $c ${st}_samples) +$(skey "$S2" $c ${st}_misses) .* $(us "$(skey "$S2" $c ${st}_avg_ns)") +$(us "$(skey "$S2" $c ${st}_irq_avg_ns)") +$(us "$(skey "$S2" $c ${st}_stolen_avg_ns)") +$(us "$(skey "$S2" $c ${st}_sched_avg_ns)") +$(pct "$(skey "$S2" $c ${st}_irq_stolen_share)") +$(pct "$(skey "$S2" $c ${st}_stolen_share)") " ||
				{ echo "$st row $c"; return 1; }
			# a fixture whose irq_stolen is 0 could not tell
			[ "$(skey "$S2" $c ${st}_irq_stolen_sum_ns)" -gt 0 ] || return 1
			# the rest of irq by cause, shares of the causes
			# file's lateness of the stage
			awk -v st="$st" '/^# vmlat / { cur = $3 } cur == st' "$T/s" |
				grep -Eq "^$c .* $(cshare "$RS2" $c $st unreported) +$(cshare "$RS2" $c $st guest) +$(cshare "$RS2" $c $st undetermined)( |\$)" ||
				{ echo "$st row $c causes"; return 1; }
		done
	done
	# a module without causes (none2 has no stages; kvm4 made older):
	# the columns say "-"
	rm -rf "$T/nocauses" && cp -r "$S2" "$T/nocauses" &&
		rm "$T/nocauses/debugfs/vmlat/causes" &&
		v summary $(sys "$T/nocauses") >"$T/s" &&
		grep -Eq '^0 .* +- +- +- +[0-9.]+ +[0-9.]+$' "$T/s" ||
		{ echo "no causes file"; return 1; }
	v summary $(sys "$TH2") >"$T/s" && grep -q '^# vmlat thread stage' "$T/s" &&
		! grep -q '^# vmlat user stage' "$T/s" || { echo thread2; return 1; }
	v summary $(sys "$N2") | grep -q ' stage' && { echo "v1 file shows a stage"; return 1; }
	return 0
}
t "summary: a table per stage with figures (samples, missed, avg and its irq, stolen, sched parts, irq_stolen share as the file says, the rest of irq by cause as causes says, - without it); none on v1 files" stage_tables

# causes over --cpus: cpu=all's lines are the selected CPUs' added up
causes_cpus() {
	v summary --json --cpus 1 $(sys "$S2") >"$T/c1.json" || return 1
	"$PY" - "$T/c1.json" "$RS2/causes" <<-'PYEOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	lines = [dict(t.split('=', 1) for t in l.split())
	         for l in open(sys.argv[2]) if l.startswith('cpu=')]
	one = {l['stage']: {k: int(v) for k, v in l.items()
	                    if k not in ('cpu', 'stage')}
	       for l in lines if l['cpu'] == '1'}
	assert [c['cpu'] for c in d['cpus']] == [1, 'all'], d['cpus']
	assert d['cpus'][0]['causes'] == one, d['cpus'][0]['causes']
	assert d['cpus'][1]['causes'] == one, d['cpus'][1]['causes']
	PYEOF
}
t "summary --cpus 1: cpu=all's causes are cpu1's alone, every stage" causes_cpus

# tests/lib/check-causes.awk, the guest tests' checker, on the fixtures
# (both awks the guests and the host have) and on planted faults
causes_checker() {
	local fx r cpus a
	for a in awk "busybox awk"; do
		command -v ${a%% *} >/dev/null || continue
		for fx in "$S2" "$TH2" "$K4"; do
			r=$fx/debugfs/vmlat
			cpus=$(ls "$r/per_cpu" | sed 's/^cpu//' | sort -n | tr '\n' ' ')
			$a -v cpus="$cpus" -v frozen=1 -f "$HERE/../lib/check-causes.awk" \
				"$r/summary" "$r/causes" || { echo "$a $fx"; return 1; }
		done
		# a sum off by one, a line gone, a stage out of order
		sed '2s/ guest_ns=\([0-9]*\)/ guest_ns=1\1/' "$RS2/causes" >"$T/c.bad"
		$a -v cpus="0 1" -v frozen=1 -f "$HERE/../lib/check-causes.awk" \
			"$RS2/summary" "$T/c.bad" >"$T/c.out" && return 1
		grep -q 'is not stolen_ns + unreported_ns' "$T/c.out" || return 1
		sed '3d' "$RS2/causes" >"$T/c.bad"
		$a -v cpus="0 1" -v frozen=1 -f "$HERE/../lib/check-causes.awk" \
			"$RS2/summary" "$T/c.bad" >"$T/c.out" && return 1
		grep -q 'has thread keys in the summary, but no thread line' "$T/c.out" || return 1
		awk 'NR == 3 { held = $0; next } NR == 4 { print; print held; next } 1' \
			"$RS2/causes" >"$T/c.bad"
		$a -v cpus="0 1" -v frozen=1 -f "$HERE/../lib/check-causes.awk" \
			"$RS2/summary" "$T/c.bad" >"$T/c.out" && return 1
		grep -q 'out of order' "$T/c.out" || return 1
	done
}
t "check-causes.awk passes the fixtures' causes and fails a wrong sum, a missing line, a line out of order" causes_checker

stage_formats() {
	local fx r m fl
	for fx in "$S2" "$TH2"; do
		r=$fx/debugfs/vmlat
		v summary --json $(sys "$fx") | "$PY" "$HERE/check.py" summary-json "$r" &&
			v summary --csv $(sys "$fx") | "$PY" "$HERE/check.py" summary-csv "$r" ||
			{ echo "$fx json/csv"; return 1; }
		[ "$HAVE_PYPROM" = 1 ] || continue
		for m in agg per-cpu; do
			fl=
			[ "$m" = per-cpu ] && fl=--per-cpu
			v summary --prom $fl $(sys "$fx") >"$T/p.prom" &&
				"$PY" "$HERE/check.py" summary-prom "$r" "$m" <"$T/p.prom" ||
				{ echo "$fx summary prom $m"; return 1; }
			if [ "$HAVE_PROMTOOL" = 1 ]; then
				promtool check metrics <"$T/p.prom" || return 1
			fi
			v hist --prom $fl $(sys "$fx") >"$T/p.prom" &&
				"$PY" "$HERE/check.py" hist-prom "$r" "$m" <"$T/p.prom" ||
				{ echo "$fx hist prom $m"; return 1; }
			if [ "$HAVE_PROMTOOL" = 1 ]; then
				promtool check metrics <"$T/p.prom" || return 1
			fi
		done
	done
}
t "stage keys, their percentiles and histograms in JSON, CSV and Prometheus match the files (python3 json, csv, prometheus_client; promtool)" stage_formats

stage_kinds() {
	local k
	for k in thread thread_irq thread_stolen thread_sched user user_irq \
		 user_stolen user_sched user_return; do
		v hist --json --hist $k $(sys "$S2") | "$PY" "$HERE/check.py" hist-json "$RS2" $k &&
			v hist --csv --hist $k $(sys "$S2") | "$PY" "$HERE/check.py" hist-csv "$RS2" $k &&
			v hist --hist $k $(sys "$S2") >"$T/h" &&
			grep -Eq "^count: +[0-9]+ +[0-9]+ +$(sed -n 's/.*samples=\([0-9]*\).*/\1/p' "$RS2/$k")\$" "$T/h" ||
			{ echo "--hist $k"; return 1; }
	done
	v hist --hist user $(sys "$TH2") | grep -q 'The user stage has no figures: vmlat set user=1' ||
		{ echo "no figures"; return 1; }
	v hist --prom --hist user_return $(sys "$S2") | grep -q '^vmlat_user_return_seconds_count 3945$'
}
t "hist --hist KIND for each of the 9 stage kinds: table, JSON, CSV match the files; a stage without figures says how to turn it on" stage_kinds

want_fail "hist --hist thread on a module without stages: says so (exit 1)" 1 \
	'no such file: this vmlat module has no wake-up stages' v hist --hist thread $(sys "$N2")

stage_cpus() {
	# cpu=all over --cpus 1 is cpu1's line, stage keys included
	v summary --csv --no-header --cpus 1 $(sys "$S2") >"$T/c" || return 1
	[ "$(sed -n 1p "$T/c" | cut -d, -f2-)" = "$(sed -n 2p "$T/c" | cut -d, -f2-)" ] ||
		{ cat "$T/c"; return 1; }
	v summary --json --cpus 0 $(sys "$S2") >"$T/j" && "$PY" - "$T/j" "$RS2" <<-'PYEOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	kv = {}
	for l in open(sys.argv[2] + '/summary'):
	    if l.startswith('cpu=0 '):
	        kv = dict(t.split('=', 1) for t in l.split())
	a = d['cpus'][-1]
	assert a['cpu'] == 'all'
	for k in ('thread_samples', 'thread_sum_ns', 'user_return_max_ns',
	          'user_sched_sum_ns', 'thread_irq_stolen_sum_ns',
	          'user_irq_stolen_sum_ns'):
	    assert a[k] == int(kv[k]), (k, a[k], kv[k])
	for k in ('user_stolen_share', 'thread_irq_stolen_share',
	          'user_irq_stolen_share'):
	    assert a[k] == float(kv[k]), (k, a[k], kv[k])
	PYEOF
}
t "summary --cpus: stage keys summed, maxed and ratioed over the selected CPUs" stage_cpus

stage_record() {
	v record -d 0.2 -i 0.1 -o "$T/srec.json" $(sys "$S2") || return 1
	"$PY" - "$T/srec.json" <<-'PYEOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	h = d['histograms']
	assert sorted(h) == sorted(['lateness', 'steal', 'residual', 'thread',
	    'thread_irq', 'thread_stolen', 'thread_sched', 'user', 'user_irq',
	    'user_stolen', 'user_sched', 'user_return']), sorted(h)
	assert h['user_return'][-1]['samples'] == 3945
	a = d['summary']['cpus'][-1]
	assert a['thread_samples'] == 3956 and a['user_samples'] == 3947
	PYEOF
	v record -d 0.2 -i 0.1 -o "$T/trec.json" $(sys "$TH2") &&
		"$PY" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert "user" not in d["histograms"] and "thread" in d["histograms"] and "user_samples" not in d["summary"]["cpus"][0]' "$T/trec.json"
}
t "record: the final histograms and summary carry the stages with figures" stage_record

stage_watch() {
	swapped slink swatch_a swatch_b \
		v watch -i 1 -n 1 --unit us $(sys "$T/slink") >"$T/w" &&
		grep -Eq '^ +time_s +CPU +samples +p99 +max +steal_ms/s +unrep_ms/s +guest_ms/s +undet_ms/s +missed +thread_p99 +thread_max +irq_stolen +stolen +sched$' "$T/w" &&
		grep -Eq '^ +1\.000 +0 +0 +- +- +- +- +- +- +0 +10\.239 +~10\.239 +4\.0% +0\.0% +90\.0%$' "$T/w" &&
		grep -Eq '^ +1\.000 +1 +0 +- +- +- +- +- +- +0 +- +- +- +- +-$' "$T/w" ||
		{ cat "$T/w"; return 1; }
	v watch -i 0.1 -n 1 $(sys "$N2") | grep -q thread && return 1
	swapped slink swatch_a swatch_b \
		v record -d 1 -i 1 -o "$T/swrec.json" $(sys "$T/slink") &&
		"$PY" - "$T/swrec.json" <<-'PYEOF'
	import json, sys
	d = json.load(open(sys.argv[1]))
	c0 = d['intervals'][0]['cpus'][0]['thread']
	assert (c0['samples'], c0['sum_ns'], c0['irq_sum_ns'], c0['stolen_sum_ns'],
	        c0['sched_sum_ns'], c0['max_ns'], c0['max_exact'],
	        c0['irq_stolen_sum_ns']) == \
	    (100, 1000000, 100000, 0, 900000, 10239, False, 40000), c0
	assert d['intervals'][0]['cpus'][1]['thread']['irq_stolen_sum_ns'] == 0
	assert 'user' not in d['intervals'][0]['cpus'][0]
	PYEOF
}
t "watch and record: a stage's interval p99, max (~ bound) and its irq_stolen, stolen and sched shares; none on v1 files" stage_watch

stage_set() {
	fake_params "$TH2"
	local P2=$T/sys/module/vmlat/parameters
	v set thread=1 thread_prio=50 user=1 --params "$P2" &&
		[ "$(cat "$P2/thread")" = 1 ] && [ "$(cat "$P2/thread_prio")" = 50 ] &&
		[ "$(cat "$P2/user")" = 1 ]
}
t "set thread=1 thread_prio=50 user=1 writes the stage knobs" stage_set

# --- vmlat wait --------------------------------------------------------------
# On the host there is no wait file: a FIFO stands in for per_cpu/cpuN/wait,
# fed lines in the format of docs/abi.md ("The wait file"). --prio 0: no
# real-time thread on a shared machine.
WS=$T/wsys
WW=$WS/debugfs/vmlat/per_cpu/cpu0/wait
wait_tree() {	# FIXTURE: a copy with a FIFO as cpu0's wait file
	rm -rf "$WS"
	cp -r "$1" "$WS"
	mkfifo "$WW"
}
# feed LINE...: write the lines into the FIFO, then hold it open 3 s
feed() {
	( for l in "$@"; do printf '%s\n' "$l"; sleep 0.05; done; sleep 3 ) >"$WW" &
	feeder=$!
}
# (the wake-ups of mkfixture.py's WAIT_LINES: the wait pair)
L1='seq=101 lateness_ns=5000 irq_ns=1000 irq_stolen_ns=600 stolen_ns=3000 sched_ns=1000 return_ns=0'
L2='seq=102 lateness_ns=9000 irq_ns=2000 irq_stolen_ns=1500 stolen_ns=0 sched_ns=7000 return_ns=2500'
L3='seq=105 lateness_ns=7000 irq_ns=1000 irq_stolen_ns=1000 stolen_ns=5000 sched_ns=1000 return_ns=2000'

# wait_fed BEFORE AFTER RECORD LINE...: vmlat wait on cpu0 of a copy of
# the fixture BEFORE, whose wait file gives the lines, and whose files
# are AFTER's once they are read (the user stage recorded them); its
# output in $T/wo, its record in RECORD
wait_fed() {
	local before=$1 after=$2 rec=$3 rc
	shift 3
	wait_tree "$T/fx/$before"
	( for l in "$@"; do printf '%s\n' "$l"; sleep 0.05; done
	  cp -r "$T/fx/$after/debugfs/vmlat/." "$WS/debugfs/vmlat/"
	  sleep 3 ) >"$WW" &
	feeder=$!
	v wait --cpus 0 --prio 0 -d 1 --record "$rec" -i 0.5 $(sys "$WS") >"$T/wo"
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	return $rc
}

wait_run() {
	# the module's files before the reads (wait_a), and, once read,
	# after (wait_b: the user stage recorded those three wake-ups)
	wait_fed wait_a wait_b "$T/w.jsonl" "$L1" "$L2" "$L3" || return 1
	# the lines' sums: 21 us = 4 + 8 + 9; irq_stolen 3.1, with stolen
	# 11.1 us of steal; the worst 9 us = 2 + 0 + 7, of irq 1.5 stolen;
	# the table's row 0 from the files: 3 wake-ups, 2 missed, and
	# irq_stolen 3100 of 21000 ns
	grep -q '^# vmlat wait: 1 CPU, 1\.[0-9]* s, SCHED_OTHER: 3 wake-ups read (2 expiries skipped between reads)' "$T/wo" &&
		grep -qx '# the wake-ups read: lateness 21\.000 us = irq 4\.000 + stolen 8\.000 + sched 9\.000; irq_stolen (of irq) 3\.100; all the steal (irq_stolen + stolen) 11\.100, 52\.85% of the lateness' "$T/wo" &&
		grep -qx '# the worst: cpu0 seq=102: lateness 9\.000 us = irq 2\.000 + stolen 0\.000 + sched 7\.000; irq_stolen (of irq) 1\.500' "$T/wo" &&
		grep -q '^# vmlat user stage' "$T/wo" &&
		grep -Eq '^CPU +samples .* +sched_avg +irq_stolen +stolen +sched +unrep +guest +undet +return_avg' "$T/wo" &&
		grep -Eq '^0 +3 +2 +4\.864 .* 7\.000 +1\.333 +2\.666 +3\.000 +14\.76% +38\.09% +42\.85% +- +- +- ' "$T/wo" &&
		! grep -q '^# the rest of irq' "$T/wo" &&
		grep -Eq '^all +3 +2 .* +14\.76% +38\.09% +42\.85% ' "$T/wo" ||
		{ cat "$T/wo"; return 1; }
	"$PY" - "$T/w.jsonl" <<-'PYEOF'
	import json, sys
	lines = [json.loads(l) for l in open(sys.argv[1])]
	assert lines[0]['schema'] == 'vmlat-wait v1' and lines[0]['cpus'] == [0]
	assert lines[-1] == {'end': {'t_s': lines[-1]['end']['t_s'], 'status': 'ok'}}
	iv = lines[1:-1]
	assert len(iv) == 2, len(iv)
	a = iv[0]['cpus'][-1]
	assert a['cpu'] == 'all' and a['wakeups'] == 3 and a['skipped'] == 2
	w = a['worst']
	assert (w['seq'], w['lateness_ns'], w['irq_ns'], w['irq_stolen_ns'],
	        w['stolen_ns'], w['sched_ns']) == (102, 9000, 2000, 1500, 0,
	                                           7000), w
	assert a['lateness_sum_ns'] == 21000 and a['stolen_sum_ns'] == 8000
	assert a['irq_sum_ns'] == 4000 and a['irq_stolen_sum_ns'] == 3100
	assert iv[0]['cpus'][0]['irq_stolen_sum_ns'] == 3100
	assert iv[1]['cpus'][-1]['irq_stolen_sum_ns'] == 0
	assert a['return_max_ns'] == 2500
	assert iv[1]['cpus'][-1]['worst'] is None
	PYEOF
}
t "wait: reads each line of a CPU's wait file, checks the split, sums irq_stolen; per-interval record (JSON lines), the lines' sums and worst, the user stage's table with irq_stolen; an older module's (no cause=, no causes): no causes" wait_run

# a module with causes: each line's cause= (mkfixture.py's WAIT_CAUSES),
# the rest of irq summed by it (1000-600 guest, 2000-1500 unreported,
# 1000-1000 guest), the worst's, and the table's shares from causes
wait_causes() {
	wait_fed wait_c wait_d "$T/wc.jsonl" "$L1 cause=guest" \
		"$L2 cause=unreported" "$L3 cause=guest" || return 1
	# 500 and 400 of 21000 ns: 2.38 % and 1.90 %
	grep -qx '# the worst: cpu0 seq=102: lateness 9\.000 us = irq 2\.000 + stolen 0\.000 + sched 7\.000; irq_stolen (of irq) 1\.500; the rest of irq: unreported' "$T/wo" &&
		grep -qx '# the rest of irq (irq - irq_stolen) by cause: unreported 0\.500, guest 0\.400, undetermined 0\.000' "$T/wo" &&
		grep -Eq '^0 +3 +2 .* +14\.76% +38\.09% +42\.85% +2\.38% +1\.90% +0\.00% ' "$T/wo" ||
		{ cat "$T/wo"; return 1; }
	"$PY" - "$T/wc.jsonl" <<-'PYEOF'
	import json, sys
	lines = [json.loads(l) for l in open(sys.argv[1])]
	a = lines[1]['cpus'][-1]
	assert a['worst']['seq'] == 102 and a['worst']['cause'] == 'unreported', a
	PYEOF
}
t "wait: each line's cause= summed (the rest of irq by cause), the worst's cause, and the table's shares from causes" wait_causes

wait_plot() {
	[ -f "$T/w.jsonl" ] || return 1
	v plot "$T/w.jsonl" -o "$T/w.svg" &&
		grep -q 'worst user-space wake-up of each interval' "$T/w.svg" &&
		grep -q 'fill="#3465a4"' "$T/w.svg" && grep -q 'fill="#f57900"' "$T/w.svg" &&
		grep -q 'fill="#cc0000"' "$T/w.svg" &&
		grep -q '<pattern id="irq-stolen"' "$T/w.svg" &&
		grep -q '>irq, stolen (the hypervisor held the vCPU before the IRQ)<' "$T/w.svg" &&
		grep -q '>irq, not stolen (the rest of the timer IRQ.s lateness)<' "$T/w.svg" &&
		grep -q '>the worst, 9.000 us: stolen 1.500 us (16.7%), 1.500 in the IRQ and 0.000 after it<' "$T/w.svg" &&
		svg_check "$T/w.svg" || return 1
	# the one bar (the worst, L2): its irq part in two, stolen 1500 of
	# 2000 ns on the rest's 500, under sched's 7000 (not the pattern's
	# rectangles, not the legend's 12 px swatches)
	"$PY" - "$T/w.svg" <<-'PYEOF'
	import sys
	import xml.etree.ElementTree as ET
	ns = '{http://www.w3.org/2000/svg}'
	bar = {}
	for r in ET.parse(sys.argv[1]).getroot().findall(ns + 'rect'):
	    if r.get('width') != '12' and r.get('fill') in (
	            '#3465a4', 'url(#irq-stolen)', '#cc0000', '#f57900'):
	        assert r.get('fill') not in bar, r.attrib
	        bar[r.get('fill')] = (float(r.get('y')), float(r.get('height')))
	assert sorted(bar) == ['#3465a4', '#f57900', 'url(#irq-stolen)'], bar
	rest, irq_st, sched = (bar['#3465a4'], bar['url(#irq-stolen)'],
	                       bar['#f57900'])
	assert abs(irq_st[1] / rest[1] - 3) < 0.05, bar
	assert abs(sched[1] / rest[1] - 14) < 0.2, bar
	# stacked bottom to top: irq not stolen, irq stolen, then sched
	assert abs(irq_st[0] + irq_st[1] - rest[0]) < 0.2, bar
	assert abs(sched[0] + sched[1] - irq_st[0]) < 0.2, bar
	PYEOF
}
if [ "$HAVE_XMLLINT" = 1 ] && [ "$HAVE_RSVG" = 1 ]; then
	t "plot of a wait record: a stacked bar per interval, its irq part in two (the IRQ's stolen part and the rest), valid SVG, renders" wait_plot
else
	tap_skip "plot of a wait record" "xmllint or rsvg-convert not installable"
fi

wait_term() {
	wait_tree "$S2"
	feed "$L1"
	"$VMLAT" wait --cpus 0 --prio 0 $(sys "$WS") >"$T/wo" 2>"$T/we" &
	local pid=$! rc
	# time for the feeder's line on a loaded host (0.7 s was not)
	sleep 2
	kill -TERM $pid
	wait $pid
	rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	[ $rc -eq 0 ] && [ ! -s "$T/we" ] && grep -q '1 wake-ups read' "$T/wo"
}
t "wait: SIGTERM ends it normally, with the table" wait_term

wait_enable() {
	wait_tree "$TH2"
	feed "$L1"
	# 2 s: on a loaded host the feeder's line came after 0.3 s (seen
	# twice at load 8: 0 wake-ups read)
	v wait --enable --cpus 0 --prio 0 -d 2 $(sys "$WS") >"$T/wo"
	local rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	[ $rc -eq 0 ] && [ "$(cat "$WS/module/vmlat/parameters/user")" = 0 ] &&
		grep -q '1 wake-ups read' "$T/wo" ||
		{ echo "status $rc, user=$(cat "$WS/module/vmlat/parameters/user")"; head -n 3 "$T/wo"; return 1; }
}
t "wait --enable: turns user on for the run and off again" wait_enable

wait_tree "$TH2"
want_fail "wait: user off: says vmlat set user=1 or --enable (exit 1)" 1 \
	'the user stage is off \(user=N\): turn it on with vmlat set user=1, or run vmlat wait --enable' \
	v wait --cpus 0 --prio 0 -d 0.2 $(sys "$WS")
want_fail "wait: module not loaded: says modprobe vmlat" 1 'module not loaded.*: modprobe vmlat$' \
	v wait --root "$T/nomod/debug/vmlat" --params "$T/nomod/module/vmlat/parameters"
want_fail "wait: a module without the user stage: says so" 1 'no such knob: this vmlat module has no user stage' \
	v wait --cpus 0 --prio 0 $(sys "$N2")

wait_bad() {	# EXIT PATTERN LINE: a bad line read
	wait_tree "$S2"
	feed "$3"
	"$VMLAT" wait --cpus 0 --prio 0 -d 2 $(sys "$WS") >"$T/out" 2>"$T/err"
	local rc=$?
	kill "$feeder" 2>/dev/null
	wait "$feeder" 2>/dev/null
	[ $rc -eq "$1" ] && [ ! -s "$T/out" ] && [ "$(wc -l <"$T/err")" -eq 1 ] &&
		grep -Eq -- "$2" "$T/err" || { cat "$T/err"; return 1; }
}
t "wait: a line whose lateness is not irq + stolen + sched is a failure, shown" wait_bad 1 \
	'cpu0: 1 wake-ups whose lateness is not irq \+ stolen \+ sched, the first "seq=7 lateness_ns=10' \
	'seq=7 lateness_ns=10 irq_ns=1 irq_stolen_ns=0 stolen_ns=2 sched_ns=3 return_ns=0'
t "wait: a line whose irq_stolen_ns is above its irq_ns is a failure, shown" wait_bad 1 \
	'cpu0: 1 wake-ups whose irq_stolen is above their irq, the first "seq=8 lateness_ns=10 irq_ns=1 irq_stolen_ns=2 stolen_ns=2 sched_ns=7 return_ns=0": a bug of the module' \
	'seq=8 lateness_ns=10 irq_ns=1 irq_stolen_ns=2 stolen_ns=2 sched_ns=7 return_ns=0'
t "wait: a line without a key is refused as malformed" wait_bad 1 \
	'wait: key sched_ns= missing: is the module the reader' \
	'seq=7 lateness_ns=10 irq_ns=1 irq_stolen_ns=0 stolen_ns=2 return_ns=0'
t "wait: a line without irq_stolen_ns (an older module) is refused as malformed" wait_bad 1 \
	'wait: key irq_stolen_ns= missing: is the module the reader' \
	'seq=7 lateness_ns=10 irq_ns=1 stolen_ns=2 sched_ns=7 return_ns=0'

wait_eof() {
	wait_tree "$S2"
	printf '%s\n' "$L1" >"$WW" &
	"$VMLAT" wait --cpus 0 --prio 0 -d 2 $(sys "$WS") >"$T/out" 2>"$T/err"
	local rc=$?
	wait
	[ $rc -eq 1 ] && grep -q 'end of file: not a wait file of vmlat' "$T/err"
}
t "wait: end of file (not a wait file) is a failure" wait_eof

wait_tree "$S2"
rm -f "$WW"
mkdir "$WW"
want_fail "wait: a read error of the wait file is said (EISDIR)" 1 'cannot read .*cpu0/wait: Is a directory' \
	v wait --cpus 0 --prio 0 -d 1 $(sys "$WS")
if command -v setpriv >/dev/null; then
	wait_tree "$S2"
	want_fail "wait: SCHED_FIFO not permitted: says run as root, CAP_SYS_NICE, RLIMIT_RTPRIO or --prio 0" 1 \
		'cannot run a SCHED_FIFO thread at priority 95: not permitted: run as root .*--prio 0' \
		setpriv --reuid=65534 --regid=65534 --clear-groups "$VMLAT" wait --cpus 0 -d 1 $(sys "$WS")
else
	tap_skip "wait: SCHED_FIFO not permitted" "setpriv missing"
fi
want_fail "usage: wait --prio 100" 2 '--prio 100: want a SCHED_FIFO priority 1-99' v wait --prio 100
want_fail "usage: wait --prio x" 2 '--prio x: want' v wait --prio x
want_fail "usage: wait -i without --record" 2 'wait: -i goes with --record FILE' v wait -i 1
want_fail "usage: wait --json" 2 'does not apply' v wait --json
want_fail "usage: wait with an argument" 2 'wait: wrong number of arguments' v wait now
want_fail "usage: --record on hist" 2 'does not apply' v hist --record x
want_fail "usage: wait --cpus naming a CPU without a wait file" 2 'cpu 1 has no .*cpu1/wait' \
	v wait --cpus 1 --prio 0 $(sys "$S2")

# --- vmlat culprit (issue 27) ----------------------------------------------
# traces/: trace.txt in the tracefs trace file's format, report.txt
# in trace-cmd report's (%pS without the size); figures worked by hand
TR=$HERE/traces
culprit_table() {
	v culprit "$TR/trace.txt" >"$T/c" || return 1
	grep -q '^# 8 vmlat_sample events, 5 of them cause=guest$' "$T/c" &&
		grep -Eq '^ +1 +557\.710 +1 +557\.710  __sched_setscheduler\+0x26b$' "$T/c" &&
		grep -Eq '^ +2 +327\.660 +3 +163\.190  vmlat_irqoff_window\+0x5a \[vmlat\]$' "$T/c" &&
		grep -Eq '^ +3 +20\.000 +1 +20\.000  \(unknown\)$' "$T/c" &&
		[ "$(grep -c '^ *[0-9]' "$T/c")" -eq 3 ]
}
t "culprit: guest sites ranked by total delay, with count and worst; module and unknown sites" culprit_table

culprit_formats() {
	v culprit --json "$TR/trace.txt" | "$PY" -c '
import json, sys
d = json.load(sys.stdin)
assert (d["events"], d["guest_events"], d["guest_ns"]) == (8, 5, 905370), d
assert [s["site"] for s in d["sites"]] == ["__sched_setscheduler+0x26b", "vmlat_irqoff_window+0x5a [vmlat]", "(unknown)"], d
assert sum(s["total_ns"] for s in d["sites"]) == d["guest_ns"], d
' || return 1
	v culprit --csv - <"$TR/report.txt" >"$T/c" &&
		[ "$(sed -n 1p "$T/c")" = "site,count,total_ns,max_ns" ] &&
		[ "$(sed -n 2p "$T/c")" = '"__sched_setscheduler+0x26b",1,557710,557710' ] &&
		[ "$(sed -n 3p "$T/c")" = '"vmlat_irqoff_window+0x5a",1,163190,163190' ] &&
		[ "$(wc -l < "$T/c")" -eq 3 ]
}
t "culprit: JSON (sums add up) and CSV of a trace-cmd report on stdin" culprit_formats

culprit_errors() {
	printf 'x: vmlat_sample: seq=1 lateness=5 ns residual=5 ns\n' >"$T/old.txt"
	v culprit >/dev/null 2>"$T/e"; [ $? -eq 2 ] && grep -q 'needs a trace FILE' "$T/e" || return 1
	v culprit "$T/none.txt" >/dev/null 2>"$T/e"; [ $? -eq 1 ] && grep -q 'cannot read' "$T/e" || return 1
	v culprit "$FX/none2/debugfs/vmlat/summary" >"$T/o" 2>"$T/e"; [ $? -eq 1 ] && [ ! -s "$T/o" ] &&
		grep -q 'no vmlat_sample event: turn it on' "$T/e" || return 1
	v culprit "$T/old.txt" >"$T/o" 2>"$T/e"; [ $? -eq 1 ] && [ ! -s "$T/o" ] &&
		grep -q 'without a cause= or residual= field (the first on line 1)' "$T/e" || return 1
	v culprit --prom "$TR/trace.txt" >"$T/o" 2>"$T/e"; [ $? -eq 2 ] && [ ! -s "$T/o" ]
}
t "culprit: no file, unreadable, no events, an older trace, --prom: each an error with the fix" culprit_errors

# --- 64 CPUs -----------------------------------------------------------------
cpu64() {
	v summary $(sys "$C64") >"$T/s" &&
		[ "$(grep -Ec '^([0-9]+|all) ' "$T/s")" -eq 65 ] &&
		v hist $(sys "$C64") | grep -q 'CPU-063' &&
		v hist --json $(sys "$C64") | "$PY" "$HERE/check.py" hist-json "$C64/debugfs/vmlat" lateness &&
		v summary --json $(sys "$C64") | "$PY" "$HERE/check.py" summary-json "$C64/debugfs/vmlat"
}
t "64-CPU fixture: 65 summary rows, 64 columns, JSON matches the files" cpu64

# --- negative controls: the checkers above must be able to fail ------------
# (the CSV: the stage's last column, before the 6 of the causes)
neg_stage() {
	! v summary --json $(sys "$FX/stage2") |
		"$PY" "$HERE/check.py" summary-json "$FX/thread2/debugfs/vmlat" 2>/dev/null &&
		! v summary --csv $(sys "$FX/thread2") |
		sed 's/^\(0,.*,\)\([0-9]*\)\(\(,[^,]*\)\{6\}\)$/\11\2\3/' |
		"$PY" "$HERE/check.py" summary-csv "$FX/thread2/debugfs/vmlat" 2>/dev/null
}
t "negative control: check.py rejects stage figures of another fixture or off by digits" neg_stage

neg_json() {
	! v hist --json $(sys "$K4") |
		"$PY" "$HERE/check.py" hist-json "$R2" lateness 2>/dev/null
}
t "negative control: check.py rejects JSON of another fixture" neg_json

neg_prom() {
	v hist --prom $(sys "$N2") |
		sed '0,/_bucket{le="0.000004863"} [0-9]*/s//_bucket{le="0.000004863"} 1/' \
		>"$T/bad.prom"
	! cmp -s "$T/bad.prom" <(v hist --prom $(sys "$N2")) &&
		! "$PY" "$HERE/check.py" hist-prom "$R2" agg <"$T/bad.prom" 2>/dev/null
}
if [ "$HAVE_PYPROM" = 1 ]; then
	t "negative control: check.py rejects a Prometheus bucket off by its true count" neg_prom
else
	tap_skip "negative control for --prom" "python3-prometheus-client not installable"
fi

neg_png() {
	printf '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="100%%" height="100%%" fill="#fff"/></svg>\n' >"$T/blank.svg"
	rsvg-convert "$T/blank.svg" -o "$T/blank.png" &&
		! "$PY" "$HERE/check.py" png "$T/blank.png" 2>/dev/null
}
if [ "$HAVE_RSVG" = 1 ]; then
	t "negative control: the PNG check rejects a blank picture" neg_png
else
	tap_skip "negative control for the PNG check" "rsvg-convert not installable"
fi

tap_finish --total
