// SPDX-License-Identifier: GPL-2.0
/*
 * test_parse.c - userspace unit tests of the sipalg parser core.
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

#define CHECK_SPAN(buf, sp, str) check_span(buf, sp, str, __LINE__, #sp)

static void check_span(const char *buf, struct sipalg_span sp, const char *want, int line,
		       const char *what)
{
	size_t n = strlen(want);

	if (sp.len != n || memcmp(buf + sp.off, want, n)) {
		fprintf(stderr, "%s:%d: %s: %s = \"%.*s\" (off %u), want \"%s\"\n", __FILE__, line,
			cur_test, what, (int)sp.len, buf + sp.off, sp.off, want);
		cur_failed = 1;
	}
}

/* exact-size heap copy: ASan catches any read at buf[len] */
static char *dup_exact(const void *p, size_t n)
{
	char *b = malloc(n ? n : 1);

	if (!b)
		abort();
	memcpy(b, p, n);
	return b;
}

static char *load(const char *name, u32 *len)
{
	char path[512];
	char tmp[65536 + 16];
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

static struct sipalg_msg M;
static struct sipalg_sdp S;

/* parse from a string (datagram), checking invariants */
static int parse_str(const char *s, char **out, u32 *len, u32 flags)
{
	int r;

	*len = (u32)strlen(s);
	*out = dup_exact(s, *len);
	r = sipalg_parse_msg(*out, *len, &M, flags);
	if (r == SIPALG_OK) {
		const char *why = sipalg_check_msg(*out, *len, &M);

		if (why) {
			fprintf(stderr, "%s: invariant: %s\n", cur_test, why);
			cur_failed = 1;
		}
	}
	return r;
}

static int parse_file(const char *name, char **out, u32 *len)
{
	int r;

	*out = load(name, len);
	r = sipalg_parse_msg(*out, *len, &M, 0);
	if (r == SIPALG_OK) {
		const char *why = sipalg_check_msg(*out, *len, &M);

		if (why) {
			fprintf(stderr, "%s: invariant: %s\n", cur_test, why);
			cur_failed = 1;
		}
	} else {
		fprintf(stderr, "%s: %s: %s at %u\n", cur_test, name, sipalg_strerror(r), M.err_off);
	}
	return r;
}

static int sdp_of(const char *buf, u32 len, struct sipalg_span body, u32 max)
{
	int r = sipalg_parse_sdp(buf, len, body, &S, max);

	if (r == SIPALG_OK) {
		const char *why = sipalg_check_sdp(buf, len, body, &S);

		if (why) {
			fprintf(stderr, "%s: sdp invariant: %s\n", cur_test, why);
			cur_failed = 1;
		}
	}
	return r;
}

/* SDP text alone as the whole buffer */
static int sdp_str(const char *s, char **out, u32 max)
{
	u32 len = (u32)strlen(s);
	struct sipalg_span body = { 0, (u16)len };

	*out = dup_exact(s, len);
	return sdp_of(*out, len, body, max);
}

/* ------------------------------------------------------------------ */

static void t_invite_basic(void)
{
	char *b;
	u32 len;
	const struct sipalg_hdr *h;

	CHECK_EQ(parse_file("invite_basic.sip", &b, &len), SIPALG_OK);
	CHECK(M.flags & SIPALG_MF_REQUEST);
	CHECK_EQ(M.method, SIPALG_M_INVITE);
	CHECK_SPAN(b, M.method_span, "INVITE");
	CHECK_SPAN(b, M.ruri.all, "sip:bob@biloxi.example.com");
	CHECK_SPAN(b, M.ruri.user, "bob");
	CHECK_SPAN(b, M.ruri.host, "biloxi.example.com");
	CHECK_EQ(M.ruri.af, SIPALG_AF_NAME);
	CHECK_EQ(M.ruri.port, 0);
	CHECK_EQ(M.ruri.scheme_id, SIPALG_SCHEME_SIP);
	CHECK_EQ(M.nhdrs, 12);
	CHECK_SPAN(b, M.via.transport, "UDP");
	CHECK_EQ(M.via.tp, SIPALG_TP_UDP);
	CHECK_SPAN(b, M.via.host, "192.168.1.10");
	CHECK_SPAN(b, M.via.sent_by, "192.168.1.10:5060");
	CHECK_EQ(M.via.port, 5060);
	CHECK_EQ(M.via.af, SIPALG_AF_IP4);
	CHECK_SPAN(b, M.via.branch, "z9hG4bK776asdhds");
	CHECK(M.via.has_rport);
	CHECK_SPAN(b, M.via.rport, "rport");
	CHECK_EQ(M.via.rport_val.len, 0);
	CHECK_EQ(M.via.received.len, 0);
	CHECK_EQ(inv_end(M.via.value), M.via.rport.off + 5);
	CHECK_EQ(M.max_forwards, 70);
	CHECK_SPAN(b, M.to.uri.all, "sip:bob@biloxi.example.com");
	CHECK_EQ(M.to.tag.len, 0);
	CHECK_SPAN(b, M.from.uri.host, "atlanta.example.com");
	CHECK_SPAN(b, M.from.tag, "1928301774");
	CHECK_SPAN(b, M.call_id, "a84b4c76e66710@pc33.atlanta.example.com");
	CHECK_EQ(M.cseq, 314159);
	CHECK_EQ(M.cseq_method, SIPALG_M_INVITE);
	CHECK_EQ(M.ncontacts, 1);
	CHECK_SPAN(b, M.contacts[0].uri.host, "192.168.1.10");
	CHECK_SPAN(b, M.contacts[0].uri.port_span, "5060");
	CHECK_SPAN(b, M.contacts[0].uri.transport, "udp");
	CHECK_EQ(M.contacts[0].uri.port, 5060);
	CHECK_EQ(M.contacts[0].flags, SIPALG_CONTACT_ANGLE);
	CHECK_EQ(M.ctype, SIPALG_CT_SDP);
	CHECK(M.flags & SIPALG_MF_CLEN);
	CHECK_EQ(M.clen, 359);
	CHECK_SPAN(b, M.clen_span, "359");
	CHECK_EQ(M.body.len, 359);
	CHECK_EQ(M.len, len);
	CHECK_EQ(M.hdr_len + 359, len);
	/* Allow is not split */
	h = &M.hdrs[7];
	CHECK_SPAN(b, h->name, "Allow");
	CHECK_EQ(h->id, SIPALG_H_OTHER);
	CHECK_EQ(h->nvals, 0);
	CHECK_EQ(sipalg_hdr_find(&M, SIPALG_H_CONTENT_LENGTH, 0), 11);
	CHECK_EQ(sipalg_hdr_find(&M, SIPALG_H_ROUTE, 0), -1);
	CHECK_EQ(sipalg_hdr_find(&M, SIPALG_H_OTHER, 0), 7);
	CHECK_EQ(sipalg_hdr_find(&M, SIPALG_H_OTHER, 8), 9);
	CHECK_EQ(sipalg_hdr_find(&M, SIPALG_H_SUPPORTED, 0), 8);

	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_SPAN(b, S.origin_addr, "192.168.1.10");
	CHECK_EQ(S.origin_af, SIPALG_AF_IP4);
	CHECK(S.conn.present);
	CHECK_SPAN(b, S.conn.addr, "192.168.1.10");
	CHECK_SPAN(b, S.conn.line, "c=IN IP4 192.168.1.10");
	CHECK_EQ(S.conn.ip[0], 192);
	CHECK_EQ(S.conn.ip[3], 10);
	CHECK(!S.conn.hold);
	CHECK_EQ(S.nmedia, 2);
	CHECK_EQ(S.media[0].type, SIPALG_MT_AUDIO);
	CHECK_EQ(S.media[0].port, 49170);
	CHECK_SPAN(b, S.media[0].port_span, "49170");
	CHECK_SPAN(b, S.media[0].proto, "RTP/AVP");
	CHECK_SPAN(b, S.media[0].line, "m=audio 49170 RTP/AVP 0 8 97 101");
	CHECK_EQ(S.media[0].count, 1);
	CHECK_EQ(S.media[0].dir, SIPALG_DIR_SENDRECV);
	CHECK(S.media[0].flags & SIPALG_MEDIA_DIR);
	CHECK(!(S.media[0].flags & SIPALG_MEDIA_RTCP));
	CHECK_EQ(S.media[1].type, SIPALG_MT_VIDEO);
	CHECK_EQ(S.media[1].port, 51372);
	CHECK_EQ(S.media[1].rtcp_port, 51373);
	CHECK_SPAN(b, S.media[1].rtcp_port_span, "51373");
	CHECK_EQ(S.media[1].flags, SIPALG_MEDIA_RTCP);
	CHECK_EQ(inv_end(S.media[1].section), len);
	CHECK(sipalg_sdp_media_conn(&S, 1) == &S.conn);
	CHECK(!sipalg_sdp_media_conn(&S, 2));
	CHECK_EQ(S.nice_del, 0);
	CHECK_EQ(S.flags, 0);
	free(b);
}

static void t_compact_lf_folding(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("invite_compact_lf.sip", &b, &len), SIPALG_OK);
	CHECK_SPAN(b, M.ruri.host, "10.0.0.2");
	CHECK_EQ(M.ruri.af, SIPALG_AF_IP4);
	CHECK_EQ(M.ruri.port, 5062);
	CHECK_SPAN(b, M.ruri.transport, "tcp");
	CHECK_SPAN(b, M.ruri.maddr, "10.0.0.9");
	CHECK_EQ(M.hdrs[0].id, SIPALG_H_VIA);
	CHECK_SPAN(b, M.hdrs[0].name, "v");
	CHECK_EQ(M.via.tp, SIPALG_TP_TCP);
	CHECK_SPAN(b, M.via.host, "10.0.0.1");
	CHECK_SPAN(b, M.via.sent_by, "10.0.0.1 : 5070");
	CHECK_EQ(M.via.port, 5070);
	CHECK_SPAN(b, M.via.branch, "z9hG4bKabc");
	CHECK_SPAN(b, M.via.received, "1.2.3.4");
	CHECK(!M.via.has_rport);
	CHECK_EQ(M.hdrs[1].id, SIPALG_H_VIA);
	CHECK_SPAN(b, M.hdrs[1].name, "VIA");
	CHECK_SPAN(b, M.hdrs[1].value, "SIP / 2.0 / UDP proxy.example.com;branch=z9hG4bKdef");
	CHECK_EQ(M.hdrs[1].nvals, 1);
	CHECK_EQ(M.nvals, 3);
	CHECK_EQ(M.hdrs[2].id, SIPALG_H_FROM);
	CHECK_SPAN(b, M.from.tag, "x1");
	CHECK_EQ(M.hdrs[3].id, SIPALG_H_TO);
	CHECK_SPAN(b, M.to.uri.all, "sip:bob@10.0.0.2");
	CHECK_SPAN(b, M.to.value, "sip:bob@10.0.0.2");
	CHECK_SPAN(b, M.call_id, "compact-1@10.0.0.1");
	CHECK_EQ(M.cseq, 7);
	CHECK_SPAN(b, M.cseq_method_span, "INVITE");
	CHECK_EQ(M.contacts[0].uri.port, 5070);
	CHECK_EQ(M.hdrs[7].id, SIPALG_H_SUBJECT);
	CHECK_SPAN(b, M.hdrs[7].value, "a folded\n   subject line");
	CHECK_EQ(M.hdrs[8].id, SIPALG_H_CONTENT_TYPE);
	CHECK_EQ(M.ctype, SIPALG_CT_SDP);
	CHECK_EQ(M.hdrs[9].id, SIPALG_H_CONTENT_LENGTH);
	CHECK_EQ(M.clen, M.body.len);
	CHECK_EQ(M.len, len);
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_EQ(S.nmedia, 1);
	CHECK(!S.conn.present);
	CHECK(S.media[0].conn.present);
	CHECK_SPAN(b, S.media[0].conn.addr, "10.0.0.1");
	CHECK(sipalg_sdp_media_conn(&S, 0) == &S.media[0].conn);
	CHECK_EQ(S.origin_af, SIPALG_AF_IP4);
	free(b);
}

