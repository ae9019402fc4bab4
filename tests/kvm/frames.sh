#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The framing of what L2 sends up its serial console (tests/kvm/l2-init):
# L2's console crosses two serial ports (L2's, then L1's third, where L1
# copies it with `tail -f`) before the host reads it, and on a loaded host
# a line of it has arrived damaged (a wait record's decoded JSON ended
# mid-line). So every multi-line payload L2 sends, each file it dumps and
# each record (gzip, then base64), is a frame:
#
#   L2R TAG begin lines=L bytes=N md5=M [raw_bytes=R raw_md5=D]
#   L2R TAG LINE            (L times: the body, each line as sent)
#   L2R TAG end lines=L bytes=N md5=M
#
# L, N and M are the body's line count, length in bytes (each line with
# its newline) and md5sum; a record adds the decoded file's length and
# md5sum (raw_bytes=0: L2 had no such file, the body is empty). TAG is one
# or more words ("sum", "wrec stg", "smoke 10-load.sh").
#
# Sourced by tests/kvm/run.sh for frames_decode; run on its own with
# --self-test it checks the decoder against synthetic consoles (an intact
# frame, one changed byte, one cut short, ...): TAP, then "N passed,
# N failed". Part of `make check-host`.
# Usage: tests/kvm/frames.sh --self-test

