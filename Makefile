# SPDX-License-Identifier: GPL-2.0
#
# vmlat top-level Makefile. It only forwards: the module to the kernel's
# build system (Kbuild declares what to build), the reader to
# userspace/Makefile, the tests to tests/.

KVER ?= $(shell uname -r)
KDIR ?= /lib/modules/$(KVER)/build
VMLAT_TEST ?= 0

export VMLAT_TEST

.PHONY: all module reader clean check run install

all: module reader

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

check:
	tests/check.sh

run:
	tests/run.sh