static void t_ipv6(void)
{
	static const u8 v6_1[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	char *b, txt[SIPALG_IP6_STRLEN];
	u8 a[16];
	u32 len;

	CHECK_EQ(parse_file("invite_ipv6.sip", &b, &len), SIPALG_OK);
	CHECK_SPAN(b, M.ruri.host, "[2001:db8::2]");
	CHECK_EQ(M.ruri.af, SIPALG_AF_IP6);
	CHECK_EQ(M.ruri.port, 5060);
	CHECK_SPAN(b, M.via.host, "[2001:DB8:0:0:0:0:0:1]");
	CHECK_SPAN(b, M.via.sent_by, "[2001:DB8:0:0:0:0:0:1]:5060");
	CHECK_EQ(M.via.af, SIPALG_AF_IP6);
	CHECK_SPAN(b, M.via.received, "2001:db8::99");
	CHECK_SPAN(b, M.via.rport, "rport=5061");
	CHECK_SPAN(b, M.via.rport_val, "5061");
	CHECK_EQ(M.via.rport_port, 5061);
	CHECK_EQ(sipalg_host_addr(b, M.via.host, a), SIPALG_AF_IP6);
	CHECK(!memcmp(a, v6_1, 16));
	CHECK_EQ(sipalg_fmt_ip6(txt, sizeof(txt), a), 11);
	CHECK(!memcmp(txt, "2001:db8::1", 11));
	CHECK_EQ(sipalg_host_addr(b, M.via.received, a), SIPALG_AF_IP6);
	CHECK_SPAN(b, M.to.uri.host, "[2001:db8::2]");
	CHECK_SPAN(b, M.contacts[0].uri.host, "[2001:db8::1]");
	CHECK_EQ(M.contacts[0].uri.port, 5060);
	CHECK_SPAN(b, M.call_id, "v6call@2001:db8::1");
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_EQ(S.origin_af, SIPALG_AF_IP6);
	CHECK_EQ(S.conn.af, SIPALG_AF_IP6);
	CHECK(!memcmp(S.conn.ip, v6_1, 16));
	CHECK_EQ(S.media[0].rtcp_port, 6001);
	CHECK_EQ(S.media[0].flags, SIPALG_MEDIA_RTCP | SIPALG_MEDIA_RTCP_ADDR);
	CHECK_SPAN(b, S.media[0].rtcp_addr, "2001:db8::1");
	CHECK_EQ(S.media[0].rtcp_af, SIPALG_AF_IP6);
	free(b);
}

static void t_register_lists(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("register_contacts.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_REGISTER);
	CHECK_EQ(M.ruri.user.len, 0);
	CHECK_SPAN(b, M.ruri.host, "registrar.example.com");
	CHECK_EQ(M.nvals, 8);
	CHECK_EQ(M.hdrs[0].nvals, 2);
	CHECK_SPAN(b, M.vals[0].span, "SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKreg1");
	CHECK_SPAN(b, M.vals[1].span, "SIP/2.0/UDP 10.1.1.1;branch=z9hG4bKx");
	CHECK_EQ(M.hdrs[1].nvals, 1);
	CHECK_EQ(M.hdrs[1].first_val, 2);
	CHECK_SPAN(b, M.vals[2].span, "SIP/2.0/TCP 10.2.2.2:5080;branch=z9hG4bKy");
	CHECK_SPAN(b, M.via.host, "192.168.1.20");
	CHECK_SPAN(b, M.via.branch, "z9hG4bKreg1");
	CHECK_SPAN(b, M.via.value, "SIP/2.0/UDP 192.168.1.20:5060;branch=z9hG4bKreg1");
	CHECK_EQ(M.ncontacts, 3);
	CHECK_SPAN(b, M.contacts[0].value,
		   "\"Bob, mobile\" <sip:bob@192.168.1.20:5060>;expires=3600");
	CHECK_EQ(M.contacts[0].expires, 3600);
	CHECK_SPAN(b, M.contacts[0].expires_span, "3600");
	CHECK_EQ(M.contacts[0].flags, SIPALG_CONTACT_ANGLE | SIPALG_CONTACT_EXPIRES);
	CHECK_SPAN(b, M.contacts[1].uri.host, "[2001:db8::5]");
	CHECK_EQ(M.contacts[1].uri.af, SIPALG_AF_IP6);
	CHECK_EQ(M.contacts[1].flags, SIPALG_CONTACT_ANGLE);
	CHECK_SPAN(b, M.contacts[2].uri.all, "sip:bob@bob-pc.example.com");
	CHECK_EQ(M.contacts[2].flags, SIPALG_CONTACT_EXPIRES);
	CHECK_EQ(M.contacts[2].expires, 60);
	CHECK(M.flags & SIPALG_MF_EXPIRES);
	CHECK_EQ(M.expires, 7200);
	CHECK_EQ(M.hdrs[10].id, SIPALG_H_ROUTE);
	CHECK_EQ(M.hdrs[10].nvals, 2);
	CHECK_SPAN(b, M.vals[M.hdrs[10].first_val + 1].span, "<sip:p2.example.com;lr>");
	CHECK_EQ(M.vals[7].id, SIPALG_H_ROUTE);
	CHECK_EQ(M.body.len, 0);
	CHECK_EQ(M.clen, 0);
	free(b);
}

static void t_response_200(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("resp_200_sdp.sip", &b, &len), SIPALG_OK);
	CHECK(!(M.flags & SIPALG_MF_REQUEST));
	CHECK_EQ(M.status, 200);
	CHECK_SPAN(b, M.reason, "OK");
	CHECK_EQ(M.method, SIPALG_M_OTHER);
	CHECK_EQ(M.cseq_method, SIPALG_M_INVITE);
	CHECK_SPAN(b, M.via.host, "server10.biloxi.example.com");
	CHECK_SPAN(b, M.via.received, "192.0.2.3");
	CHECK_EQ(M.via.port, 0);
	CHECK_EQ(M.hdrs[3].id, SIPALG_H_RECORD_ROUTE);
	CHECK_EQ(M.hdrs[3].nvals, 2);
	CHECK_SPAN(b, M.to.tag, "a6c85cf");
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_EQ(S.nmedia, 2);
	CHECK_EQ(S.media[1].port, 0);
	CHECK_SPAN(b, S.media[1].port_span, "0");
	free(b);
}

static void t_bye_and_noclen(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("bye.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_BYE);
	CHECK_EQ(M.cseq_method, SIPALG_M_BYE);
	CHECK_EQ(M.ruri.port, 5060);
	CHECK_EQ(M.len, len);
	free(b);

	CHECK_EQ(parse_file("options_noclen.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_OPTIONS);
	CHECK(!(M.flags & SIPALG_MF_CLEN));
	CHECK_SPAN(b, M.body, "hello body\r\n");
	CHECK_EQ(M.len, len);
	/* a stream needs Content-Length */
	CHECK_EQ(sipalg_parse_msg(b, len, &M, SIPALG_PF_STREAM), SIPALG_E_NO_CLEN);
	CHECK_EQ(M.err_off, len - 12);
	free(b);
}

static void t_multipart(void)
{
	struct sipalg_span sp;
	char *b;
	u32 len;

	CHECK_EQ(parse_file("invite_multipart.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(M.ctype, SIPALG_CT_MULTIPART);
	CHECK_SPAN(b, M.boundary, "unique-boundary-1");
	CHECK_SPAN(b, M.ruri.user, "+15551234");
	CHECK_EQ(M.to.uri.scheme_id, SIPALG_SCHEME_TEL);
	CHECK_EQ(M.to.uri.af, SIPALG_AF_NONE);
	CHECK_SPAN(b, M.to.uri.all, "tel:+15551234");
	CHECK_EQ(sipalg_multipart_find_sdp(b, len, M.body, M.boundary, &sp), SIPALG_OK);
	CHECK(sp.len > 4 && !memcmp(b + sp.off, "v=0\r\n", 5));
	CHECK(!memcmp(b + sp.off + sp.len - 25, "m=audio 20000 RTP/AVP 0\r\n", 25));
	CHECK_EQ(sdp_of(b, len, sp, 0), SIPALG_OK);
	CHECK_EQ(S.nmedia, 1);
	CHECK_EQ(S.media[0].port, 20000);
	CHECK_SPAN(b, S.conn.addr, "198.51.100.7");
	free(b);
}

static void t_multipart_errors(void)
{
	static const char *bd = "xyz";
	struct sipalg_span body, bnd = { 0, 3 }, sp;
	const char *t;
	char *b;
	u32 n;

	t = "xyz--xyz\r\nContent-Type: text/plain\r\n\r\nhi\r\n--xyz--\r\n";
	n = (u32)strlen(t);
	b = dup_exact(t, n);
	body.off = 3;
	body.len = (u16)(n - 3);
	CHECK_EQ(sipalg_multipart_find_sdp(b, n, body, bnd, &sp), SIPALG_E_NO_SDP);
	free(b);
	t = "xyzno delimiter here\n";
	n = (u32)strlen(t);
	b = dup_exact(t, n);
	body.len = (u16)(n - 3);
	CHECK_EQ(sipalg_multipart_find_sdp(b, n, body, bnd, &sp), SIPALG_E_MULTIPART);
	free(b);
	/* SDP part never closed */
	t = "xyz--xyz\nContent-Type: application/sdp\n\nv=0\n";
	n = (u32)strlen(t);
	b = dup_exact(t, n);
	body.len = (u16)(n - 3);
	CHECK_EQ(sipalg_multipart_find_sdp(b, n, body, bnd, &sp), SIPALG_E_MULTIPART);
	/* LF only, closing delimiter right after */
	free(b);
	t = "xyzpreamble\n--xyz\ncontent-type:Application/SDP;x=y\n\nv=0\n--xyz--\n";
	n = (u32)strlen(t);
	b = dup_exact(t, n);
	body.len = (u16)(n - 3);
	CHECK_EQ(sipalg_multipart_find_sdp(b, n, body, bnd, &sp), SIPALG_OK);
	CHECK_SPAN(b, sp, "v=0");
	free(b);
	(void)bd;
}

static void t_ice_rtcp(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("invite_ice.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_EQ(S.flags, SIPALG_SDP_ICE | SIPALG_SDP_ANY_ICE);
	CHECK_EQ(S.nmedia, 2);
	CHECK(!S.conn.present);
	CHECK_EQ(S.media[0].flags, SIPALG_MEDIA_RTCP | SIPALG_MEDIA_RTCP_ADDR |
		 SIPALG_MEDIA_RTCP_MUX | SIPALG_MEDIA_ICE | SIPALG_MEDIA_DIR);
	CHECK_EQ(S.media[0].rtcp_port, 45665);
	CHECK_SPAN(b, S.media[0].rtcp_addr, "203.0.113.9");
	CHECK_EQ(S.media[0].rtcp_af, SIPALG_AF_IP4);
	CHECK_EQ(S.media[1].port, 45666);
	CHECK_EQ(S.media[1].count, 2);
	CHECK_SPAN(b, S.media[1].port_span, "45666");
	CHECK_EQ(S.media[1].dir, SIPALG_DIR_RECVONLY);
	CHECK_EQ(S.media[1].flags, SIPALG_MEDIA_ICE | SIPALG_MEDIA_DIR);
	CHECK_EQ(S.nice_del, 3);
	CHECK_SPAN(b, S.ice_del[0], "a=ice-ufrag:8hhY\r\na=ice-pwd:asd88fgpdd777uzjYhagZg\r\n");
	CHECK_SPAN(b, S.ice_del[1],
		   "a=candidate:1 1 UDP 2130706431 192.168.1.30 8998 typ host\r\n"
		   "a=candidate:2 1 UDP 1694498815 203.0.113.9 45664 typ srflx raddr "
		   "192.168.1.30 rport 8998\r\na=end-of-candidates\r\n");
	CHECK_SPAN(b, S.ice_del[2], "a=candidate:1 1 UDP 2130706431 192.168.1.30 9000 typ host\r\n");
	free(b);
}

static void t_hold(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("invite_hold.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK(S.conn.hold);
	CHECK_SPAN(b, S.conn.addr, "0.0.0.0");
	CHECK_EQ(S.dir, SIPALG_DIR_SENDONLY);
	CHECK_EQ(S.flags, SIPALG_SDP_DIR);
	CHECK_EQ(S.media[0].dir, SIPALG_DIR_SENDONLY);
	CHECK(!(S.media[0].flags & SIPALG_MEDIA_DIR));
	CHECK_EQ(S.media[1].dir, SIPALG_DIR_INACTIVE);
	CHECK_EQ(S.media[2].type, SIPALG_MT_IMAGE);
	CHECK_SPAN(b, S.media[2].proto, "udptl");
	CHECK(S.media[2].conn.hold);
	CHECK_EQ(S.media[2].conn.af, SIPALG_AF_IP6);
	CHECK_SPAN(b, S.media[2].conn.addr, "::");
	free(b);
}

static void t_cr_only(void)
{
	char *b;
	u32 len, ml;

	CHECK_EQ(parse_file("notify_cr.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_NOTIFY);
	CHECK_EQ(M.nhdrs, 7);
	CHECK_EQ(M.hdrs[5].id, SIPALG_H_EVENT);
	CHECK_SPAN(b, M.hdrs[5].value, "presence");
	CHECK_SPAN(b, M.body, "open");
	CHECK_EQ(sipalg_frame(b, len, &ml), SIPALG_OK);
	CHECK_EQ(ml, len);
	free(b);
}

static void t_16media(void)
{
	char *b;
	u32 len;

	CHECK_EQ(parse_file("invite_16media.sip", &b, &len), SIPALG_OK);
	CHECK_EQ(sdp_of(b, len, M.body, 0), SIPALG_OK);
	CHECK_EQ(S.nmedia, 16);
	CHECK_EQ(S.media[15].port, 20030);
	CHECK_EQ(S.media[15].rtcp_port, 20031);
	CHECK_EQ(S.media[2].type, SIPALG_MT_TEXT);
	CHECK_EQ(S.media[3].type, SIPALG_MT_APPLICATION);
	CHECK_EQ(sipalg_parse_sdp(b, len, M.body, &S, 15), SIPALG_E_TOO_MANY_MEDIA);
	CHECK(!memcmp(b + S.err_off, "m=application 20030", 19));
	CHECK_EQ(sipalg_parse_sdp(b, len, M.body, &S, 17), SIPALG_E_ARG);
	free(b);
}

static void t_too_many_media(void)
{
	char sdp[4096], *b;
	int n = 0, i;

	n += sprintf(sdp + n, "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\n");
	for (i = 0; i < 17; i++)
		n += sprintf(sdp + n, "m=audio %d RTP/AVP 0\r\n", 1000 + 2 * i);
	CHECK_EQ(sdp_str(sdp, &b, 0), SIPALG_E_TOO_MANY_MEDIA);
	CHECK(!memcmp(b + S.err_off, "m=audio 1032 ", 13));
	free(b);
	CHECK_EQ(sdp_str(sdp, &b, 2), SIPALG_E_TOO_MANY_MEDIA);
	CHECK(!memcmp(b + S.err_off, "m=audio 1004 ", 13));
	free(b);
}

static void t_sdp_misc(void)
{
	char *b;

	/* multicast ttl, FQDN, other media, LF only, no trailing EOL */
	CHECK_EQ(sdp_str("v=0\no=- 1 1 IN IP4 host.example.com\ns=-\nc=IN IP4 224.2.1.1/127/3\n"
			 "t=0 0\nm=message 9 TCP/MSRP *\nc=IN IP4 media.example.net\n"
			 "m=foo 5000/3 bar/baz 1", &b, 0), SIPALG_OK);
	CHECK_EQ(S.origin_af, SIPALG_AF_NAME);
	CHECK_SPAN(b, S.conn.addr, "224.2.1.1");
	CHECK_EQ(S.conn.af, SIPALG_AF_IP4);
	CHECK_EQ(S.media[0].type, SIPALG_MT_MESSAGE);
	CHECK_EQ(S.media[0].conn.af, SIPALG_AF_NAME);
	CHECK_SPAN(b, S.media[0].conn.addr, "media.example.net");
	CHECK_EQ(S.media[1].type, SIPALG_MT_OTHER);
	CHECK_SPAN(b, S.media[1].media, "foo");
	CHECK_EQ(S.media[1].count, 3);
	CHECK_SPAN(b, S.media[1].line, "m=foo 5000/3 bar/baz 1");
	free(b);
	/* active media without any c= */
	CHECK_EQ(sdp_str("v=0\r\ns=-\r\nm=audio 0 RTP/AVP 0\r\nm=audio 4000 RTP/AVP 0\r\n",
			 &b, 0), SIPALG_E_SDP_NO_CONN);
	CHECK(!memcmp(b + S.err_off, "m=audio 4000", 12));
	free(b);
	/* only disabled media: fine */
	CHECK_EQ(sdp_str("v=0\r\nm=audio 0 RTP/AVP 0\r\n", &b, 0), SIPALG_OK);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nc=IN IP4 1.2.3.5\r\n", &b, 0),
		 SIPALG_E_SDP_CONN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 ::1\r\n", &b, 0), SIPALG_E_SDP_CONN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP7 1.2.3.4\r\n", &b, 0), SIPALG_E_SDP_CONN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4 extra\r\n", &b, 0), SIPALG_E_SDP_CONN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 999.1.1.1\r\n", &b, 0), SIPALG_E_SDP_CONN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nbogus line\r\n", &b, 0), SIPALG_E_SDP_SYNTAX);
	CHECK_EQ(S.err_off, 5);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 70000 RTP/AVP 0\r\n", &b, 0),
		 SIPALG_E_SDP_MEDIA);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000/0 RTP/AVP 0\r\n", &b, 0),
		 SIPALG_E_SDP_MEDIA);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000\r\n", &b, 0),
		 SIPALG_E_SDP_MEDIA);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP 0\r\na=rtcp:\r\n", &b, 0),
		 SIPALG_E_SDP_RTCP);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP 0\r\n"
			 "a=rtcp:7001 IN IP4\r\n", &b, 0), SIPALG_E_SDP_RTCP);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\nm=audio 7000 RTP/AVP 0\r\n"
			 "a=rtcp:7001\r\na=rtcp:7003\r\n", &b, 0), SIPALG_E_SDP_RTCP);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\no=- 1 1 IN IP4\r\n", &b, 0), SIPALG_E_SDP_ORIGIN);
	free(b);
	CHECK_EQ(sdp_str("v=0\r\nc=IN IP4 1.2.3.4\r\n\0x=1\r\n", &b, 0), SIPALG_OK);
	free(b);
	/* NUL inside the body */
	{
		static const char t[] = "v=0\r\nc=IN IP4 1.2.3.4\r\n\0=1\r\n";
		struct sipalg_span body = { 0, sizeof(t) - 1 };

		b = dup_exact(t, sizeof(t) - 1);
		CHECK_EQ(sipalg_parse_sdp(b, sizeof(t) - 1, body, &S, 0), SIPALG_E_SDP_SYNTAX);
		CHECK_EQ(S.err_off, 23);
		free(b);
	}
	/* body outside buffer */
	{
		struct sipalg_span body = { 2, 10 };

		b = dup_exact("v=0\r\n", 5);
		CHECK_EQ(sipalg_parse_sdp(b, 5, body, &S, 0), SIPALG_E_ARG);
		free(b);
	}
	/* rtcp at session level and rtcp-mux at session level are ignored */
	CHECK_EQ(sdp_str("v=0\r\na=rtcp:9\r\na=rtcp-mux\r\nc=IN IP4 1.2.3.4\r\n"
			 "m=audio 7000 RTP/AVP 0\r\n", &b, 0), SIPALG_OK);
	CHECK_EQ(S.media[0].flags, 0);
	free(b);
}

