#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The reference streams of tests/unit/test_x86_insn.c: objdump's
# disassembly of real x86-64 code, one instruction per line as hex bytes,
# "-" where the stream breaks (a new function, bytes objdump could not
# decode). The code: libc (it has AVX2 and AVX-512 routines, VEX and
# EVEX) and, when /boot has one, the host's kernel's .text (the kernel's
# own encodings, STIs among them; a paravirt kernel's other STIs are
# patched in at boot from .altinstr_replacement, which is left out).
# Usage: x86-insn-ref.sh [DIR] (DIR: where to unpack the kernel)
set -u
dir=${1:-${TMPDIR:-/tmp}}

# dump FILE [OBJDUMP-ARGS] - FILE's code as the test reads it
dump()
{
	_f=$1
	shift
	objdump -d --insn-width=16 "$@" "$_f" 2>/dev/null | awk -F'\t' '
	/^ *[0-9a-f]+:\t/ {
		b = $2
		gsub(/ /, "", b)
		m = $3
		sub(/ +$/, "", m)
		if (m == "" || m ~ /\(bad\)|^\.byte|^\.word/) {
			print "-"
			pend = ""
			next
		}
		# a prefix objdump shows on a line of its own
		if (m ~ /^(cs|ds|es|ss|fs|gs|data16|addr32|lock|rep|repz|repnz|repe|repne|notrack|bnd|rex(\.[A-Z]+)?)$/) {
			pend = pend b
			next
		}
		b = pend b
		pend = ""
		# FWAIT before an x87 op: objdump shows both as one
		if (b ~ /^9b../) {
			print "9b"
			b = substr(b, 3)
		}
		print b
		next
	}
	{ print "-"; pend = "" }'
}

for lib in /lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libc.so.6; do
	if [ -f "$lib" ]; then
		dump "$lib"
		break
	fi
done

# the host's kernel, unpacked from its xz or zstd stream
for k in /boot/vmlinuz-*; do
	[ -r "$k" ] || continue
	out=$dir/vmlat-insn-vmlinux.$$
	for magic in '\3757zXZ' '\050\265\057\375'; do
		off=$(LC_ALL=C grep -obUa "$(printf "$magic")" "$k" 2>/dev/null |
		      head -n 1 | cut -d: -f1)
		[ -n "$off" ] || continue
		case $magic in
		*7zXZ) unpack="xz -dc" ;;
		*) unpack="zstd -dcq" ;;
		esac
		tail -c +"$((off + 1))" "$k" | $unpack >"$out" 2>/dev/null
		[ -s "$out" ] && break
	done
	if [ -s "$out" ]; then
		# .text: the code that runs where it lies. Left out:
		# .altinstr_replacement, only copied from into the sites it
		# patches (an STI there is followed by the next snippet, not
		# by the code it will run before; no interrupt lands in it),
		# and the init and exit code, which hold data that objdump
		# shows as instructions of its own (on 7.3: "lock rex")
		dump "$out" -j .text
	else
		echo "x86-insn-ref.sh: cannot unpack $k (neither an xz stream with xz nor a zstd one with zstd): no kernel STIs in the reference" >&2
	fi
	rm -f "$out"
	break
done
