# SPDX-License-Identifier: GPL-2.0
#
# sipalg - SIP application-level gateway for Linux (netfilter conntrack helper).
#
#   make               build module/nf_sipalg.ko and userspace/sipalgctl
#   make demo          build, boot a VM, place a real SIP call through a NAT gateway
#   make check         every test (unit, builds for 6.1 and 6.12, dkms, VM selftests, KUnit)
#   make install       install the module (and sipalgctl) on this machine
#   make kunit         KUnit suite in a KASAN/lockdep kernel (built once, cached)
#   make bench         sipalg vs the in-tree helper vs none, in one -icount VM boot
#   make stress        the load/fault test with 2000 calls per transport (6.12)
#
# KVER / KDIR pick the kernel to build against; default: the running kernel's
# headers, else the newest installed Debian headers.

SHELL := /bin/bash
TOP := $(CURDIR)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

running := $(shell uname -r)
kvers := $(shell ls -d /lib/modules/*/build 2>/dev/null | cut -d/ -f4 | sort -V)
KVER ?= $(if $(wildcard /lib/modules/$(running)/build),$(running),$(lastword $(kvers)))
KDIR ?= /lib/modules/$(KVER)/build
# The kernels `make check` builds and tests against: Debian 12's 6.1 and 6.12.
CHECK_KVERS ?= $(foreach s,6.1 6.12,$(lastword $(filter $(s).%,$(kvers))))

MODULE_SRCS := $(wildcard module/*.c module/*.h module/Kbuild) Kbuild \
	$(wildcard include/uapi/linux/*.h)

.PHONY: all module userspace modules-all deps demo demo-run check check-run unit vmtest dkms-check \
	checkpatch install clean help kunit kunit-run bench stress

all: module userspace

help:
	@sed -n '3,15p' Makefile

deps:
	@scripts/deps.sh check

module:
	@[ -d "$(KDIR)" ] || { echo "no kernel headers at $(KDIR): run scripts/deps.sh build" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(TOP) W=1 modules

# Out-of-source build for one kernel, in build/<kver>/ (a mirror of symlinks),
# so that several kernels can be built side by side.
build/%/nf_sipalg.ko: $(MODULE_SRCS)
	@mkdir -p build/$*/module
	@ln -sfn ../../include build/$*/include
	@ln -sf ../../Kbuild build/$*/Kbuild
	@for f in module/*.c module/*.h module/Kbuild; do ln -sf ../../../$$f build/$*/$$f; done
	$(MAKE) -C $(or $(KDIR_$*),/lib/modules/$*/build) M=$(TOP)/build/$* W=1 KCFLAGS=-Werror modules
	@cp build/$*/module/nf_sipalg.ko $@

modules-all: $(foreach k,$(CHECK_KVERS),build/$(k)/nf_sipalg.ko)

userspace:
	$(MAKE) -C userspace

unit:
	$(MAKE) -C selftests/unit run

TESTS ?= $(wildcard selftests/netns/[0-9]*.sh)
vmtest: modules-all userspace
	selftests/vm/run.sh $(VMFLAGS) $(TESTS)

dkms-check:
	selftests/dkms-check.sh $(CHECK_KVERS)

# The long version of selftests/netns/23-stress.sh (make check runs 200 calls
# per transport); STRESS_CALLS / STRESS_RATE / VMFLAGS override.
stress: modules-all userspace
	STRESS_CALLS=$${STRESS_CALLS:-2000} STRESS_RATE=$${STRESS_RATE:-20} SIPALG_TEST_TIMEOUT=1700 \
		selftests/vm/run.sh --timeout 1800 $(VMFLAGS) selftests/netns/23-stress.sh

checkpatch:
	scripts/checkpatch.sh

# deps first, then a fresh make: the kernel list is only known once the
# headers are installed.
demo:
	@scripts/deps.sh vm
	@$(MAKE) --no-print-directory demo-run

demo-run:
	@$(MAKE) --no-print-directory -s userspace build/$(lastword $(CHECK_KVERS))/nf_sipalg.ko
	@selftests/vm/run.sh --verbose --kernel /boot/vmlinuz-$(lastword $(CHECK_KVERS)) \
		selftests/demo.sh

check:
	@scripts/deps.sh check
	@$(MAKE) --no-print-directory check-run

check-run:
	@CHECK_KVERS="$(CHECK_KVERS)" selftests/check.sh

# KUnit: the suites of selftests/kunit (sipalg_parse: the parser unit tests;
# sipalg_rewrite: the edit planner and applier on constructed packets), and
# nf_sipalg.ko loaded and unloaded, in a KASAN/UBSAN/lockdep/kmemleak kernel that
# scripts/kunit-kernel.sh builds once (cached outside the repo).  make check runs it.
# KUNIT_TESTS: more guest tests to run after the suite (e.g. selftests/netns/*.sh);
# KUNIT_VMFLAGS: more selftests/vm/run.sh flags.
kunit:
	@scripts/deps.sh kunit
	@kdir=$$(scripts/kunit-kernel.sh) && \
	$(MAKE) --no-print-directory kunit-run KUNIT_DIR=$$kdir KUNIT_KVER=$$(cat $$kdir/kernel.release)

ifneq ($(KUNIT_DIR),)
# nf_sipalg.ko by the build/%/nf_sipalg.ko rule above, against the KUnit kernel.
KDIR_kunit-$(KUNIT_KVER) := $(KUNIT_DIR)/build
# build/kunit-<version>/ records which KUnit kernel it was built against: another
# one of the same version (another config fragment) rebuilds both modules.
KUNIT_STAMP := build/kunit-$(KUNIT_KVER)/.kunit-dir
ifneq ($(shell cat $(KUNIT_STAMP) 2>/dev/null),$(KUNIT_DIR))
$(shell mkdir -p build/kunit-$(KUNIT_KVER) && echo $(KUNIT_DIR) > $(KUNIT_STAMP))
endif
build/kunit-$(KUNIT_KVER)/nf_sipalg.ko: $(KUNIT_DIR)/.done $(KUNIT_STAMP)

KUNIT_SRCS := $(wildcard selftests/kunit/Kbuild selftests/kunit/*.c selftests/kunit/*.sh \
	$(MODULE_SRCS) selftests/unit/*.inc selftests/unit/*.h selftests/unit/msgs/*.sip)
build/kunit-%/sipalg_kunit.ko: $(KUNIT_SRCS) $(KUNIT_DIR)/.done $(KUNIT_STAMP)
	@mkdir -p build/kunit-$*/sipalg_kunit
	@for f in selftests/kunit/Kbuild selftests/kunit/*_kunit.c; do \
		ln -sf ../../../$$f build/kunit-$*/sipalg_kunit/; done
	$(MAKE) -C $(KUNIT_DIR)/build M=$(TOP)/build/kunit-$*/sipalg_kunit SIPALG_TOP=$(TOP) \
		W=1 KCFLAGS=-Werror modules
	@cp build/kunit-$*/sipalg_kunit/sipalg_kunit.ko $@

# 900 s: on a loaded 2-core host the KASAN kernel took 193 s to boot and the
# suites plus the kmemleak scans 175 s more (run.sh's default for one test is 420 s).
kunit-run: build/kunit-$(KUNIT_KVER)/nf_sipalg.ko build/kunit-$(KUNIT_KVER)/sipalg_kunit.ko
	selftests/vm/run.sh --verbose --timeout 900 --kernel $(KUNIT_DIR)/bzImage $(KUNIT_VMFLAGS) \
		selftests/kunit/run-kunit.sh $(KUNIT_TESTS)
endif

# Speed against no helper and the in-tree helper, in one -icount VM boot
# (bench/run.sh; BENCH_ARGS e.g. "--wall" or "rtp"). Never part of make check.
bench:
	@bench/run.sh $(BENCH_ARGS)

install: module
	$(MAKE) -C $(KDIR) M=$(TOP) modules_install
	depmod -a $(KVER)
	$(MAKE) -C userspace install

clean:
	$(MAKE) -C $(KDIR) M=$(TOP) clean 2>/dev/null || true
	rm -rf build
	$(MAKE) -C userspace clean
	-$(MAKE) -C selftests/unit clean