static void t_ice_cap(void)
{
	char sdp[8192], *b;
	int n = 0, i;

	n += sprintf(sdp + n, "v=0\r\nc=IN IP4 1.2.3.4\r\n");
	for (i = 0; i < 16; i++)
		n += sprintf(sdp + n, "m=audio %d RTP/AVP 0\r\na=candidate:1\r\na=ptime:20\r\n"
			     "a=ice-ufrag:x\r\n", 1000 + 2 * i);
	CHECK_EQ(sdp_str(sdp, &b, 0), SIPALG_OK);
	CHECK_EQ(S.nice_del, 32);
	free(b);
	n += sprintf(sdp + n, "a=ptime:20\r\na=ice-pwd:y\r\n");
	CHECK_EQ(sdp_str(sdp, &b, 0), SIPALG_E_TOO_MANY_ICE);
	CHECK(!memcmp(b + S.err_off, "a=ice-pwd:y", 11));
	free(b);
}

static void t_sdp_prefixes(void)
{
	char *full, *b;
	u32 len, k;

	full = load("invite_ice.sip", &len);
	CHECK_EQ(sipalg_parse_msg(full, len, &M, 0), SIPALG_OK);
	for (k = M.body.off; k <= len; k++) {
		struct sipalg_span body = { M.body.off, (u16)(k - M.body.off) };

		b = dup_exact(full, k);
		(void)sdp_of(b, k, body, 0);
		free(b);
	}
	free(full);
}