# frames_decode LOG DIR - verify every frame of L2's console LOG. On
# stdout, LOG with each frame replaced: an intact one by its body lines
# ("L2R TAG LINE", as L2 meant them), a damaged one by the single line
# "L2R frame-bad TAG: REASON" (length or checksum mismatch, missing end,
# end without begin, or a record that does not decode). Each frame's body
# in DIR/NAME (NAME: TAG with each character outside [A-Za-z0-9._-] a
# '-', then .K for the K-th frame of that TAG), an intact record's
# decoded file in DIR/NAME.raw, and one line per frame in DIR/frames.txt:
# "ok NAME TAG" or "bad NAME TAG: REASON". Other lines pass unchanged.
# A kernel message (printk.time's "[ SECONDS.MICROS] ") that the serial
# console wrote into the middle of a line of a frame, which then goes on
# after the message's lines, is taken out when the body does not match
# as it came: the frame is intact when what is left matches its length
# and md5sum ("ok NAME TAG (repaired: ...)" in DIR/frames.txt).
frames_decode()
{
	local log=$1 dir=$2

	mkdir -p "$dir" || return 1
	: > "$dir/frames.txt" || return 1
	LC_ALL=C awk -v dir="$dir" '
	# sq - s quoted for sh
	function sq(s)
	{
		gsub(/\047/, "\047\\\047\047", s)
		return "\047" s "\047"
	}

	# val - the value of key k in "k=v" words of s; "" without it
	function val(s, k,    n, i, w)
	{
		n = split(s, w, " ")
		for (i = 1; i <= n; i++)
			if (index(w[i], k "=") == 1)
				return substr(w[i], length(k) + 2)
		return ""
	}

	# first - the first word of what command c prints
	function first(c,    r, w)
	{
		r = ""
		c | getline r
		close(c)
		split(r, w, " ")
		return w[1]
	}

	# decl - "lines=L bytes=N md5=M" of a begin or end line s
	function decl(s)
	{
		return "lines=" val(s, "lines") " bytes=" val(s, "bytes") " md5=" val(s, "md5")
	}

	# open_frame - a begin line s for tag t: start collecting its body
	function open_frame(t, s,    k)
	{
		ft = t
		fp = "L2R " t " "
		fbegin = s
		fn = 0
		frn = 0
		fnote = ""
		k = t
		gsub(/[^A-Za-z0-9._-]/, "-", k)
		fname = k "." (++seen[t])
	}

	# report - frame ft named fname: "ok" or reason r; a damaged one
	# prints its frame-bad line in place of the body
	function report(r,    i)
	{
		if (r == "") {
			for (i = 1; i <= fn; i++)
				print fp fb[i]
			print "ok " fname " " ft fnote > (dir "/frames.txt")
		} else {
			print "L2R frame-bad " ft ": " r
			print "bad " fname " " ft ": " r > (dir "/frames.txt")
		}
		ft = ""
	}

	# body - write the collected body to DIR/fname; its bytes and md5
	# into gb, gm
	function body(    f, i)
	{
		f = dir "/" fname
		printf "" > f
		for (i = 1; i <= fn; i++)
			print fb[i] > f
		close(f)
		gb = first("wc -c < " sq(f)) + 0
		gm = first("md5sum < " sq(f))
	}

	# mismatch - the body as collected against the end line s: "" when
	# it matches, else why not
	function mismatch(s)
	{
		body()
		if (fn != val(s, "lines") + 0 || gb != val(s, "bytes") + 0)
			return "length mismatch: " fn " lines, " gb " bytes arrived where " val(s, "lines") " lines, " val(s, "bytes") " bytes were sent"
		if (gm != val(s, "md5"))
			return "checksum mismatch: md5 " gm " arrived where " val(s, "md5") " was sent (" gb " bytes)"
		return ""
	}

	# kmsg - where a kernel message starts in line l, 0 when none does
	function kmsg(l)
	{
		return match(l, /\[ *[0-9]+\.[0-9][0-9][0-9][0-9][0-9][0-9]\] /) ? RSTART : 0
	}

	# repair - the body again from every line that came inside the
	# frame, each kernel message that starts inside a line taken out
	# with its further lines, the line then joined with the line that
	# goes on after them, up to the end line of the frame (into fend, when
	# one is found); the number taken out (0: nothing to repair)
	function repair(    i, j, l, p, n)
	{
		fn = 0
		fend = ""
		for (i = 1; i <= frn && fend == ""; i++) {
			l = fr[i]
			while ((p = kmsg(l)) > 1) {
				for (j = i + 1; j <= frn && kmsg(fr[j]) == 1; j++)
					;
				if (j > frn)
					break
				l = substr(l, 1, p - 1) fr[j]
				i = j
				n++
			}
			if (substr(l, 1, length(fp)) != fp)
				continue
			if (substr(l, length(fp) + 1) ~ /^end lines=[0-9]+ bytes=[0-9]+ md5=/)
				fend = substr(l, length(fp) + 1)
			else
				fb[++fn] = substr(l, length(fp) + 1)
		}
		return n
	}

	# verify - the end line s of frame ft: its body against the begin
	# and end lines (repaired, when a kernel message came inside a line
	# of it), then a record decoded against raw_bytes, raw_md5
	function verify(s,    f, rb, rm, st, b, m, r, i, n, keep)
	{
		if (decl(s) != decl(fbegin)) {
			body()
			return "begin and end disagree (begin " decl(fbegin) ", end " decl(s) ")"
		}
		r = mismatch(s)
		if (r != "") {
			for (i = 1; i <= fn; i++)
				keep[i] = fb[i]
			n = fn
			if (repair() && mismatch(s) == "") {
				fnote = " (repaired: a kernel message inside a line, taken out)"
				r = ""
			} else {
				fn = n
				for (i = 1; i <= fn; i++)
					fb[i] = keep[i]
				body()
			}
		}
		if (r != "")
			return r
		rb = val(fbegin, "raw_bytes")
		if (rb == "" || rb == "0")
			return ""
		rm = val(fbegin, "raw_md5")
		f = dir "/" fname
		st = system("base64 -d < " sq(f) " 2>/dev/null | gunzip -c > " sq(f ".raw") " 2>/dev/null")
		if (st != 0) {
			system("rm -f " sq(f ".raw"))
			return "the record does not decode (base64 -d | gunzip: status " st ")"
		}
		b = first("wc -c < " sq(f ".raw")) + 0
		m = first("md5sum < " sq(f ".raw"))
		if (b != rb + 0 || m != rm) {
			system("rm -f " sq(f ".raw"))
			return "the decoded record is " b " bytes, md5 " m ", where L2 sent " rb " bytes, md5 " rm
		}
		return ""
	}

	# cut - frame ft ends without its end line: what arrived of it;
	# "" when a kernel message inside the end line hid it and the frame
	# is intact once the message is taken out
	function cut(why,    i, n, keep)
	{
		for (i = 1; i <= fn; i++)
			keep[i] = fb[i]
		n = fn
		if (repair() && fend != "" && decl(fend) == decl(fbegin) && mismatch(fend) == "") {
			fnote = " (repaired: a kernel message inside a line, taken out)"
			return ""
		}
		fn = n
		for (i = 1; i <= fn; i++)
			fb[i] = keep[i]
		body()
		return "missing end: cut short after " fn " of " val(fbegin, "lines") " lines, " gb " of " val(fbegin, "bytes") " bytes (" why ")"
	}

	ft != "" {
		fr[++frn] = $0
	}
	ft != "" && substr($0, 1, length(fp)) == fp {
		rest = substr($0, length(fp) + 1)
		if (rest ~ /^end lines=[0-9]+ bytes=[0-9]+ md5=/) {
			report(verify(rest))
			next
		}
		if (rest ~ /^begin lines=[0-9]+ bytes=[0-9]+ md5=/) {
			report(cut("it began again"))
			open_frame(substr(fp, 5, length(fp) - 5), rest)
			next
		}
		fb[++fn] = rest
		next
	}
	/^L2R / && match($0, / (begin|end) lines=[0-9]+ bytes=[0-9]+ md5=[0-9a-f]+/) {
		t = substr($0, 5, RSTART - 5)
		rest = substr($0, RSTART + 1)
		if (ft != "")
			report(cut("a frame of " t " came"))
		if (rest ~ /^begin/) {
			open_frame(t, rest)
		} else {
			open_frame(t, rest)
			report("end without begin (its begin line arrived damaged or not at all)")
		}
		next
	}
	{ print }
	END {
		if (ft != "")
			report(cut("the console ends"))
	}' "$log"
}

