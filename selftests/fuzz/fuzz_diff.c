// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_diff.c - differential libFuzzer target: the parser in module/ against
 * a reference build of the parser from another git revision (DIFF_REV in
 * the Makefile), whose global symbols are renamed old_sipalg_*.
 *
 * Every entry point is run on both with the same input; return codes, error
 * offsets and every initialised field of the results must be identical.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"

int old_sipalg_frame(const char *buf, u32 len, u32 *msg_len);
int old_sipalg_parse_msg(const char *buf, u32 len, struct sipalg_msg *m, u32 flags);
int old_sipalg_parse_sdp(const char *buf, u32 len, struct sipalg_span body,
			 struct sipalg_sdp *s, u32 max_media);
int old_sipalg_multipart_find_sdp(const char *buf, u32 len, struct sipalg_span body,
				  struct sipalg_span boundary, struct sipalg_span *sdp);
int old_sipalg_host_addr(const char *buf, struct sipalg_span host, u8 *out);
int sipalg_uri_parse(const char *b, u32 start, u32 end, struct sipalg_uri *u, u32 *err_off);
int old_sipalg_uri_parse(const char *b, u32 start, u32 end, struct sipalg_uri *u, u32 *err_off);

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "diff: " __VA_ARGS__);			\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static struct sipalg_msg M1, M2;
static struct sipalg_sdp S1, S2;

static int span_eq(struct sipalg_span a, struct sipalg_span b)
{
	return a.off == b.off && a.len == b.len;
}

static void cmp_msg(const struct sipalg_msg *a, const struct sipalg_msg *b, int r)
{
	unsigned int i;

	if (memcmp(a, b, offsetof(struct sipalg_msg, hdrs)))
		FAIL("msg scalars differ (ret %d, err_off %u/%u)", r, a->err_off, b->err_off);
	for (i = 0; i < a->nhdrs; i++) {
		const struct sipalg_hdr *x = &a->hdrs[i], *y = &b->hdrs[i];

		if (!span_eq(x->name, y->name) || !span_eq(x->value, y->value) ||
		    x->id != y->id || x->first_val != y->first_val || x->nvals != y->nvals)
			FAIL("hdr %u differs", i);
	}
	for (i = 0; i < a->nvals; i++) {
		const struct sipalg_val *x = &a->vals[i], *y = &b->vals[i];

		if (!span_eq(x->span, y->span) || x->hdr != y->hdr || x->id != y->id)
			FAIL("val %u differs", i);
	}
	for (i = 0; i < a->ncontacts; i++)
		if (memcmp(&a->contacts[i], &b->contacts[i], sizeof(a->contacts[i])))
			FAIL("contact %u differs", i);
}

static void cmp_sdp(const struct sipalg_sdp *a, const struct sipalg_sdp *b, int r)
{
	unsigned int i;

	if (memcmp(a, b, offsetof(struct sipalg_sdp, media)))
		FAIL("sdp scalars differ (ret %d, err_off %u/%u)", r, a->err_off, b->err_off);
	for (i = 0; i < a->nmedia; i++)
		if (memcmp(&a->media[i], &b->media[i], sizeof(a->media[i])))
			FAIL("media %u differs", i);
	for (i = 0; i < a->nice_del; i++)
		if (!span_eq(a->ice_del[i], b->ice_del[i]))
			FAIL("ice_del %u differs", i);
}

static void sdp_both(const char *b, u32 len, struct sipalg_span body, u32 max)
{
	int r1, r2;

	r1 = sipalg_parse_sdp(b, len, body, &S1, max);
	r2 = old_sipalg_parse_sdp(b, len, body, &S2, max);
	if (r1 != r2)
		FAIL("sdp ret %d vs old %d", r1, r2);
	cmp_sdp(&S1, &S2, r1);
}

static void msg_both(const char *b, u32 len, u32 flags)
{
	struct sipalg_span p1, p2;
	int r1, r2;

	r1 = sipalg_parse_msg(b, len, &M1, flags);
	r2 = old_sipalg_parse_msg(b, len, &M2, flags);
	if (r1 != r2)
		FAIL("msg ret %d vs old %d (flags %u)", r1, r2, flags);
	cmp_msg(&M1, &M2, r1);
	if (r1)
		return;
	/* SDP parse of the body whatever the Content-Type, and a small cap */
	sdp_both(b, len, M1.body, 0);
	sdp_both(b, len, M1.body, 2);
	if (M1.boundary.len && M1.boundary.len <= 70) {
		r1 = sipalg_multipart_find_sdp(b, len, M1.body, M1.boundary, &p1);
		r2 = old_sipalg_multipart_find_sdp(b, len, M1.body, M1.boundary, &p2);
		if (r1 != r2 || !span_eq(p1, p2))
			FAIL("multipart %d vs old %d", r1, r2);
		if (!r1)
			sdp_both(b, len, p1, 0);
	}
}

/*
 * A span of the input chosen by its first two bytes: an SDP body starting
 * anywhere in the first 12 bytes (the byte-wise start of the SDP line scan)
 * and ending at the buffer's end or up to 3 bytes before it; the same span
 * as a URI for sipalg_uri_parse(), whose span may end anywhere.
 */
static void spans_both(const char *b, u32 len)
{
	struct sipalg_uri u1, u2;
	struct sipalg_span sp;
	u32 off, cut, e1 = 1, e2 = 2;
	int r1, r2;

	if (len < 2 || len > 0xffff)
		return;
	off = (u8)b[0] % 12;
	cut = ((u8)b[1] >> 4) % 4;
	if (off + cut > len)
		return;
	sp.off = (u16)off;
	sp.len = (u16)(len - off - cut);
	sdp_both(b, len, sp, 0);
	memset(&u1, 0x5a, sizeof(u1));
	memset(&u2, 0x5a, sizeof(u2));
	r1 = sipalg_uri_parse(b, off, len - cut, &u1, &e1);
	r2 = old_sipalg_uri_parse(b, off, len - cut, &u2, &e2);
	if (r1 != r2 || (r1 && e1 != e2) || memcmp(&u1, &u2, sizeof(u1)))
		FAIL("uri_parse %d/%u vs old %d/%u", r1, e1, r2, e2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u32 len = (u32)size, off = 0, guard = 0;
	char *b;

	if (size > 70000)
		return 0;
	/* exact-size copy: reads past the end are caught by ASan */
	b = malloc(size ? size : 1);
	memcpy(b, data, size);

	msg_both(b, len, 0);
	msg_both(b, len, SIPALG_PF_STREAM);
	/* the input as an SDP body on its own */
	{
		struct sipalg_span all = { 0, (u16)(len > 0xffff ? 0xffff : len) };

		sdp_both(b, len, all, 0);
	}
	spans_both(b, len);
	while (off < len && guard++ < 1000) {
		u32 ml1 = 1, ml2 = 2;
		int r1 = sipalg_frame(b + off, len - off, &ml1);
		int r2 = old_sipalg_frame(b + off, len - off, &ml2);

		if (r1 != r2 || ml1 != ml2)
			FAIL("frame %d/%u vs old %d/%u", r1, ml1, r2, ml2);
		if ((r1 != SIPALG_OK && r1 != SIPALG_KEEPALIVE) || !ml1)
			break;
		if (r1 == SIPALG_OK) {
			char *m = malloc(ml1);

			memcpy(m, b + off, ml1);
			msg_both(m, ml1, SIPALG_PF_STREAM);
			free(m);
		}
		off += ml1;
	}
	free(b);
	return 0;
}