/* ---- errors ------------------------------------------------------- */

#define HDRS	"Via: SIP/2.0/UDP 1.2.3.4;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\n" \
		"To: <sip:c@d>\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\n"

static void t_start_line_errors(void)
{
	char *b;
	u32 n;

	CHECK_EQ(parse_str("GET / HTTP/1.1\r\nHost: x\r\n\r\n", &b, &n, 0), SIPALG_E_VERSION);
	free(b);
	CHECK_EQ(parse_str("HTTP/1.1 200 OK\r\n\r\n", &b, &n, 0), SIPALG_E_VERSION);
	free(b);
	CHECK_EQ(parse_str("SIP/2.0 099 Low\r\n\r\n", &b, &n, 0), SIPALG_E_STATUS);
	free(b);
	CHECK_EQ(parse_str("SIP/2.0 700 High\r\n\r\n", &b, &n, 0), SIPALG_E_STATUS);
	free(b);
	CHECK_EQ(parse_str("SIP/2.0 20x OK\r\n\r\n", &b, &n, 0), SIPALG_E_STATUS);
	free(b);
	CHECK_EQ(parse_str("SIP/2.0 2000 OK\r\n\r\n", &b, &n, 0), SIPALG_E_STATUS);
	free(b);
	CHECK_EQ(parse_str("SIP/2.0 180\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.status, 180);
	CHECK_EQ(M.reason.len, 0);
	free(b);
	CHECK_EQ(parse_str("sip/2.0 486 Busy Here\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_SPAN(b, M.reason, "Busy Here");
	free(b);
	CHECK_EQ(parse_str("INVITE  sip:a@b SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_START_LINE);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0 \r\n\r\n", &b, &n, 0), SIPALG_E_VERSION);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/3.0\r\n\r\n", &b, &n, 0), SIPALG_E_VERSION);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b\r\n\r\n", &b, &n, 0), SIPALG_E_START_LINE);
	free(b);
	CHECK_EQ(parse_str("INVITE /x SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_URI);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@ SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_URI);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@[::1 SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_URI);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@h:65536 SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_URI);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@h:0 SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_E_URI);
	free(b);
	CHECK_EQ(parse_str("invite sip:a@h SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_OTHER);	/* methods are case-sensitive */
	free(b);
	CHECK_EQ(parse_str("FOO tel:+1-555;phone-context=x SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.ruri.scheme_id, SIPALG_SCHEME_TEL);
	CHECK_SPAN(b, M.method_span, "FOO");
	free(b);
	CHECK_EQ(parse_str("\r\n\r\n", &b, &n, 0), SIPALG_E_START_LINE);
	free(b);
	CHECK_EQ(parse_str("", &b, &n, 0), SIPALG_E_TRUNCATED);
	free(b);
	CHECK_EQ(parse_str("\x01\x02garbage", &b, &n, 0), SIPALG_E_CONTROL);
	free(b);
	CHECK_EQ(parse_str("PRACK sips:u:pw@h.example;transport=tls;lr?subject=x SIP/2.0\r\n\r\n",
			   &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_PRACK);
	CHECK_EQ(M.ruri.scheme_id, SIPALG_SCHEME_SIPS);
	CHECK_SPAN(b, M.ruri.user, "u:pw");
	CHECK_SPAN(b, M.ruri.host, "h.example");
	CHECK_SPAN(b, M.ruri.transport, "tls");
	free(b);
}

static void t_methods(void)
{
	static const char *const names[] = {
		"INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "PRACK", "UPDATE",
		"SUBSCRIBE", "NOTIFY", "REFER", "MESSAGE", "INFO", "PUBLISH",
	};
	char line[128], *b;
	u32 n;
	unsigned int i;

	for (i = 0; i < 14; i++) {
		snprintf(line, sizeof(line), "%s sip:x@y SIP/2.0\r\nCSeq: 9 %s\r\n\r\n",
			 names[i], names[i]);
		CHECK_EQ(parse_str(line, &b, &n, 0), SIPALG_OK);
		CHECK_EQ(M.method, i + 1);
		CHECK_EQ(M.cseq_method, i + 1);
		CHECK(!strcmp(sipalg_method_str(M.method), names[i]));
		free(b);
	}
	CHECK_EQ(parse_str("INVITEX sip:x@y SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_OTHER);
	free(b);
	CHECK_EQ(parse_str("IN sip:x@y SIP/2.0\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.method, SIPALG_M_OTHER);
	free(b);
	CHECK(!strcmp(sipalg_method_str(99), "OTHER"));
}

static void t_header_errors(void)
{
	char *b;
	u32 n;

	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\n Folded: start\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nNoColon\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	CHECK_EQ(M.err_off, 24);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\n: x\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nX: a\0b\r\n\r\n", &b, &n, 0),
		 SIPALG_E_TRUNCATED);	/* strlen stops at NUL */
	free(b);
	{
		static const char t[] = "INVITE sip:a@b SIP/2.0\r\nX: a\0b\r\n\r\n";

		b = dup_exact(t, sizeof(t) - 1);
		CHECK_EQ(sipalg_parse_msg(b, sizeof(t) - 1, &M, 0), SIPALG_E_CONTROL);
		CHECK_EQ(M.err_off, 28);
		free(b);
	}
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCall-ID: 1\r\ni: 2\r\n\r\n", &b, &n, 0),
		 SIPALG_E_DUP_HDR);
	CHECK_EQ(M.err_off, 36);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCall-ID:\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCSeq: 4294967296 INVITE\r\n\r\n", &b, &n, 0),
		 SIPALG_E_CSEQ);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCSeq: 4294967295 INVITE\r\n\r\n", &b, &n, 0),
		 SIPALG_OK);
	CHECK_EQ(M.cseq, 4294967295u);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCSeq: 1INVITE\r\n\r\n", &b, &n, 0),
		 SIPALG_E_CSEQ);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE x\r\n\r\n", &b, &n, 0),
		 SIPALG_E_CSEQ);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nExpires: 99999999999\r\n\r\n", &b, &n, 0),
		 SIPALG_E_NUMBER);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nMax-Forwards: -1\r\n\r\n", &b, &n, 0),
		 SIPALG_E_NUMBER);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nContent-Type: application\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CTYPE);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nContent-Type: multipart/mixed\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CTYPE);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nContent-Type: text/plain;charset=utf-8\r\n\r\n",
			   &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.ctype, SIPALG_CT_OTHER);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nFrom: \"unterminated <sip:a@b>\r\n\r\n",
			   &b, &n, 0), SIPALG_E_NAMEADDR);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b\r\n\r\n", &b, &n, 0),
		 SIPALG_E_NAMEADDR);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b>;tag\r\n\r\n", &b, &n, 0),
		 SIPALG_OK);
	CHECK_EQ(M.to.tag.len, 0);
	free(b);
	CHECK_EQ(parse_str("INVITE sip:a@b SIP/2.0\r\nTo: <sip:a@b> junk\r\n\r\n", &b, &n, 0),
		 SIPALG_E_NAMEADDR);
	free(b);
}

