# SPDX-License-Identifier: GPL-2.0
#
# The one QEMU launcher of the test tiers: the machine an architecture
# boots on, the busybox initramfs every guest runs from, and the QEMU
# command line with its console and result channels. tests/guest/run.sh
# (and through it bench/ and `make run`) and tests/kvm/run.sh boot their
# guests with it on the host; the nested tier's L1 (tests/kvm/l1-init)
# boots its L2 with the same file. The host's kernel resolution is
# boot_kernel in tests/lib/host.sh.
#
# POSIX sh, so that busybox sh in L1 can source it; functions keep their
# locals in _qemu_* names. Call qemu_arch first.

# qemu_arch - the machine of architecture $1 (default x86_64), in
#   QEMU_ARCH     its name here (x86_64)
#   QEMU_BIN      the QEMU binary, QEMU_PKG the Debian package that has it
#   QEMU_MACHINE  the machine type
#   QEMU_CONSOLE  the kernel's console device on the first serial port
#   QEMU_PORT     the guest's device of serial port N is $QEMU_PORT$N
#   QEMU_IMAGE    the boot image's path in a kernel build tree
#   QEMU_CPU_TCG  the CPU model for TCG
# A new architecture is one more case here. x86_64's CPU is QEMU's "max"
# without CMPXCHG16B: QEMU 7.2's TCG computes RFLAGS after CMPXCHG16B from
# stale lazy flags, which a timer interrupt then saves and restores
# (docs/evidence/platform.md, tests/platform/cx16.sh). 2 for an unknown one.
qemu_arch()
{
	case ${1:-x86_64} in
	x86_64|amd64)
		QEMU_ARCH=x86_64
		QEMU_BIN=qemu-system-x86_64
		QEMU_PKG=qemu-system-x86
		QEMU_MACHINE=pc
		QEMU_CONSOLE=ttyS0
		QEMU_PORT=ttyS
		QEMU_IMAGE=arch/x86/boot/bzImage
		QEMU_CPU_TCG=max,cx16=off
		;;
	*)
		echo "qemu.sh: no machine for architecture '$1' (x86_64)" >&2
		return 2
		;;
	esac
}

# qemu_root - an initramfs root in $1: the directories, static busybox $2
# (default the host's) and a link for each of its applets
qemu_root()
{
	_qemu_bb=${2:-$(command -v busybox || echo /bin/busybox)}
	mkdir -p "$1/bin" "$1/sbin" "$1/usr/bin" "$1/usr/sbin" "$1/proc" \
		"$1/sys" "$1/dev" "$1/tmp" "$1/etc" "$1/lib" "$1/root" || return 1
	cp "$_qemu_bb" "$1/bin/busybox" || return 1
	for _qemu_applet in $("$_qemu_bb" --list-full); do
		[ -e "$1/$_qemu_applet" ] || ln -s /bin/busybox "$1/$_qemu_applet"
	done
}

# qemu_root_exe - the host's executable $2 into root $1, at $3 (default
# its own path), with the shared libraries and the loader it needs
qemu_root_exe()
{
	_qemu_dst=$1/${3:-$2}
	mkdir -p "$(dirname "$_qemu_dst")" || return 1
	rm -f "$_qemu_dst"
	cp -L "$2" "$_qemu_dst" || return 1
	ldd "$2" 2>/dev/null |
		awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' |
		while read -r _qemu_lib; do
			[ -e "$1$_qemu_lib" ] || cp -L --parents "$_qemu_lib" "$1/"
		done
}

# qemu_plain_module - module file $1 (.ko, .ko.xz, .ko.zst, .ko.gz) as
# the plain ELF busybox insmod loads, to $2
qemu_plain_module()
{
	case $1 in
	*.xz) xz -dc "$1" ;;
	*.zst) zstd -qdc "$1" ;;
	*.gz) gzip -dc "$1" ;;
	*) cat "$1" ;;
	esac > "$2"
}

# qemu_pack - the initramfs of root $1 as the gzipped cpio $2
qemu_pack()
{
	(cd "$1" && find . | cpio -o -H newc -R 0:0 --quiet) | gzip -1 > "$2"
}

