// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - parser benchmark: parse one message (+ its SDP) REPS times.
 *
 *   bench FILE          run under callgrind --toggle-collect=bench_measured:
 *                       only bench_measured() is counted (no startup, no
 *                       file I/O, no lazy symbol binding: a warm-up pass
 *                       runs first, outside the collected function).
 *   bench --time FILE   native wall-clock ns per message.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parse.h"

#define REPS 100

static struct sipalg_msg M;
static struct sipalg_sdp S;
volatile int sink;

static __attribute__((noinline)) int parse_once(const char *b, u32 len)
{
	struct sipalg_span sdp;
	int r = sipalg_parse_msg(b, len, &M, 0);

	if (r)
		return r;
	if (M.ctype == SIPALG_CT_SDP)
		return sipalg_parse_sdp(b, len, M.body, &S, 0);
	if (M.ctype == SIPALG_CT_MULTIPART &&
	    sipalg_multipart_find_sdp(b, len, M.body, M.boundary, &sdp) == SIPALG_OK)
		return sipalg_parse_sdp(b, len, sdp, &S, 0);
	return 0;
}

void bench_measured(const char *b, u32 len);

__attribute__((noinline)) void bench_measured(const char *b, u32 len)
{
	int i;

	for (i = 0; i < REPS; i++)
		sink += parse_once(b, len);
}

int main(int argc, char **argv)
{
	static char buf[65536];
	const char *path = argv[argc - 1];
	int timing = argc > 2 && !strcmp(argv[1], "--time");
	size_t n;
	FILE *f;
	int r;

	if (argc < 2) {
		fprintf(stderr, "usage: %s [--time] FILE\n", argv[0]);
		return 2;
	}
	f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 2;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);

	r = parse_once(buf, (u32)n);	/* warm-up, also checks the input */
	if (r) {
		fprintf(stderr, "%s: %s\n", path, sipalg_strerror(r));
		return 1;
	}
	if (timing) {
		struct timespec t0, t1;
		long k, iters = 20000;
		double ns;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		for (k = 0; k < iters / REPS; k++)
			bench_measured(buf, (u32)n);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ns = ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / iters;
		printf("%s %zu bytes %.0f ns/msg %.2f ns/byte\n", path, n, ns, ns / n);
		return 0;
	}
	bench_measured(buf, (u32)n);
	printf("bytes=%zu reps=%d nmedia=%u nhdrs=%u\n", n, REPS, S.nmedia, M.nhdrs);
	return 0;
}
