# SPDX-License-Identifier: GPL-2.0
#
# vmlat top-level Makefile. It only forwards: the module to the kernel's
# build system (Kbuild declares what to build), the reader to
# userspace/Makefile, the tests to tests/.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
VMLAT_TEST ?= 0
PREFIX ?= /usr/local
DESTDIR ?=
DEB_OUT ?= build/deb

export VMLAT_TEST

.PHONY: all module reader clean check check-host check-here run install deb check-packaging check-matrix check-debug check-kvm

all: reader module

module:
	@if [ ! -d "$(KDIR)" ]; then \
		echo "vmlat: no kernel headers at KDIR=$(KDIR)" >&2; \
		echo "vmlat: install them (apt-get install linux-headers-$(KVER))" \
		     "or point KDIR at installed ones, e.g." >&2; \
		echo "vmlat:   make KDIR=$$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | tail -n 1)" >&2; \
		exit 1; \
	fi
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

reader:
	$(MAKE) -C userspace

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C userspace clean
	rm -f module/*.o module/*.ko module/*.mod* module/.*.cmd module/modules.order
	rm -f abi/*.o abi/.*.cmd

# Everything: the host tests, then the guest suite on Debian's 6.1
# (tests/check.sh; tests/README.md says how to run one test or one tier).
check:
	tests/check.sh

# The host-only tests (unit, reader, checkpatch, the harness self-test
# without boots) in under a minute; no guest, no module load.
check-host:
	tests/check-host.sh

# The safe subset of the guest tests on this machine's running kernel (a
# user's VM): says what it will do, runs only with VMLAT_CHECK_HERE=1,
# SKIPs (exit 4) with the reason where the kernel cannot load modules.
# CHECK_HERE_TESTS names some of the subset.
check-here:
	VMLAT_CHECK_HERE="$(VMLAT_CHECK_HERE)" tests/check-here.sh $(CHECK_HERE_TESTS)

run:
	tests/run.sh

# The reader and its man page, in $(DESTDIR)$(PREFIX)/sbin and
# .../share/man/man8. The module is installed with DKMS (docs/install.md).
install:
	$(MAKE) -C userspace install DESTDIR=$(DESTDIR) PREFIX=$(PREFIX)

# vmlat-dkms and vmlat .debs in $(DEB_OUT)/, built by dpkg-buildpackage
# from a copy of the tree's source files (no build outputs), so the
# checkout stays clean (git ignores $(DEB_OUT)). Needs debhelper and dh-dkms.
deb:
	rm -rf $(DEB_OUT)/src
	rm -f $(DEB_OUT)/vmlat*.deb $(DEB_OUT)/vmlat_*.changes $(DEB_OUT)/vmlat_*.buildinfo
	mkdir -p $(DEB_OUT)/src
	printf '*\n' >$(DEB_OUT)/.gitignore
	if [ -d .git ] && command -v git >/dev/null; then \
		git ls-files -z --cached --others --exclude-standard; \
	else \
		find . -path ./build -prune -o -type f -print0; \
	fi | tar --null --ignore-failed-read -cf - -T - | tar -xf - -C $(DEB_OUT)/src
	cd $(DEB_OUT)/src && dpkg-buildpackage -us -uc -b
	ls -l $(DEB_OUT)/*.deb

check-packaging:
	tests/packaging/run.sh

# The kernel matrix: DKMS build against Debian's 6.1 and 6.12 generic,
# cloud and rt headers, and the guest suite on each with that module.
check-matrix:
	tests/matrix.sh

# The debug-kernel tier (tests/debug/run.sh): a guest kernel built from
# the newest Debian kernel's source with lockdep, KASAN, kmemleak, debug
# objects, UBSAN and the atomic-sleep check (and a KCSAN variant), the
# guest suite on it.
# CHECK_DEBUG_ARGS=--ci runs what CI runs.
check-debug:
	tests/debug/run.sh $(CHECK_DEBUG_ARGS)

# The nested-KVM tier (tests/kvm/run.sh, docs/evidence/kvm.md): L1 under TCG
# emulating AMD SVM runs Debian's kvm-amd, L2 under it runs vmlat against
# KVM's real steal clock while a hog in L1 steals a known duty.
# CHECK_KVM_ARGS passes options, e.g. --kernel 6.12.
check-kvm:
	tests/kvm/run.sh $(CHECK_KVM_ARGS)

# Benchmarks (bench/run.sh): memory per CPU, the reader, the probe
# overhead against timerlat and cyclictest, the lean probe (null probe,
# old and new builds, with confidence intervals) and the read load in a
# QEMU/TCG guest; the measured tables live in docs/evidence/benchmarks.md.
# BENCH=NAME runs one of memory reader overhead lean readload soak (lean:
# BENCH_TCG, BENCH_OLD_REF; soak: VMLAT_SOAK_S, VMLAT_SOAK_PERIOD_US).
.PHONY: bench
bench:
	bench/run.sh $(BENCH)
