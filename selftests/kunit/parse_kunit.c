// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "sipalg_parse": the parser core's unit tests
 * (selftests/unit/parse_tests.inc, also run in userspace by test_parse.c) in
 * the kernel, against the same parser sources (module/parse_*.c) built with the
 * kernel's flags, under KASAN, UBSAN, lockdep and kmemleak.
 *
 * Every input is a kmalloc()ed copy of exactly its length (kmalloc(0) for an
 * empty one), so KASAN reports any read past the end.  Each test of
 * parse_tests.inc is one KUnit case, with the same name.
 */
#include <kunit/test.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "parse.h"
#include "invariants.h"

/* the case being run (KUnit runs the cases of a suite one at a time) */
static struct kunit *sipalg_test;

/* Out of line, so that hundreds of checks do not each get a stack slot. */
static void sipalg_check(bool ok, const char *what, const char *file, int line)
{
	if (!ok)
		KUNIT_FAIL(sipalg_test, "%s:%d: CHECK(%s)", kbasename(file), line, what);
}

static void sipalg_check_eq(long a, long b, const char *sa, const char *sb,
			    const char *file, int line)
{
	if (a != b)
		KUNIT_FAIL(sipalg_test, "%s:%d: %s == %ld, want %s == %ld",
			   kbasename(file), line, sa, a, sb, b);
}

static __printf(2, 3) void sipalg_msg(bool fail, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	if (fail)
		KUNIT_FAIL(sipalg_test, "%pV", &vaf);
	else
		kunit_info(sipalg_test, "%pV", &vaf);
	va_end(args);
}

#define CHECK(c)	sipalg_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_EQ(a, b)	sipalg_check_eq((long)(a), (long)(b), #a, #b, __FILE__, __LINE__)
#define TFAIL(fmt, ...)	sipalg_msg(true, fmt, ##__VA_ARGS__)
#define TLOG(fmt, ...)	sipalg_msg(false, fmt, ##__VA_ARGS__)

static void *talloc(size_t n)
{
	void *p = kmalloc(n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(sipalg_test, p);
	return p;
}

static void *tzalloc(size_t n)
{
	void *p = kzalloc(n, GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(sipalg_test, p);
	return p;
}

static void tfree(void *p)
{
	kfree(p);
}

/* exact-size heap copy: KASAN catches any read at buf[n] */
static char *dup_exact(const void *p, size_t n)
{
	char *b = talloc(n);

	memcpy(b, p, n);
	return b;
}

struct sipalg_test_msg {
	const char *name;
	const unsigned char *data;
	u32 len;
};

/* sipalg_msgs[]: the files of selftests/unit/msgs, byte for byte (gen-msgs.sh) */
#include "msgs.gen.h"

/* a file of selftests/unit/msgs */
static char *load(const char *name, u32 *len)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sipalg_msgs); i++) {
		if (!strcmp(sipalg_msgs[i].name, name)) {
			*len = sipalg_msgs[i].len;
			return dup_exact(sipalg_msgs[i].data, *len);
		}
	}
	KUNIT_FAIL_AND_ABORT(sipalg_test, "no selftests/unit/msgs/%s", name);
	return NULL;
}

#include "parse_tests.inc"

/* one KUnit case per test of parse_tests.h, with the test's name */
#define PARSE_TEST(name)						\
	static void sipalg_kunit_##name(struct kunit *test)		\
	{								\
		sipalg_test = test;					\
		t_##name();						\
	}
#include "parse_tests.h"
#undef PARSE_TEST

static struct kunit_case sipalg_parse_cases[] = {
#define PARSE_TEST(test_name) \
	{ .run_case = sipalg_kunit_##test_name, .name = #test_name, .module_name = KBUILD_MODNAME },
#include "parse_tests.h"
#undef PARSE_TEST
	{}
};

static struct kunit_suite sipalg_parse_suite = {
	.name = "sipalg_parse",
	.test_cases = sipalg_parse_cases,
};
kunit_test_suite(sipalg_parse_suite);

MODULE_DESCRIPTION("KUnit tests of the sipalg SIP/SDP parser");
MODULE_LICENSE("GPL");