# self_test - the decoder against synthetic consoles; TAP of its own
self_test()
{
	local d here rc body1 line n l2sh l2path l2what

	here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
	# shellcheck source=../lib/tap.sh
	. "$here/../lib/tap.sh"
	d=$(mktemp -d)
	trap 'rm -rf "$d"' EXIT
	export LC_ALL=C

	# L2's own say, dump and send_record (tests/kvm/l2-init), their
	# scratch files moved from /tmp into $d, run as in L2 by busybox's sh
	# with busybox's applets when the host has busybox, else by sh
	sed -n '/^say()/,/^}/p; /^dump()/,/^}/p; /^send_record()/,/^}/p' "$here/l2-init" |
		sed "s#/tmp/#$d/#g" > "$d/l2.sh"
	l2sh="sh"
	l2path=$PATH
	l2what="the host's sh"
	if command -v busybox >/dev/null; then
		l2what="busybox's sh and applets, as in L2"
		mkdir "$d/bin"
		for line in $(busybox --list); do
			ln -s "$(command -v busybox)" "$d/bin/$line"
		done
		l2sh="$d/bin/sh"
		l2path=$d/bin
	fi
	# l2 CMD - CMD run with L2's functions
	l2()
	{
		PATH=$l2path $l2sh -c ". '$d/l2.sh'; $1"
	}
	# decode NAME - frames_decode of $d/NAME.log into $d/NAME.out, $d/NAME/
	decode()
	{
		frames_decode "$d/$1.log" "$d/$1" > "$d/$1.out"
	}

	printf '%s\n' 'cpu=0 samples=10 sum=123' '  leading spaces kept' '' 'a \ backslash' > "$d/sum.txt"
	printf '{"t_s": 1.000, "x": 1}\n{"t_s": 2.000, "x": 2}\n' > "$d/rec.json"
	for i in $(seq 1 200); do
		echo "{\"t_s\": $i.000, \"cpus\": [{\"cpu\": 0, \"wakeups\": $((i * 7))}]}"
	done > "$d/big.json"
	{
		echo "L2-BEGIN kernel=test"
		l2 "dump sum '$d/sum.txt'"
		echo "[   12.345] a kernel line between frames"
		l2 "send_record '$d/big.json' 'wrec stg'"
		l2 "send_record '$d/rec.json' rec"
		l2 "send_record '$d/missing.json' 'wrec stgq'"
		echo "L2R single line rc=0"
	} > "$d/good.log"
	grep -q '^L2R wrec stg begin lines=[0-9]* bytes=[0-9]* md5=[0-9a-f]\{32\} raw_bytes=[0-9]* raw_md5=[0-9a-f]\{32\}$' "$d/good.log"
	tap_result $? "L2's send_record ($l2what) frames a record: lines, bytes and md5 of the body and of the file"

	decode good
	rc=$?
	tap_is "$rc $(grep -c '^ok ' "$d/good/frames.txt") $(grep -c '^bad ' "$d/good/frames.txt")" "0 4 0" \
		"an intact console: four frames, all ok, status 0"
	body1=$(grep '^L2R sum ' "$d/good.out" | sed 's/^L2R sum //')
	tap_is "$body1" "$(cat "$d/sum.txt")" "an intact text frame comes out as L2 sent it (leading spaces, empty line, backslash)"
	cmp -s "$d/good/wrec-stg.1.raw" "$d/big.json" && cmp -s "$d/good/rec.1.raw" "$d/rec.json"
	tap_result $? "intact records decode to the files L2 sent (wrec stg, rec)"
	tap_is "$(grep -v '^L2R \(sum\|wrec stg\|rec\) ' "$d/good.out" | tr '\n' '|')" \
		"L2-BEGIN kernel=test|[   12.345] a kernel line between frames|L2R single line rc=0|" \
		"the lines outside frames pass unchanged; begin and end lines go, the empty record leaves nothing"
	[ ! -e "$d/good/wrec-stgq.1.raw" ] && grep -q '^ok wrec-stgq.1 wrec stgq$' "$d/good/frames.txt"
	tap_result $? "a record L2 did not have: an empty frame, intact, no decoded file"

	# one changed byte in the middle of the base64 record
	awk '/^L2R wrec stg [A-Za-z0-9+\/=]+$/ && ++n == 5 { $0 = substr($0, 1, 30) (substr($0, 31, 1) == "A" ? "B" : "A") substr($0, 32) } { print }' \
		"$d/good.log" > "$d/byte.log"
	decode byte
	tap_is "$(grep -c '^bad ' "$d/byte/frames.txt") $(grep -c '^L2R frame-bad ' "$d/byte.out")" "1 1" \
		"one changed byte: exactly one damaged frame, one frame-bad line"
	grep -q '^bad wrec-stg.1 wrec stg: checksum mismatch: md5 ' "$d/byte/frames.txt"
	tap_result $? "one changed byte: the record named, the reason a checksum mismatch: $(grep '^bad' "$d/byte/frames.txt" | cut -c1-120)"
	[ ! -e "$d/byte/wrec-stg.1.raw" ] && ! grep -q '^L2R wrec stg ' "$d/byte.out" &&
		cmp -s "$d/byte/rec.1.raw" "$d/rec.json"
	tap_result $? "one changed byte: no decoded file and no body for that record; the next record still decodes"

	# cut short: the console stops in the middle of the record
	n=$(grep -n '^L2R wrec stg ' "$d/good.log" | sed -n 10p | cut -d: -f1)
	head -n "$n" "$d/good.log" > "$d/cut.log"
	head -c 20 <(sed -n "$((n + 1))p" "$d/good.log") >> "$d/cut.log"
	decode cut
	line=$(grep '^L2R frame-bad ' "$d/cut.out")
	[[ $line == "L2R frame-bad wrec stg: missing end: cut short after 10 of "*"(the console ends)" ]]
	tap_result $? "cut short: the record's missing end named: $line"
	tap_is "$(grep -c '^ok ' "$d/cut/frames.txt") $(grep -c '^bad ' "$d/cut/frames.txt")" "1 1" \
		"cut short: the frame before it intact, exactly one bad"

	# a line lost inside a frame, the next frame intact
	awk '/^L2R sum / && ++n == 3 { next } { print }' "$d/good.log" > "$d/lost.log"
	decode lost
	grep -q '^bad sum.1 sum: length mismatch: 3 lines, [0-9]* bytes arrived where 4 lines' "$d/lost/frames.txt"
	tap_result $? "a lost line: a length mismatch, lines and bytes named: $(grep '^bad' "$d/lost/frames.txt")"

	# a kernel message in the middle of a frame, as its own line: harmless
	awk '{ print } /^L2R sum cpu=0/ { print "[   13.000] vmlat: a message between the lines" }' "$d/good.log" > "$d/kmsg.log"
	decode kmsg
	tap_is "$(grep -c '^ok ' "$d/kmsg/frames.txt")" 4 "a kernel line between a frame's lines: the frame still intact"

	# a kernel message written into the middle of a line by the serial
	# console: taken out again, the record intact; a message of four
	# lines inside the tag itself, the same; with a changed byte besides,
	# still a checksum mismatch
	awk '/^L2R wrec stg [A-Za-z0-9+\/=]+$/ && ++n == 7 {
		print substr($0, 1, 30) "[  347.861433] hrtimer: interrupt took 10728240 ns"
		print substr($0, 31)
		next
	} { print }' "$d/good.log" > "$d/kmid.log"
	decode kmid
	grep -q '^ok wrec-stg.1 wrec stg (repaired: ' "$d/kmid/frames.txt" && cmp -s "$d/kmid/wrec-stg.1.raw" "$d/big.json" &&
		[ "$(grep -c '^bad ' "$d/kmid/frames.txt")" = 0 ]
	tap_result $? "a kernel message inside a record's line: taken out, the record intact: $(grep '^ok wrec-stg' "$d/kmid/frames.txt")"
	awk '/^L2R wrec stg [A-Za-z0-9+\/=]+$/ && ++n == 3 {
		print substr($0, 1, 6) "[   80.854478] clocksource: timekeeping watchdog on CPU0: Marking clocksource \047tsc\047 as unstable because the skew is too large:"
		print "[   80.869601] clocksource:                       \047kvm-clock\047 wd_nsec: 480017011"
		print "[   80.886912] clocksource:                       \047tsc\047 cs_nsec: 484538596"
		print "[   80.902590] clocksource:                       \047kvm-clock\047 (not \047tsc\047) is current clocksource."
		print substr($0, 7)
		next
	} { print }' "$d/good.log" > "$d/kmid4.log"
	decode kmid4
	grep -q '^ok wrec-stg.1 wrec stg (repaired: ' "$d/kmid4/frames.txt" && cmp -s "$d/kmid4/wrec-stg.1.raw" "$d/big.json"
	tap_result $? "a kernel message of four lines inside a line's tag: taken out, the record intact"
	awk '/^L2R wrec stg [A-Za-z0-9+\/=]+$/ && ++n == 12 { $0 = substr($0, 1, 40) (substr($0, 41, 1) == "A" ? "B" : "A") substr($0, 42) } { print }' \
		"$d/kmid.log" > "$d/kmidbyte.log"
	decode kmidbyte
	grep -q '^bad wrec-stg.1 wrec stg: length mismatch: 21 lines, [0-9]* bytes arrived where 21 lines' "$d/kmidbyte/frames.txt" &&
		[ ! -e "$d/kmidbyte/wrec-stg.1.raw" ]
	tap_result $? "a kernel message inside a line and a changed byte: still damaged: $(grep '^bad' "$d/kmidbyte/frames.txt" | cut -c1-100)"

	# a kernel message inside a frame's end line: found again
	awk '/^L2R sum end lines=/ { print substr($0, 1, 12) "[   13.000000] hrtimer: interrupt took 10728240 ns"; print substr($0, 13); next } { print }' \
		"$d/good.log" > "$d/kend.log"
	decode kend
	tap_is "$(grep -c '^ok ' "$d/kend/frames.txt") $(grep -c '(repaired' "$d/kend/frames.txt")" "4 1" \
		"a kernel message inside a frame's end line: the end found again, the frame intact"

	# the end line damaged: the frame runs into the next frame's begin
	sed 's/^L2R sum end lines/L2R sum e#d lines/' "$d/good.log" > "$d/end.log"
	decode end
	grep -q '^bad sum.1 sum: missing end: cut short after 5 of 4 lines' "$d/end/frames.txt" &&
		[ "$(grep -c '^bad ' "$d/end/frames.txt")" = 1 ]
	tap_result $? "a damaged end line: missing end, one bad frame: $(grep '^bad' "$d/end/frames.txt")"

	# the begin line damaged: an end without begin
	sed 's/^L2R rec begin lines=\([0-9]*\)/L2R rec begin lines=x\1/' "$d/good.log" > "$d/begin.log"
	decode begin
	grep -q '^bad rec.1 rec: end without begin' "$d/begin/frames.txt" &&
		[ "$(grep -c '^bad ' "$d/begin/frames.txt")" = 1 ]
	tap_result $? "a damaged begin line: end without begin, one bad frame: $(grep '^bad' "$d/begin/frames.txt" | cut -c1-80)"

	# a record whose body is intact but which is not what L2 meant
	sed '/^L2R rec begin/s/raw_md5=[0-9a-f]*/raw_md5=0123/' "$d/good.log" > "$d/raw.log"
	decode raw
	grep -q '^bad rec.1 rec: the decoded record is [0-9]* bytes, md5 [0-9a-f]*, where L2 sent' "$d/raw/frames.txt"
	tap_result $? "a record that decodes to another file: named by its decoded length and md5"

	# run.sh's report from a damaged console: the checks say why, and the
	# summary line comes
	if [ -x "$(command -v awk)" ]; then
		{
			echo "KVM-L1 START kernel=test"
			cat "$d/byte.out"
		} > "$d/report.in"
		awk -v l2_smp=1 -v plot_rc=none -v wplot_rc=" stg=record-damaged" -f "$here/check.awk" \
			/dev/null "$d/report.in" /dev/null > "$d/report.tap"
		rc=$?
		grep -q "^not ok [0-9]* - L2's console: the record 'wrec stg' arrived damaged: checksum mismatch" "$d/report.tap" &&
			[ "$(grep -c "L2's console: the record" "$d/report.tap")" = 1 ] &&
			grep -q '^[0-9]* passed, [0-9]* failed' <(tail -n 1 "$d/report.tap") && [ "$rc" = 1 ]
		tap_result $? "check.awk: one not ok for the damaged record, with its reason, then the summary (status $rc)"
	fi

	# run.sh's own ends: a report cut short gets a not ok and the
	# summary (report_end); a stop under set -e before the report gets
	# both from the EXIT trap (stop_report)
	printf 'ok 1 - a\nnot ok 2 - b\nok 3 - c\n' > "$d/short.tap"
	line=$(bash -c ". '$here/../lib/tap.sh'; $(sed -n '/^report_end()/,/^}/p' "$here/run.sh")
		report_end 2 check.awk '$d/short.tap' > /dev/null; echo \$? \$report_done")
	tap_is "$line|$(tail -n 2 "$d/short.tap" | tr '\n' '|')" \
		"1 1|not ok 4 - check.awk stopped with status 2 before its summary line|2 passed, 2 failed|" \
		"run.sh: a report without its summary line gets a not ok and the summary, status 1"
	line=$(bash -c "$(sed -n '/^set -eEu$/,/^}/p' "$here/run.sh")
		false" 2>&1 | tr '\n' '|')
	[[ $line == "not ok 1 - tests/kvm/run.sh stopped with status 1 before its report (line "*": false)|0 passed, 1 failed|" ]]
	tap_result $? "run.sh: a command failing under set -e ends in a not ok naming it and the summary: $line"
	line=$(bash -c "$(sed -n '/^set -eEu$/,/^}/p' "$here/run.sh")
		f() { kill -TERM \$\$; sleep 2; }
		f > /dev/null" 2>&1 | tr '\n' '|')
	[[ $line == "not ok 1 - tests/kvm/run.sh stopped with status "*" before its report"*"|0 passed, 1 failed|" ]]
	tap_result $? "run.sh: a SIGTERM inside a command whose output goes elsewhere: the not ok and the summary still on stdout: $line"
	tap_finish --total
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	case ${1:-} in
	--self-test) self_test ;;
	*) sed -n 's/^# \{0,1\}//; /^Usage:/,/^$/p' "$0" >&2; exit 2 ;;
	esac
fi