static void t_via_errors(void)
{
	char *b;
	u32 n;

	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/3.0/UDP h\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h:99999\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;rport=0\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP [1::2::3]\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;=x\r\n\r\n", &b, &n, 0),
		 SIPALG_E_VIA);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h,,SIP/2.0/UDP g\r\n\r\n",
			   &b, &n, 0), SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h,\r\n\r\n", &b, &n, 0),
		 SIPALG_E_HDR_SYNTAX);
	free(b);
	/* only the top Via is validated; later ones are spans */
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/WSS h;branch=\"q;x\"\r\n"
			   "Via: whatever\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.via.tp, SIPALG_TP_WSS);
	CHECK_SPAN(b, M.via.branch, "q;x");
	CHECK_SPAN(b, M.vals[1].span, "whatever");
	free(b);
	/* folded Via with the sent-by on the next line */
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP\r\n 10.1.2.3:5060\r\n"
			   "\t;branch=z9hG4bKf\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_SPAN(b, M.via.host, "10.1.2.3");
	CHECK_SPAN(b, M.via.branch, "z9hG4bKf");
	free(b);
}

static void t_quoted_commas(void)
{
	char *b;
	u32 n;

	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\n"
			   "Contact: \"a, \\\"b\\\", <c>\" <sip:u@1.1.1.1>, <sip:x,y@2.2.2.2;p=a,b>,"
			   " sip:z@3.3.3.3 , *\r\n\r\n", &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.ncontacts, 4);
	CHECK_SPAN(b, M.contacts[0].uri.host, "1.1.1.1");
	CHECK_SPAN(b, M.contacts[1].uri.user, "x,y");
	CHECK_SPAN(b, M.contacts[1].uri.host, "2.2.2.2");
	CHECK_SPAN(b, M.contacts[2].value, "sip:z@3.3.3.3");
	CHECK_EQ(M.contacts[3].flags, SIPALG_CONTACT_STAR);
	CHECK_EQ(M.contacts[3].uri.all.len, 0);
	free(b);
	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\nContact: \"a, b <sip:u@h>\r\n\r\n",
			   &b, &n, 0), SIPALG_E_HDR_SYNTAX);
	free(b);
	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\nContact: <sip:u@h>;expires=4294967296\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CONTACT);
	free(b);
	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\nm: <sip:u@h>;expires=\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CONTACT);
	free(b);
	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\nContact: <mailto:u@h>\r\n\r\n",
			   &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.contacts[0].uri.scheme_id, SIPALG_SCHEME_OTHER);
	free(b);
	CHECK_EQ(parse_str("REGISTER sip:r SIP/2.0\r\nRecord-Route: <sip:a;lr>,\r\n <sip:b;lr>\r\n\r\n",
			   &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.hdrs[0].nvals, 2);
	CHECK_SPAN(b, M.vals[1].span, "<sip:b;lr>");
	free(b);
}

