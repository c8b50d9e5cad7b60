// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_parse.c - libFuzzer target for the sipalg parser core.
 *
 * Drives sipalg_frame() over the input as a TCP stream, sipalg_parse_msg()
 * on every framed message and on the whole input as a datagram,
 * sipalg_parse_sdp() / sipalg_multipart_find_sdp() on SDP bodies, and the
 * address formatters on every parsed address, and aborts on any violated
 * invariant (see ../unit/invariants.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "invariants.h"

#define FAIL(...)							\
	do {								\
		fprintf(stderr, "invariant: " __VA_ARGS__);		\
		fputc('\n', stderr);					\
		abort();						\
	} while (0)

static struct sipalg_msg M;
static struct sipalg_sdp S;

/* format an address, parse the text back: must give the same bytes */
static void roundtrip(int af, const u8 *a)
{
	char txt[SIPALG_IP6_STRLEN];
	u8 back[16];
	int n;

	if (af == SIPALG_AF_IP4) {
		n = sipalg_fmt_ip4(txt, sizeof(txt), a);
		if (n < 7 || n > SIPALG_IP4_STRLEN || !sipalg_parse_ip4(txt, (u32)n, back) ||
		    memcmp(a, back, 4))
			FAIL("ip4 roundtrip");
		if (sipalg_fmt_ip4(txt, (u32)n - 1, a) != SIPALG_E_ARG)
			FAIL("ip4 short buffer");
	} else if (af == SIPALG_AF_IP6) {
		n = sipalg_fmt_ip6(txt, sizeof(txt), a);
		if (n < 2 || n > SIPALG_IP6_STRLEN || !sipalg_parse_ip6(txt, (u32)n, back) ||
		    memcmp(a, back, 16))
			FAIL("ip6 roundtrip %.*s", n, txt);
		if (sipalg_fmt_ip6(txt, (u32)n - 1, a) != SIPALG_E_ARG)
			FAIL("ip6 short buffer");
	}
}

static void host(const char *b, struct sipalg_span h)
{
	u8 a[16];

	if (h.len)
		roundtrip(sipalg_host_addr(b, h, a), a);
}

static void check_sdp(const char *b, u32 len, struct sipalg_span body)
{
	const char *why;
	unsigned int i;
	int r;

	r = sipalg_parse_sdp(b, len, body, &S, 0);
	if (r > 0 || (r < 0 && (S.err_off < body.off || S.err_off > body.off + body.len)))
		FAIL("sdp ret %d err_off %u", r, S.err_off);
	if (r)
		return;
	why = sipalg_check_sdp(b, len, body, &S);
	if (why)
		FAIL("sdp: %s", why);
	roundtrip(S.conn.af, S.conn.ip);
	for (i = 0; i < S.nmedia; i++) {
		roundtrip(S.media[i].conn.af, S.media[i].conn.ip);
		host(b, S.media[i].rtcp_addr);
	}
	host(b, S.origin_addr);
	/* a smaller media cap gives the explicit error, never a cut-off */
	if (S.nmedia > 1) {
		u32 n = S.nmedia;

		if (sipalg_parse_sdp(b, len, body, &S, n - 1) != SIPALG_E_TOO_MANY_MEDIA)
			FAIL("max_media %u not enforced", n - 1);
	}
}

static void check_msg(const char *b, u32 len, int r)
{
	struct sipalg_span sdp;
	const char *why;
	unsigned int i;

	if (r < 0 && M.err_off > len)
		FAIL("err_off %u > len %u", M.err_off, len);
	if (r != SIPALG_OK)
		return;
	why = sipalg_check_msg(b, len, &M);
	if (why)
		FAIL("msg: %s", why);
	host(b, M.ruri.host);
	host(b, M.via.host);
	host(b, M.via.received);
	host(b, M.from.uri.host);
	host(b, M.to.uri.host);
	for (i = 0; i < M.ncontacts; i++)
		host(b, M.contacts[i].uri.host);
	if (M.ctype == SIPALG_CT_SDP) {
		check_sdp(b, len, M.body);
	} else if (M.ctype == SIPALG_CT_MULTIPART) {
		r = sipalg_multipart_find_sdp(b, len, M.body, M.boundary, &sdp);
		if (r == SIPALG_OK) {
			if (!inv_in(sdp, M.body.off, inv_end(M.body)))
				FAIL("multipart part outside body");
			check_sdp(b, len, sdp);
		} else if (r != SIPALG_E_NO_SDP && r != SIPALG_E_MULTIPART) {
			FAIL("multipart ret %d", r);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u32 len = (u32)size, off = 0, guard = 0;
	char *b;
	int r;

	if (size > 70000)
		return 0;
	b = malloc(size ? size : 1);
	memcpy(b, data, size);

	/* the whole input as one datagram */
	r = sipalg_parse_msg(b, len, &M, 0);
	if (r > 0)
		FAIL("datagram parse returned %d", r);
	check_msg(b, len, r);

	/* the input as a stream: frame, then parse each framed message */
	while (off < len && guard++ < 1000) {
		u32 ml = 12345;

		r = sipalg_frame(b + off, len - off, &ml);
		if (r == SIPALG_KEEPALIVE) {
			if (!ml || ml > len - off)
				FAIL("keepalive %u", ml);
			off += ml;
			continue;
		}
		if (r != SIPALG_OK) {
			if (ml)
				FAIL("msg_len %u with ret %d", ml, r);
			break;
		}
		if (!ml || ml > len - off || ml > SIPALG_MAX_MSG_LEN)
			FAIL("frame msg_len %u", ml);
		{
			/* exact-size copy so that reads past the message are caught */
			char *m = malloc(ml);

			memcpy(m, b + off, ml);
			r = sipalg_parse_msg(m, ml, &M, SIPALG_PF_STREAM);
			if (r == SIPALG_NEED_MORE)
				FAIL("framed message needs more");
			if (r == SIPALG_OK && M.len != ml)
				FAIL("framed %u, parsed %u", ml, M.len);
			check_msg(m, ml, r);
			free(m);
		}
		off += ml;
	}

	/* formatters on raw bytes */
	if (size >= 16) {
		roundtrip(SIPALG_AF_IP6, data);
		roundtrip(SIPALG_AF_IP4, data);
	}
	free(b);
	return 0;
}
