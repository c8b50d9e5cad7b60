// SPDX-License-Identifier: GPL-2.0
/*
 * test_parse.c - userspace runner of the sipalg parser core's unit tests
 * (parse_tests.inc, shared with the KUnit suite in selftests/kunit).
 *
 * Every input is copied into a heap buffer of exactly its length, so that
 * AddressSanitizer reports any read past len.  The last line printed is
 * "N passed, N failed"; the exit status is non-zero on failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "invariants.h"

#ifndef MSGDIR
#define MSGDIR "msgs"
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

static const char *cur_test;
static int cur_failed;

#define CHECK(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: %s: CHECK(%s)\n",	\
				__FILE__, __LINE__, cur_test, #c);	\
			cur_failed = 1;					\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long _a = (long)(a), _b = (long)(b);			\
		if (_a != _b) {						\
			fprintf(stderr, "%s:%d: %s: %s == %ld, want %s == %ld\n", \
				__FILE__, __LINE__, cur_test, #a, _a, #b, _b); \
			cur_failed = 1;					\
		}							\
	} while (0)

#define TLOG(fmt, ...) fprintf(stderr, "%s: " fmt "\n", cur_test, ##__VA_ARGS__)

#define TFAIL(fmt, ...)							\
	do {								\
		TLOG(fmt, ##__VA_ARGS__);				\
		cur_failed = 1;						\
	} while (0)

static void *talloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		abort();
	return p;
}

static void *tzalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);

	if (!p)
		abort();
	return p;
}

static void tfree(void *p)
{
	free(p);
}

/* exact-size heap copy: ASan catches any read at buf[len] */
static char *dup_exact(const void *p, size_t n)
{
	char *b = talloc(n);

	memcpy(b, p, n);
	return b;
}

static char *load(const char *name, u32 *len)
{
	char path[512];
	static char tmp[65536 + 16];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", MSGDIR, name);
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	n = fread(tmp, 1, sizeof(tmp), f);
	fclose(f);
	*len = (u32)n;
	return dup_exact(tmp, n);
}

#include "parse_tests.inc"

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
#define PARSE_TEST(name) { #name, t_##name },
#include "parse_tests.h"
#undef PARSE_TEST
};

int main(void)
{
	unsigned int i, passed = 0, failed = 0;

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		cur_test = tests[i].name;
		cur_failed = 0;
		tests[i].fn();
		if (cur_failed) {
			printf("FAIL %s\n", cur_test);
			failed++;
		} else {
			printf("ok   %s\n", cur_test);
			passed++;
		}
	}
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