static void t_too_many(void)
{
	static char big[SIPALG_MAX_HDR_BYTES + 1024];
	char *b;
	u32 n;
	int i, k;

	k = sprintf(big, "OPTIONS sip:a@b SIP/2.0\r\n");
	for (i = 0; i < SIPALG_MAX_HDRS; i++)
		k += sprintf(big + k, "X-H%d: %d\r\n", i, i);
	sprintf(big + k, "\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.nhdrs, SIPALG_MAX_HDRS);
	free(b);
	sprintf(big + k, "X-Last: 1\r\n\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_E_TOO_MANY_HDRS);
	CHECK(!memcmp(b + M.err_off, "X-Last", 6));
	free(b);

	k = sprintf(big, "OPTIONS sip:a@b SIP/2.0\r\nRoute: <sip:0>");
	for (i = 1; i < SIPALG_MAX_VALUES; i++)
		k += sprintf(big + k, ",<sip:%d>", i);
	sprintf(big + k, "\r\n\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_OK);
	CHECK_EQ(M.nvals, SIPALG_MAX_VALUES);
	free(b);
	sprintf(big + k, ",<sip:x>\r\n\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_E_TOO_MANY_VALUES);
	free(b);

	k = sprintf(big, "REGISTER sip:a@b SIP/2.0\r\n");
	for (i = 0; i <= SIPALG_MAX_CONTACTS; i++)
		k += sprintf(big + k, "m: <sip:%d@h>\r\n", i);
	sprintf(big + k, "\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_E_TOO_MANY_CONTACTS);
	free(b);

	/* header section limit */
	k = sprintf(big, "OPTIONS sip:a@b SIP/2.0\r\nX: ");
	memset(big + k, 'a', SIPALG_MAX_HDR_BYTES);
	k += SIPALG_MAX_HDR_BYTES - 100;
	sprintf(big + k, "\r\n\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_OK);
	free(b);
	memset(big + k, 'a', 200);
	sprintf(big + k + 200, "\r\n\r\n");
	CHECK_EQ(parse_str(big, &b, &n, 0), SIPALG_E_HDR_TOO_LONG);
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_E_HDR_TOO_LONG);
	free(b);
}

static void t_content_length(void)
{
	char *b;
	u32 n;

	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 18446744073709551616\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CLEN);
	CHECK(!memcmp(b + M.err_off, "1844", 4));
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 00000000000000000004\r\n\r\nabcd",
			   &b, &n, 0), SIPALG_OK);	/* 20 digits, value 4: fine */
	CHECK_EQ(M.clen, 4);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 4294967296\r\n\r\n",
			   &b, &n, 0), SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: -1\r\n\r\n", &b, &n, 0),
		 SIPALG_E_CLEN);
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: +1\r\n\r\nx", &b, &n, 0),
		 SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 1 2\r\n\r\nx", &b, &n, 0),
		 SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length:\r\n\r\n", &b, &n, 0),
		 SIPALG_E_CLEN);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nshort", &b, &n, 0),
		 SIPALG_E_BODY_SHORT);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 10\r\n\r\nshort", &b, &n,
			   SIPALG_PF_STREAM), SIPALG_NEED_MORE);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length: 65536\r\n\r\n", &b, &n, 0),
		 SIPALG_E_BODY_SHORT);
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_E_TOO_LONG);
	free(b);
	/* extra bytes after the body are not part of the datagram message */
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nl: 2\r\n\r\nabTRAILER", &b, &n, 0), SIPALG_OK);
	CHECK_SPAN(b, M.body, "ab");
	CHECK_EQ(M.len, n - 7);
	free(b);
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nl: 2\r\nContent-Length: 2\r\n\r\nab", &b, &n, 0),
		 SIPALG_E_DUP_HDR);
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_E_CLEN);
	free(b);
	/* folded Content-Length value */
	CHECK_EQ(parse_str("BYE sip:a@b SIP/2.0\r\nContent-Length:\r\n  3\r\n\r\nabc", &b, &n, 0),
		 SIPALG_OK);
	CHECK_EQ(M.clen, 3);
	CHECK_SPAN(b, M.clen_span, "3");
	CHECK_EQ(sipalg_frame(b, n, &n), SIPALG_OK);
	CHECK_EQ(n, M.len);
	free(b);
	/* too long */
	{
		char *big = calloc(1, 70000);

		memcpy(big, "BYE sip:a@b SIP/2.0\r\n\r\n", 23);
		CHECK_EQ(sipalg_parse_msg(big, 70000, &M, 0), SIPALG_E_TOO_LONG);
		free(big);
	}
}