# qemu_boot KEY=VALUE... - boot one guest to its end; QEMU's status.
#   name=N      the machine's name (its threads are named, "CPU 0/KVM")
#   accel=A     tcg,thread=multi|single or kvm (default tcg,thread=multi)
#   icount=S    TCG's deterministic clock: virtual time advances 2^S ns
#               per instruction (-icount shift=S; single-threaded TCG)
#   cpu=M       the CPU model (default QEMU_CPU_TCG)
#   smp=N mem=MIB kernel=FILE initrd=FILE
#   args=ARGS   the kernel's arguments after console=QEMU_CONSOLE
#   log=FILE    QEMU's own output (default /dev/null)
#   serial=FILE the next serial port, written to FILE: the first is the
#               kernel console, the next ones the guest's channels
#               (QEMU_PORT1 ...)
#   append=on   the serial files are appended to, not truncated
#   pidfile=F   QEMU writes its PID to F (for a caller that runs
#               qemu_boot in the background: $! is its subshell's)
#   disk=FILE   a raw image as a virtio block device (virtio-mmio on
#               microvm, PCI elsewhere), served by QEMU's main thread
# QEMU_WRAP, when set, is the command QEMU runs under (e.g. "timeout -k
# 10 900 nice -n 10" or "taskset -c 0"). No display, monitor or stdin:
# the guest's only ways out are its serial files.
qemu_boot()
{
	_qemu_name=vmlat _qemu_accel=tcg,thread=multi _qemu_cpu=$QEMU_CPU_TCG
	_qemu_smp=1 _qemu_mem=512 _qemu_kernel="" _qemu_initrd="" _qemu_args=""
	_qemu_log=/dev/null _qemu_serials="" _qemu_append=off _qemu_pidfile=""
	_qemu_icount="" _qemu_disk=""
	for _qemu_kv in "$@"; do
		_qemu_v=${_qemu_kv#*=}
		case $_qemu_kv in
		name=*) _qemu_name=$_qemu_v ;;
		accel=*) _qemu_accel=$_qemu_v ;;
		cpu=*) _qemu_cpu=$_qemu_v ;;
		smp=*) _qemu_smp=$_qemu_v ;;
		mem=*) _qemu_mem=$_qemu_v ;;
		kernel=*) _qemu_kernel=$_qemu_v ;;
		initrd=*) _qemu_initrd=$_qemu_v ;;
		args=*) _qemu_args=$_qemu_v ;;
		log=*) _qemu_log=$_qemu_v ;;
		serial=*) _qemu_serials="$_qemu_serials $_qemu_v" ;;
		append=on|append=off) _qemu_append=$_qemu_v ;;
		pidfile=*) _qemu_pidfile=$_qemu_v ;;
		icount=*) _qemu_icount=$_qemu_v ;;
		disk=*) _qemu_disk=$_qemu_v ;;
		*)
			echo "qemu_boot: unknown argument '$_qemu_kv'" >&2
			return 2
			;;
		esac
	done
	if [ -z "${QEMU_BIN:-}" ] || [ -z "$_qemu_kernel" ] || [ -z "$_qemu_initrd" ]; then
		echo "qemu_boot: qemu_arch, kernel= and initrd= are needed" >&2
		return 2
	fi
	# the serial ports as QEMU arguments, in "$@"
	set --
	_qemu_n=0
	for _qemu_f in $_qemu_serials; do
		set -- "$@" -chardev "file,id=s$_qemu_n,path=$_qemu_f,append=$_qemu_append" \
			-serial "chardev:s$_qemu_n"
		_qemu_n=$((_qemu_n + 1))
	done
	[ -z "$_qemu_pidfile" ] || set -- "$@" -pidfile "$_qemu_pidfile"
	[ -z "$_qemu_icount" ] || set -- "$@" -icount "shift=$_qemu_icount"
	if [ -n "$_qemu_disk" ]; then
		case $QEMU_MACHINE in
		microvm*) _qemu_dev=virtio-blk-device ;;
		*) _qemu_dev=virtio-blk-pci ;;
		esac
		set -- "$@" -drive "file=$_qemu_disk,if=none,id=vd0,format=raw" \
			-device "$_qemu_dev,drive=vd0"
	fi
	# shellcheck disable=SC2086 # QEMU_WRAP is a command and its words
	${QEMU_WRAP:-} "$QEMU_BIN" -M "$QEMU_MACHINE" -accel "$_qemu_accel" \
		-cpu "$_qemu_cpu" -smp "$_qemu_smp" -m "$_qemu_mem" \
		-nodefaults -no-user-config -name "$_qemu_name,debug-threads=on" \
		-kernel "$_qemu_kernel" -initrd "$_qemu_initrd" \
		-append "console=$QEMU_CONSOLE,115200 $_qemu_args" \
		-no-reboot -display none -monitor none "$@" \
		</dev/null >"$_qemu_log" 2>&1
}
