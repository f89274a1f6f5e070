# SPDX-License-Identifier: GPL-2.0
#
# zmdev wrapper Makefile. Kbuild syntax lives in the Kbuild files; this file
# only drives kbuild, the test kernel, the VM harness and the checks.
#
#   make [ARCH=s390x|x86_64]      modules against the project's test kernel
#   make KDIR=/lib/modules/$(uname -r)/build
#                                 modules against your own kernel tree
#   make modules_install          install into /lib/modules/<kver>/updates
#   make callout_install [DESTDIR=..]
#                                 install mdevctl's vfio-ap callout (host
#                                 build, needs libjson-c-dev)
#   make check                    every build, static check and test
#   make demo                     build, boot s390x, show the modules working
#   make cmf-tool                 build tools/vfio-ccw-cmf (host build)
#   make fuzz [FUZZ_TIME=sec]     fuzz the vfio_ccw translator (default 120 s)
#   make bench [BENCH_SMOKE=1] [BENCH_KERNEL=debian]
#                                 our vfio_ccw against the in-kernel one
#   make vm [ARCH=..] [VM_ARGS=..] interactive shell in the test VM
#   make rules                    upstream rules and bug classes no test names
#   make help                     all targets

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
HOST_ARCH := $(shell uname -m)

ifneq ($(KDIR),)
# A user's kernel tree: build natively (or as ARCH/CROSS_COMPILE say).
ZARCH := $(or $(ARCH),$(HOST_ARCH))
BUILD := $(TOP)/build/kdir-$(ZARCH)
else
ZARCH := $(or $(ARCH),s390x)
BUILD := $(TOP)/build/$(ZARCH)
# Evaluated once, on first use, so that "make clean" builds no kernel.
KDIR = $(eval KDIR := $(shell $(TOP)/scripts/kernel.sh $(ZARCH)))$(KDIR)
NEED_KERNEL := 1
endif

ifeq ($(ZARCH),s390x)
KARCH := s390
ifneq ($(HOST_ARCH),s390x)
CROSS_COMPILE ?= s390x-linux-gnu-
endif
else ifeq ($(ZARCH),s390)
KARCH := s390
ZARCH := s390x
else
KARCH := $(ZARCH)
endif

# kbuild runs in a copy of the sources so that both architectures can be
# built side by side without their objects colliding.
SRCCOPY := $(BUILD)/src
KBUILD_ARGS = -C $(KDIR) M=$(SRCCOPY) ARCH=$(KARCH) CROSS_COMPILE=$(CROSS_COMPILE)
W ?= 1

.PHONY: all modules kernel sync clean modules_install selftests \
	check checkpatch sparse check-build demo vm bench fuzz rules help \
	callout callout_install cmf-tool

all: modules

kernel:
	@$(TOP)/scripts/kernel.sh $(ZARCH)

sync:
	@mkdir -p $(SRCCOPY)
	@rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod*' --exclude=modules.order --exclude=Module.symvers \
		$(TOP)/Kbuild $(wildcard $(TOP)/drivers $(TOP)/include) $(SRCCOPY)/
	@rsync -a $(TOP)/Kbuild $(SRCCOPY)/Kbuild

modules: sync
	$(MAKE) $(KBUILD_ARGS) W=$(W) modules

modules_install: modules
	$(MAKE) $(KBUILD_ARGS) INSTALL_MOD_DIR=updates modules_install

# mdevctl's callout is user space for the machine that runs mdevctl: it is
# built with the host's compiler, whatever ARCH says.
callout:
	@$(MAKE) -s -C $(TOP)/tools/vfio-ap-callout

callout_install:
	@$(MAKE) -s -C $(TOP)/tools/vfio-ap-callout install DESTDIR=$(DESTDIR)

# The channel-measurement reader: user space, built like the callout.
cmf-tool:
	@$(MAKE) -s -C $(TOP)/tools/vfio-ccw-cmf

selftests: modules
	@$(TOP)/tools/testing/vm/build-selftests.sh $(ZARCH) $(KDIR) $(BUILD)/selftests

checkpatch sparse check-build:
	@$(TOP)/scripts/check.sh $@

check:
	@$(TOP)/scripts/check.sh all

demo:
	@$(TOP)/tools/testing/vm/demo.sh

vm: modules selftests
	@$(TOP)/tools/testing/vm/run.sh --arch $(ZARCH) --shell $(VM_ARGS)

bench:
	@$(TOP)/tools/testing/vm/bench.sh $(if $(BENCH_SMOKE),--smoke) \
		$(if $(BENCH_KERNEL),--kernel $(BENCH_KERNEL))

# New fuzz inputs are kept in build/fuzz/ccw-cp, never in the seed corpus.
FUZZ_TIME ?= 120
fuzz:
	@$(MAKE) -s -C $(TOP)/tools/testing/ccw-cp fuzz FUZZ_TIME=$(FUZZ_TIME) \
		FUZZ_OUT=$(TOP)/build/fuzz/ccw-cp

rules:
	@$(TOP)/scripts/rule-coverage.py

clean:
	rm -rf $(TOP)/build

help:
	@sed -n '3,/^$$/p' $(TOP)/Makefile | sed 's/^# \{0,1\}//'