static void t_frame(void)
{
	char *b, *two;
	u32 len, ml, n;

	b = load("invite_basic.sip", &len);
	CHECK_EQ(sipalg_frame(b, len, &ml), SIPALG_OK);
	CHECK_EQ(ml, len);
	CHECK_EQ(sipalg_parse_msg(b, ml, &M, SIPALG_PF_STREAM), SIPALG_OK);
	/* two messages back to back, with a keep-alive in between */
	two = malloc(2 * len + 4);
	memcpy(two, b, len);
	memcpy(two + len, "\r\n\r\n", 4);
	memcpy(two + len + 4, b, len);
	n = 2 * len + 4;
	CHECK_EQ(sipalg_frame(two, n, &ml), SIPALG_OK);
	CHECK_EQ(ml, len);
	CHECK_EQ(sipalg_frame(two + len, n - len, &ml), SIPALG_KEEPALIVE);
	CHECK_EQ(ml, 4);
	CHECK_EQ(sipalg_frame(two + len + 4, n - len - 4, &ml), SIPALG_OK);
	CHECK_EQ(ml, len);
	free(two);
	free(b);

	b = dup_exact("\r\n", 2);
	CHECK_EQ(sipalg_frame(b, 2, &ml), SIPALG_KEEPALIVE);
	CHECK_EQ(ml, 2);
	free(b);
	CHECK_EQ(sipalg_frame(NULL, 0, &ml), SIPALG_NEED_MORE);
	CHECK_EQ(sipalg_frame("x", 1, NULL), SIPALG_E_ARG);

	b = load("options_noclen.sip", &len);
	CHECK_EQ(sipalg_frame(b, len, &ml), SIPALG_E_NO_CLEN);
	free(b);

	b = load("invite_compact_lf.sip", &len);	/* LF + compact l: */
	CHECK_EQ(sipalg_frame(b, len, &ml), SIPALG_OK);
	CHECK_EQ(ml, len);
	free(b);

	/* a "Content-Length" inside a folded value of another header does not count */
	b = dup_exact("BYE sip:a@b SIP/2.0\r\nX: a\r\n Content-Length: 5\r\nl: 0\r\n\r\n", 55);
	CHECK_EQ(sipalg_frame(b, 55, &ml), SIPALG_OK);
	CHECK_EQ(ml, 55);
	free(b);
}

/* every proper prefix of a message with a body: frame NEED_MORE, parse never OK */
static void prefixes_of(const char *name)
{
	char *full, *b;
	u32 len, k, ml;
	int r;

	full = load(name, &len);
	for (k = 0; k < len; k++) {
		b = dup_exact(full, k);
		r = sipalg_frame(b, k, &ml);
		if (r != SIPALG_NEED_MORE) {
			fprintf(stderr, "%s: %s prefix %u: frame %d\n", cur_test, name, k, r);
			cur_failed = 1;
		}
		r = sipalg_parse_msg(b, k, &M, 0);
		if (r == SIPALG_OK || M.err_off > k) {
			fprintf(stderr, "%s: %s prefix %u: parse %d err_off %u\n", cur_test, name, k,
				r, M.err_off);
			cur_failed = 1;
		}
		r = sipalg_parse_msg(b, k, &M, SIPALG_PF_STREAM);
		if (r != SIPALG_NEED_MORE) {
			fprintf(stderr, "%s: %s prefix %u: stream parse %d\n", cur_test, name, k, r);
			cur_failed = 1;
		}
		free(b);
	}
	free(full);
}

static void t_prefixes(void)
{
	prefixes_of("invite_basic.sip");
	prefixes_of("invite_compact_lf.sip");
	prefixes_of("invite_ipv6.sip");
	prefixes_of("resp_200_sdp.sip");
	prefixes_of("invite_multipart.sip");
	prefixes_of("invite_ice.sip");
	prefixes_of("notify_cr.sip");
}

/* headers-only messages: any prefix parses to something consistent or fails */
static void t_prefixes_loose(void)
{
	static const char *const names[] = { "bye.sip", "register_contacts.sip",
					     "options_noclen.sip" };
	unsigned int i;

	for (i = 0; i < 3; i++) {
		char *full, *b;
		u32 len, k, ml;

		full = load(names[i], &len);
		for (k = 0; k < len; k++) {
			int r;

			b = dup_exact(full, k);
			r = sipalg_frame(b, k, &ml);
			CHECK(r == SIPALG_NEED_MORE || r == SIPALG_E_NO_CLEN);
			r = sipalg_parse_msg(b, k, &M, 0);
			if (r == SIPALG_OK)
				CHECK(!sipalg_check_msg(b, k, &M));
			else
				CHECK(M.err_off <= k);
			free(b);
		}
		free(full);
	}
}

static void t_garbage(void)
{
	static const char alphabet[] = "INVITE sip:@.;,<>\" \r\n\t:/=0123456789[]VvlL-";
	unsigned int seed = 12345, i, k;
	char buf[512];

	for (i = 0; i < 20000; i++) {
		u32 n = 1 + (seed % sizeof(buf)), ml;
		char *b;
		int r;

		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			/* skew towards SIP-ish bytes */
			buf[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		if (i & 1)
			memcpy(buf, "INVITE sip:a@b SIP/2.0\r\n", n < 24 ? n : 24);
		b = dup_exact(buf, n);
		r = sipalg_parse_msg(b, n, &M, i & 2 ? SIPALG_PF_STREAM : 0);
		if (r == SIPALG_OK) {
			const char *why = sipalg_check_msg(b, n, &M);

			if (why)
				fprintf(stderr, "garbage %u: %s\n", i, why);
			CHECK(!why);
			if (M.ctype == SIPALG_CT_SDP) {
				(void)sdp_of(b, n, M.body, 0);
			}
		}
		(void)sipalg_frame(b, n, &ml);
		CHECK(ml <= n);
		free(b);
	}
}

/* ---- utilities ----------------------------------------------------- */

static void t_numbers(void)
{
	u32 v;
	u16 p;

	CHECK(sipalg_parse_u32("4294967295", 10, &v) && v == 4294967295u);
	CHECK(!sipalg_parse_u32("4294967296", 10, &v));
	CHECK(!sipalg_parse_u32("99999999999999999999", 20, &v));
	CHECK(sipalg_parse_u32("00000000000000000042", 20, &v) && v == 42);
	CHECK(!sipalg_parse_u32("", 0, &v));
	CHECK(!sipalg_parse_u32("-1", 2, &v));
	CHECK(!sipalg_parse_u32("1 ", 2, &v));
	CHECK(sipalg_parse_port("65535", 5, &p) && p == 65535);
	CHECK(!sipalg_parse_port("65536", 5, &p));
	CHECK(!sipalg_parse_port("000080", 6, &p));
	CHECK(sipalg_parse_port("0", 1, &p) && p == 0);
}

static void t_ip4(void)
{
	static const char *const bad[] = {
		"1.2.3", "1.2.3.4.", "01.2.3.4", "256.1.1.1", " 1.2.3.4", "1.2.3.4 ", "1..3.4",
		"1.2.3.-4", "a.b.c.d", "1.2.3.4.5", "1234.1.1.1", "",
	};
	char out[SIPALG_IP4_STRLEN];
	u8 a[4], z[4] = { 0, 0, 0, 0 }, m[4] = { 255, 255, 255, 255 };
	unsigned int i;

	CHECK(sipalg_parse_ip4("192.168.0.1", 11, a) && a[0] == 192 && a[3] == 1);
	CHECK(sipalg_parse_ip4("0.0.0.0", 7, a) && !memcmp(a, z, 4));
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sipalg_parse_ip4(bad[i], (u32)strlen(bad[i]), a)) {
			fprintf(stderr, "ip4 accepted \"%s\"\n", bad[i]);
			cur_failed = 1;
		}
	}
	CHECK_EQ(sipalg_fmt_ip4(out, sizeof(out), m), 15);
	CHECK(!memcmp(out, "255.255.255.255", 15));
	CHECK_EQ(sipalg_fmt_ip4(out, sizeof(out), z), 7);
	CHECK(!memcmp(out, "0.0.0.0", 7));
	CHECK_EQ(sipalg_fmt_ip4(out, 14, m), SIPALG_E_ARG);
	a[0] = 10;
	a[1] = 0;
	a[2] = 100;
	a[3] = 9;
	CHECK_EQ(sipalg_fmt_ip4(out, 9, a), SIPALG_E_ARG);
	CHECK_EQ(sipalg_fmt_ip4(out, 10, a), 10);
	CHECK(!memcmp(out, "10.0.100.9", 10));
}

static void t_ip6(void)
{
	static const struct { const char *in, *canon; } ok[] = {
		{ "::", "::" },
		{ "::1", "::1" },
		{ "1::", "1::" },
		{ "2001:0db8:0000:0000:0000:0000:0002:0001", "2001:db8::2:1" },
		{ "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },	/* tie: first run */
		{ "2001:0:0:1:0:0:0:1", "2001:0:0:1::1" },		/* longest run */
		{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" },	/* no single :: */
		{ "2001:db8::0:1", "2001:db8::1" },
		{ "fe80::1:2:3:4", "fe80::1:2:3:4" },
		{ "::ffff:192.0.2.1", "::ffff:192.0.2.1" },
		{ "::FFFF:c000:0201", "::ffff:192.0.2.1" },
		{ "64:ff9b::192.0.2.33", "64:ff9b::c000:221" },
		{ "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0" },
		{ "::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8" },
		{ "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304" },
		{ "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff" },
		{ "0:0:0:0:0:0:0:0", "::" },
		{ "1:0:0:2:0:0:0:0", "1:0:0:2::" },
	};
	static const char *const bad[] = {
		":", ":::", "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", "1.2.3.4", "::1.2.3",
		"::256.1.1.1", "g::", "1:2:3:4:5:6:7", ":1::", "1::2:", "1:2:3:4:5:6:7:8::",
		"::1.2.3.4:5", "[::1]", "fe80::1%eth0", "1:2:3:4:5:6:7:1.2.3.4", "",
	};
	char out[SIPALG_IP6_STRLEN];
	u8 a[16];
	unsigned int i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int n;

		if (!sipalg_parse_ip6(ok[i].in, (u32)strlen(ok[i].in), a)) {
			fprintf(stderr, "ip6 rejected \"%s\"\n", ok[i].in);
			cur_failed = 1;
			continue;
		}
		n = sipalg_fmt_ip6(out, sizeof(out), a);
		if (n != (int)strlen(ok[i].canon) || memcmp(out, ok[i].canon, (size_t)n)) {
			fprintf(stderr, "ip6 \"%s\" -> \"%.*s\", want \"%s\"\n", ok[i].in,
				n > 0 ? n : 0, out, ok[i].canon);
			cur_failed = 1;
		}
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (sipalg_parse_ip6(bad[i], (u32)strlen(bad[i]), a)) {
			fprintf(stderr, "ip6 accepted \"%s\"\n", bad[i]);
			cur_failed = 1;
		}
	}
	memset(a, 0xff, 16);
	CHECK_EQ(sipalg_fmt_ip6(out, 38, a), SIPALG_E_ARG);
	CHECK_EQ(sipalg_fmt_ip6(out, 39, a), 39);
}

static void t_host_addr(void)
{
	static const char t[] = "[::1] 10.0.0.1 example.com 2001:db8::1 [bad]";
	struct sipalg_span s;
	u8 a[16];

	s.off = 0;
	s.len = 5;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_IP6);
	CHECK_EQ(a[15], 1);
	s.off = 6;
	s.len = 8;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_IP4);
	CHECK_EQ(a[0], 10);
	s.off = 15;
	s.len = 11;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_NAME);
	s.off = 27;
	s.len = 11;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_IP6);
	s.off = 39;
	s.len = 5;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_NAME);
	s.len = 0;
	CHECK_EQ(sipalg_host_addr(t, s, a), SIPALG_AF_NONE);
	CHECK(sipalg_span_ieq(t, (struct sipalg_span){ 15, 11 }, "EXAMPLE.COM", 11));
	CHECK(!sipalg_span_ieq(t, (struct sipalg_span){ 15, 11 }, "EXAMPLE.CO", 10));
}

static void t_strerror(void)
{
	int e;

	CHECK(!strcmp(sipalg_strerror(SIPALG_OK), "ok"));
	CHECK(!strcmp(sipalg_strerror(SIPALG_NEED_MORE), "need more data"));
	CHECK(!strcmp(sipalg_strerror(SIPALG_KEEPALIVE), "keep-alive"));
	for (e = -1; e >= SIPALG_E__MIN; e--)
		CHECK(strcmp(sipalg_strerror(e), "unknown error"));
	CHECK(!strcmp(sipalg_strerror(SIPALG_E__MIN - 1), "unknown error"));
	CHECK(!strcmp(sipalg_strerror(77), "unknown error"));
}

/* ------------------------------------------------------------------ */

#include "regress.inc"

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "invite_basic", t_invite_basic },
	{ "compact_lf_folding", t_compact_lf_folding },
	{ "ipv6", t_ipv6 },
	{ "register_lists", t_register_lists },
	{ "response_200", t_response_200 },
	{ "bye_and_noclen", t_bye_and_noclen },
	{ "multipart", t_multipart },
	{ "multipart_errors", t_multipart_errors },
	{ "ice_rtcp", t_ice_rtcp },
	{ "hold", t_hold },
	{ "cr_only", t_cr_only },
	{ "16media", t_16media },
	{ "too_many_media", t_too_many_media },
	{ "sdp_misc", t_sdp_misc },
	{ "ice_cap", t_ice_cap },
	{ "sdp_prefixes", t_sdp_prefixes },
	{ "start_line_errors", t_start_line_errors },
	{ "methods", t_methods },
	{ "header_errors", t_header_errors },
	{ "via_errors", t_via_errors },
	{ "quoted_commas", t_quoted_commas },
	{ "too_many", t_too_many },
	{ "content_length", t_content_length },
	{ "frame", t_frame },
	{ "prefixes", t_prefixes },
	{ "prefixes_loose", t_prefixes_loose },
	{ "garbage", t_garbage },
	{ "numbers", t_numbers },
	{ "ip4", t_ip4 },
	{ "ip6", t_ip6 },
	{ "host_addr", t_host_addr },
	{ "strerror", t_strerror },
	REGRESS_TESTS
};

int main(void)
{
	unsigned int i, passed = 0, failed = 0;

	for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
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
