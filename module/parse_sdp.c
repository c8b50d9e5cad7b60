// SPDX-License-Identifier: GPL-2.0
/*
 * parse_sdp.c - sipalg parser core: one-pass SDP (RFC 8866/4566) indexing
 * and simple multipart/mixed (RFC 2046) part lookup (see parse.h).
 *
 * Spans are relative to the start of the SIP message buffer, not the body.
 */
#include "parse_int.h"

struct sipalg_sctx {
	const char *b;
	u32 len;
	struct sipalg_sdp *s;
	struct sipalg_sdp_media *md;	/* current m= section, NULL before */
	u32 max_media;
	u32 err_off;
};

static int sipalg_sfail(struct sipalg_sctx *c, u32 off, int err)
{
	c->err_off = off;
	return err;
}

/*
 * Next space-separated field in [*pp, end): [*fs, *fe).  false if none.
 * b[0..lim) may be read (lim >= end).
 */
static __always_inline bool sipalg_field_lim(const char *b, u32 *pp, u32 end, u32 lim,
					     u32 *fs, u32 *fe)
{
	u32 p = *pp;

	while (p < end && b[p] == ' ')
		p++;
	*fs = p;
	p = sipalg_find_chr_lim(b, p, end, lim, ' ');
	*fe = p;
	*pp = p;
	return *fe > *fs;
}

static bool sipalg_is_zero(const u8 *a, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

/*
 * Address of addrtype [ts, te) at [as, ae): IP4/IP6 literal or a host name.
 * Returns enum sipalg_af, or SIPALG_AF_NONE if invalid.
 */
static u8 sipalg_sdp_addr(const char *b, u32 ts, u32 te, u32 as, u32 ae, u8 *ip)
{
	memset(ip, 0, 16);
	if (te - ts != 3 || b[ts] != 'I' || b[ts + 1] != 'P' ||
	    (b[ts + 2] != '4' && b[ts + 2] != '6'))
		return SIPALG_AF_NONE;
	if (b[ts + 2] == '4' && sipalg_parse_ip4(b + as, ae - as, ip))
		return SIPALG_AF_IP4;
	if (b[ts + 2] == '6' && sipalg_parse_ip6(b + as, ae - as, ip))
		return SIPALG_AF_IP6;
	memset(ip, 0, 16);
	if (ae > as && sipalg_skip_cls(b, as, ae, SIPALG_C_HOST) == ae &&
	    sipalg_is(b[ae - 1], SIPALG_C_ALPHA))
		return SIPALG_AF_NAME;
	return SIPALG_AF_NONE;
}

/*
 * sipalg_parse_ip4() of [as, ae) without its copy (the caller checks with
 * sipalg_ip4_term() that the address is followed by a byte that cannot be
 * part of it).  On success the 4 bytes are stored in out.
 */
static __always_inline bool sipalg_sdp_ip4(const char *b, u32 as, u32 ae, u8 *out)
{
	u8 a[4];

	if (sipalg_ip4_scan(b, as, ae, a, true) != ae)
		return false;
	memcpy(out, a, 4);
	return true;
}

/* Does b[ae] exist and end a dotted quad for sipalg_sdp_ip4()? */
static __always_inline bool sipalg_ip4_term(const char *b, u32 ae, u32 len)
{
	return ae < len && (u32)(u8)b[ae] - '0' > 9 && b[ae] != '.';
}

/*
 * Fast path of the common "IN IP4 <addr>" / "IN IP6 <addr>" tail of c= and
 * o= lines starting at b[p] with single spaces and nothing after the
 * address: true with the address at [p + 7, e).  When it says false the
 * generic field parsing decides (same results, also on errors).
 */
static __always_inline bool sipalg_in_ip(const char *b, u32 p, u32 e, u32 lim)
{
	if (e - p < 8 || b[p + 7] == ' ' ||
	    (!sipalg_eq(b + p, "IN IP4 ", 7) && !sipalg_eq(b + p, "IN IP6 ", 7)))
		return false;
	return sipalg_find_chr_lim(b, p + 7, e, lim, ' ') == e;
}

/* A c= address that is the IPv4 address ip4 (0.0.0.0: on hold). */
static __always_inline void sipalg_conn_ip4(struct sipalg_sdp_conn *cn, const u8 *ip4)
{
	memset(cn->ip, 0, 16);
	memcpy(cn->ip, ip4, 4);
	cn->af = SIPALG_AF_IP4;
	cn->hold = !(ip4[0] | ip4[1] | ip4[2] | ip4[3]);
}

/* c=IN IP4 addr[/ttl[/n]] at [ls, e), value from vs. */
static int sipalg_sdp_conn(struct sipalg_sctx *c, u32 ls, u32 vs, u32 e,
			   struct sipalg_sdp_conn *cn)
{
	const char *b = c->b;
	u32 p = vs, ns, ne, ts, te, as, ae, x;
	u8 ip4[4];

	if (cn->present)
		return sipalg_sfail(c, ls, SIPALG_E_SDP_CONN);
	/*
	 * fast path: "IN IP4 <dotted quad>" (which holds no ' ' or '/'), as
	 * the generic code below would find it
	 */
	if (e - vs >= 14 && sipalg_eq(b + vs, "IN IP4 ", 7) && sipalg_ip4_term(b, e, c->len) &&
	    sipalg_sdp_ip4(b, vs + 7, e, ip4)) {
		sipalg_conn_ip4(cn, ip4);
		as = vs + 7;
		ae = e;
		goto done;
	}
	if (vs < e && sipalg_in_ip(b, vs, e, c->len)) {
		ts = vs + 3;
		te = vs + 6;
		as = vs + 7;
		ae = e;
	} else {
		if (!sipalg_field_lim(b, &p, e, c->len, &ns, &ne) || ne - ns != 2 ||
		    !sipalg_eq(b + ns, "IN", 2) || !sipalg_field_lim(b, &p, e, c->len, &ts, &te) ||
		    !sipalg_field_lim(b, &p, e, c->len, &as, &ae))
			return sipalg_sfail(c, p, SIPALG_E_SDP_CONN);
		if (sipalg_field_lim(b, &p, e, c->len, &ns, &ne))
			return sipalg_sfail(c, ns, SIPALG_E_SDP_CONN);
	}
	x = sipalg_find_chr_lim(b, as, ae, c->len, '/');
	if (x < ae) {
		u32 q;

		for (q = x; q < ae; q++)
			if (b[q] != '/' && !sipalg_is(b[q], SIPALG_C_DIGIT))
				return sipalg_sfail(c, q, SIPALG_E_SDP_CONN);
		ae = x;
	}
	if (te - ts == 3 && b[ts] == 'I' && b[ts + 1] == 'P' && b[ts + 2] == '4' &&
	    sipalg_ip4_term(b, ae, c->len) && sipalg_sdp_ip4(b, as, ae, ip4)) {
		sipalg_conn_ip4(cn, ip4);
	} else {
		cn->af = sipalg_sdp_addr(b, ts, te, as, ae, cn->ip);
		if (cn->af == SIPALG_AF_NONE)
			return sipalg_sfail(c, as, SIPALG_E_SDP_CONN);
		cn->hold = cn->af != SIPALG_AF_NAME && sipalg_is_zero(cn->ip, 16);
	}
done:
	cn->present = true;
	cn->line = sipalg_mkspan(ls, e);
	cn->addr = sipalg_mkspan(as, ae);
	return SIPALG_OK;
}

/*
 * Little-endian only: three non-empty fields separated by single spaces at
 * b[p], the third one ended by a space before e: returns where the next
 * field starts, else 0 (then search field by field: the same answer).  The
 * spaces of each word read inside b[0..len) are flagged exactly (no borrow
 * between bytes) and taken in order.
 */
static __always_inline u32 sipalg_sdp_3fields(const char *b, u32 p, u32 e, u32 len)
{
	u32 q = p, fs = p, k = 0, pos;
	u64 x, m;

	while (q < e && q + 8 <= len) {
		memcpy(&x, b + q, 8);
		m = sipalg_below_exact(x ^ (SIPALG_ONES * ' '), 1);
		while (m) {
			pos = q + sipalg_first_flag(m);
			if (pos == fs || pos >= e)
				return 0;
			fs = pos + 1;
			if (++k == 3)
				return fs;
			m &= m - 1;
		}
		q += 8;
	}
	return 0;
}

/* o=user sess-id sess-version IN IP4 addr */
static int sipalg_sdp_origin(struct sipalg_sctx *c, u32 ls, u32 vs, u32 e)
{
	struct sipalg_sdp *s = c->s;
	const char *b = c->b;
	u32 p = vs, fs, fe, ts = 0, te = 0, i;
	u8 ip[16];

	if (s->origin_af || s->nmedia)
		return sipalg_sfail(c, ls, SIPALG_E_SDP_ORIGIN);
	/* fast path: three fields with single spaces, then "IN IPx addr" */
	p = SIPALG_LE ? sipalg_sdp_3fields(b, vs, e, c->len) : 0;
	if (p) {
		i = 3;
	} else {
		p = vs;
		for (i = 0; i < 3; i++) {
			fe = sipalg_find_chr_lim(b, p, e, c->len, ' ');
			if (fe == p || fe >= e)
				break;
			p = fe + 1;
		}
	}
	/* "IN IP4 <dotted quad>" (no ' ' in it): what sipalg_in_ip() accepts */
	if (i == 3 && e - p >= 14 && sipalg_eq(b + p, "IN IP4 ", 7) &&
	    sipalg_ip4_term(b, e, c->len) && sipalg_sdp_ip4(b, p + 7, e, ip)) {
		s->origin_af = SIPALG_AF_IP4;
		s->origin_addr = sipalg_mkspan(p + 7, e);
		return SIPALG_OK;
	}
	if (i == 3 && sipalg_in_ip(b, p, e, c->len)) {
		s->origin_af = sipalg_sdp_addr(b, p + 3, p + 6, p + 7, e, ip);
		if (!s->origin_af)
			return sipalg_sfail(c, p + 7, SIPALG_E_SDP_ORIGIN);
		s->origin_addr = sipalg_mkspan(p + 7, e);
		return SIPALG_OK;
	}
	p = vs;
	for (i = 0; i < 6; i++) {
		if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe))
			return sipalg_sfail(c, p, SIPALG_E_SDP_ORIGIN);
		if (i == 4) {
			ts = fs;
			te = fe;
		}
	}
	s->origin_af = sipalg_sdp_addr(b, ts, te, fs, fe, ip);
	if (!s->origin_af || sipalg_field_lim(b, &p, e, c->len, &ts, &te))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_ORIGIN);
	s->origin_addr = sipalg_mkspan(fs, fe);
	return SIPALG_OK;
}

static u8 sipalg_media_type(const char *b, u32 s, u32 n)
{
	b += s;
	switch (n) {
	case 4:
		if (sipalg_eq(b, "text", 4))
			return SIPALG_MT_TEXT;
		break;
	case 5:
		if (sipalg_eq(b, "audio", 5))
			return SIPALG_MT_AUDIO;
		if (sipalg_eq(b, "video", 5))
			return SIPALG_MT_VIDEO;
		if (sipalg_eq(b, "image", 5))
			return SIPALG_MT_IMAGE;
		break;
	case 7:
		if (sipalg_eq(b, "message", 7))
			return SIPALG_MT_MESSAGE;
		break;
	case 11:
		if (sipalg_eq(b, "application", 11))
			return SIPALG_MT_APPLICATION;
		break;
	}
	return SIPALG_MT_OTHER;
}

/*
 * Media type of the usual m= lines from the 8 bytes w at the start of the
 * value: "audio ", "video ", "image ", "text " or "message " (token
 * characters, then the space that ends the token).  Returns the token
 * length, with *type set, or 0 (then the generic code decides).
 */
static __always_inline u32 sipalg_media_word(u64 w, u8 *type)
{
	const u64 m6 = sipalg_lit8("\xff\xff\xff\xff\xff\xff\0\0", 8);
	const u64 m5 = sipalg_lit8("\xff\xff\xff\xff\xff\0\0\0", 8);

	if ((w & m6) == sipalg_lit8("audio \0\0", 8)) {
		*type = SIPALG_MT_AUDIO;
		return 5;
	}
	if ((w & m6) == sipalg_lit8("video \0\0", 8)) {
		*type = SIPALG_MT_VIDEO;
		return 5;
	}
	if ((w & m6) == sipalg_lit8("image \0\0", 8)) {
		*type = SIPALG_MT_IMAGE;
		return 5;
	}
	if ((w & m5) == sipalg_lit8("text \0\0\0", 8)) {
		*type = SIPALG_MT_TEXT;
		return 4;
	}
	if (w == sipalg_lit8("message ", 8)) {
		*type = SIPALG_MT_MESSAGE;
		return 7;
	}
	return 0;
}

/*
 * Little-endian only: the run of decimal digits that starts the 8 bytes w
 * (as loaded from memory) if it is 1..5 digits long: returns its length,
 * with its value in *v; else 0 (no digit) or 6 or more (too long; *v is
 * then 65536).
 * The first byte that is not a digit is flagged exactly: a byte >= 0x3a
 * by the carry of adding 0x46, a byte < 0x30 by the borrow of subtracting
 * '0', a byte >= 0x80 by its own top bit; carries and borrows only move
 * towards later bytes, past that first one.
 */
static __always_inline u32 sipalg_port_w(u64 w, u32 *v)
{
	u64 d, nd;
	u32 n;

	d = w - SIPALG_ONES * '0';
	nd = ((w + SIPALG_ONES * 0x46) | d | w) & SIPALG_HIGHS;
	*v = 65536;
	if (!nd)
		return 8;
	n = sipalg_first_flag(nd);
	if (!n || n > 5)
		return n;
	/* the n digit values in the top bytes, first digit highest in value */
	d <<= 64 - 8 * n;
	d = (d * 10 + (d >> 8)) & 0x00ff00ff00ff00ffULL;
	d = (d * 100 + (d >> 16)) & 0x0000ffff0000ffffULL;
	d = (d * 10000 + (d >> 32)) & 0xffffffffULL;
	*v = (u32)d;
	return n;
}

/* sipalg_port_w() of the word at b[p] (8 bytes readable there): the end of the run. */
static __always_inline u32 sipalg_port_word(const char *b, u32 p, u32 *v)
{
	u64 w;

	memcpy(&w, b + p, 8);
	return p + sipalg_port_w(w, v);
}

/* m=<media> <port>[/<count>] <proto> <fmt> ... */
static int sipalg_sdp_media(struct sipalg_sctx *c, u32 ls, u32 vs, u32 e,
			    struct sipalg_sdp_media *md)
{
	const char *b = c->b;
	u32 p = vs, fs, fe, x, n, v, d;
	u64 w;
	u8 type;

	md->line = sipalg_mkspan(ls, e);
	/*
	 * fast path: a known media type, 1..5 digits, single spaces, and a
	 * port <= 65535; what the code below finds for them
	 */
	if (vs + 8 <= c->len) {
		memcpy(&w, b + vs, 8);
		n = sipalg_media_word(w, &type);
		fe = vs + n;
		x = fe + 1;
		if (n && x < e) {
			if (SIPALG_LE && x + 8 <= c->len) {
				x = sipalg_port_word(b, x, &v);
			} else {
				v = 0;
				do {
					d = (u32)(u8)b[x] - '0';
					if (d > 9)
						break;
					v = v * 10 + d;
					x++;
				} while (x < e && x - fe <= 5);
			}
			if (x > fe + 1 && x + 1 < e && b[x] == ' ' && b[x + 1] != ' ' && v <= 65535) {
				md->media = sipalg_mkspan(vs, fe);
				md->type = type;
				md->port = (u16)v;
				md->port_span = sipalg_mkspan(fe + 1, x);
				md->count = 1;
				/* "RTP/AVP " holds no space before its last byte */
				if (x + 9 <= c->len && x + 8 < e &&
				    sipalg_lit8(b + x + 1, 8) == sipalg_lit8("RTP/AVP ", 8))
					fs = x + 8;
				else
					fs = sipalg_find_chr_lim(b, x + 1, e, c->len, ' ');
				md->proto = sipalg_mkspan(x + 1, fs);
				return SIPALG_OK;
			}
		}
	}
	/* fast path: "<token> <port> <proto>" with single spaces */
	fe = sipalg_skip_cls(b, vs, e, SIPALG_C_TOKEN);
	x = fe < e ? sipalg_skip_cls(b, fe + 1, e, SIPALG_C_DIGIT) : e;
	if (fe > vs && x < e && b[fe] == ' ' && b[x] == ' ' && x > fe + 1 &&
	    x + 1 < e && b[x + 1] != ' ' &&
	    sipalg_port_inl(b + fe + 1, x - fe - 1, &md->port)) {
		md->media = sipalg_mkspan(vs, fe);
		md->type = sipalg_media_type(b, vs, fe - vs);
		md->port_span = sipalg_mkspan(fe + 1, x);
		md->count = 1;
		md->proto = sipalg_mkspan(x + 1, sipalg_find_chr_lim(b, x + 1, e, c->len, ' '));
		return SIPALG_OK;
	}
	if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe) ||
	    sipalg_skip_cls(b, fs, fe, SIPALG_C_TOKEN) != fe)
		return sipalg_sfail(c, fs, SIPALG_E_SDP_MEDIA);
	md->media = sipalg_mkspan(fs, fe);
	md->type = sipalg_media_type(b, fs, fe - fs);
	if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_MEDIA);
	x = sipalg_find_chr_lim(b, fs, fe, c->len, '/');
	if (!sipalg_port_inl(b + fs, x - fs, &md->port))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_MEDIA);
	md->port_span = sipalg_mkspan(fs, x);
	md->count = 1;
	if (x < fe && (!sipalg_port_inl(b + x + 1, fe - x - 1, &md->count) || !md->count))
		return sipalg_sfail(c, x + 1, SIPALG_E_SDP_MEDIA);
	if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_MEDIA);
	md->proto = sipalg_mkspan(fs, fe);
	return SIPALG_OK;
}

/* a=rtcp:<port> [IN IP4 <addr>] (RFC 3605), value [vs, e) */
static int sipalg_sdp_rtcp(struct sipalg_sctx *c, u32 ls, u32 vs, u32 e,
			   struct sipalg_sdp_media *md)
{
	const char *b = c->b;
	u32 p = vs, fs, fe, ts, te;
	u8 ip[16];

	if (md->flags & SIPALG_MEDIA_RTCP)
		return sipalg_sfail(c, ls, SIPALG_E_SDP_RTCP);
	/*
	 * fast path: the port alone, 1..5 digits read as one word; at the
	 * end of the buffer the last word shifted down (0 bytes after it,
	 * which end the run)
	 */
	if (SIPALG_LE && vs < e && c->len >= 8) {
		u32 v, x;
		u64 w;

		if (vs + 8 <= c->len) {
			memcpy(&w, b + vs, 8);
		} else {
			memcpy(&w, b + c->len - 8, 8);
			w >>= 8 * (vs + 8 - c->len);
		}
		x = vs + sipalg_port_w(w, &v);
		if (x == e && v <= 65535) {
			md->rtcp_port = (u16)v;
			md->rtcp_port_span = sipalg_mkspan(vs, e);
			md->flags |= SIPALG_MEDIA_RTCP;
			return SIPALG_OK;
		}
	}
	if (sipalg_skip_cls(b, vs, e, SIPALG_C_DIGIT) == e &&
	    sipalg_port_inl(b + vs, e - vs, &md->rtcp_port)) {
		md->rtcp_port_span = sipalg_mkspan(vs, e);
		md->flags |= SIPALG_MEDIA_RTCP;
		return SIPALG_OK;
	}
	if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe) || fs != vs ||
	    !sipalg_port_inl(b + fs, fe - fs, &md->rtcp_port))
		return sipalg_sfail(c, vs, SIPALG_E_SDP_RTCP);
	md->rtcp_port_span = sipalg_mkspan(fs, fe);
	md->flags |= SIPALG_MEDIA_RTCP;
	if (!sipalg_field_lim(b, &p, e, c->len, &fs, &fe))
		return SIPALG_OK;
	if (fe - fs != 2 || !sipalg_eq(b + fs, "IN", 2) || !sipalg_field_lim(b, &p, e, c->len, &ts, &te) ||
	    !sipalg_field_lim(b, &p, e, c->len, &fs, &fe))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_RTCP);
	md->rtcp_af = sipalg_sdp_addr(b, ts, te, fs, fe, ip);
	if (!md->rtcp_af || sipalg_field_lim(b, &p, e, c->len, &ts, &te))
		return sipalg_sfail(c, fs, SIPALG_E_SDP_RTCP);
	md->rtcp_addr = sipalg_mkspan(fs, fe);
	md->flags |= SIPALG_MEDIA_RTCP_ADDR;
	return SIPALG_OK;
}

enum {
	SIPALG_A_OTHER,
	SIPALG_A_RTCP,
	SIPALG_A_RTCP_MUX,
	SIPALG_A_ICE,
	SIPALG_A_SENDRECV,
	SIPALG_A_SENDONLY,
	SIPALG_A_RECVONLY,
	SIPALG_A_INACTIVE,
};

static int sipalg_attr_lookup(const char *b, u32 n)
{
	switch (n) {
	case 4:
		return sipalg_eq(b, "rtcp", 4) ? SIPALG_A_RTCP : SIPALG_A_OTHER;
	case 7:
		return sipalg_eq(b, "ice-pwd", 7) ? SIPALG_A_ICE : SIPALG_A_OTHER;
	case 8:
		if (sipalg_eq(b, "rtcp-mux", 8))
			return SIPALG_A_RTCP_MUX;
		if (sipalg_eq(b, "sendrecv", 8))
			return SIPALG_A_SENDRECV;
		if (sipalg_eq(b, "sendonly", 8))
			return SIPALG_A_SENDONLY;
		if (sipalg_eq(b, "recvonly", 8))
			return SIPALG_A_RECVONLY;
		if (sipalg_eq(b, "inactive", 8))
			return SIPALG_A_INACTIVE;
		if (sipalg_eq(b, "ice-lite", 8))
			return SIPALG_A_ICE;
		break;
	case 9:
		if (sipalg_eq(b, "candidate", 9) || sipalg_eq(b, "ice-ufrag", 9))
			return SIPALG_A_ICE;
		break;
	case 10:
		return sipalg_eq(b, "ice-pacing", 10) ? SIPALG_A_ICE : SIPALG_A_OTHER;
	case 11:
		return sipalg_eq(b, "ice-options", 11) ? SIPALG_A_ICE : SIPALG_A_OTHER;
	case 12:
		return sipalg_eq(b, "ice-mismatch", 12) ? SIPALG_A_ICE : SIPALG_A_OTHER;
	case 17:
		if (sipalg_eq(b, "remote-candidates", 17) || sipalg_eq(b, "end-of-candidates", 17))
			return SIPALG_A_ICE;
		break;
	}
	return SIPALG_A_OTHER;
}

/*
 * Quick reject for the attribute name of the a= line [ls, e) (from b[ls + 2]):
 * true if sipalg_attr_lookup() cannot match it.  Every name it knows is at
 * least 4 bytes long, and their first 4 bytes are one of 8 prefixes, which a
 * multiplicative hash maps to distinct slots of sipalg_attr_pfx[] (0 marks an
 * empty slot: a line holds no NUL).  False means "look it up".
 */
#define SIPALG_PFX(a, b, c, d)	((u32)(a) | (u32)(b) << 8 | (u32)(c) << 16 | (u32)(d) << 24)
#define SIPALG_PFX_HASH(x)	((u32)((x) * 0x4a9dU) >> 29)

static const u32 sipalg_attr_pfx[8] = {
	SIPALG_PFX('i', 'n', 'a', 'c'),	/* 0 */
	SIPALG_PFX('i', 'c', 'e', '-'),	/* 1 */
	SIPALG_PFX('r', 'e', 'c', 'v'),	/* 2 */
	SIPALG_PFX('c', 'a', 'n', 'd'),	/* 3 */
	SIPALG_PFX('s', 'e', 'n', 'd'),	/* 4 */
	SIPALG_PFX('r', 't', 'c', 'p'),	/* 5 */
	SIPALG_PFX('e', 'n', 'd', '-'),	/* 6 */
	SIPALG_PFX('r', 'e', 'm', 'o'),	/* 7 */
};

static __always_inline bool sipalg_attr_other(const char *b, u32 ls, u32 e)
{
	const u8 *u = (const u8 *)b + ls + 2;
	u32 x;

	if (e - ls < 6)
		return true;
	/* byte order independent (one load on little-endian) */
	x = SIPALG_PFX(u[0], u[1], u[2], u[3]);
	return sipalg_attr_pfx[SIPALG_PFX_HASH(x)] != x;
}

/*
 * The 8 bytes at b + q as a little-endian word: byte i of the buffer is
 * bits 8i..8i+7 on every host, so that the lowest flag of a mask is the
 * first byte in memory.
 */
static __always_inline u64 sipalg_le64(const char *b, u32 q)
{
	u64 w;

	memcpy(&w, b + q, 8);
	return SIPALG_LE ? w : __builtin_bswap64(w);
}

/*
 * High bit set in each byte of w below 0x20, and in some others: a byte
 * below 0x20 always borrows and gets its flag; a borrow can turn a following
 * 0x20 into a false flag, and bytes from 0xa0 up are flagged too.  Two
 * operations instead of the three of sipalg_below_exact(w, 0x20), which the
 * caller falls back to when a flag is false.
 */
static __always_inline u64 sipalg_sdp_flags(u64 w)
{
	return (w - SIPALG_ONES * 0x20) & SIPALG_HIGHS;
}

/* The exact flags of bytes i.. of the word at b + q. */
static __always_inline u64 sipalg_sdp_ctl_rest(const char *b, u32 q, u32 i)
{
	u64 m = 0;

	for (; i < 8; i++)
		m |= (u64)((u8)b[q + i] < 0x20) << (8 * i + 7);
	return m;
}

/*
 * One past the last byte of [off, end) below 0x20 other than HT (the end of
 * the last line that has a line end, or the error), or off if there is
 * none: the line scan below never reads past it.
 */
static __always_inline u32 sipalg_sdp_last_ctl(const char *b, u32 off, u32 end)
{
	u32 z = end;
	u8 c;

	while (z > off) {
		c = (u8)b[z - 1];
		if (c < 0x20 && c != '\t')
			break;
		z--;
	}
	return z;
}

/*
 * Where the line scan of the body [off, end) stops (see sipalg_parse_sdp()):
 * before its last byte if that is a CR (an LF may follow outside the body),
 * or if it is the last byte of the buffer (len) and a control byte other
 * than HT and other than the LF of a CRLF; else at end.  So the byte after
 * any line end that the scan finds exists, and a CRLF there is in the body.
 */
static __always_inline u32 sipalg_sdp_trail(const char *b, u32 off, u32 end, u32 len)
{
	u8 c;

	if (end <= off)
		return end;
	c = (u8)b[end - 1];
	if (c == '\r')
		return end - 1;
	if (end < len)
		return end;
	if (c == '\n' && end - 1 > off && b[end - 2] == '\r')
		return end;
	if (c < 0x20 && c != '\t')
		return end - 1;
	return end;
}

/*
 * The exact flags (sipalg_below_exact(w, 0x20)) of the first word, the one whose
 * last byte is b[zl - 1] and which holds b[off] (zl - off bytes before, a
 * multiple of 8, lie before it), with none for the r bytes before off; *q is
 * where it starts.  If that is before the buffer (only for a body in the
 * first 7 bytes), *q wraps below 0 and the bytes from off are read one by
 * one.  Exact, so that no false flag makes the caller read it again.
 */
static u64 sipalg_sdp_first(const char *b, u32 off, u32 zl, u32 *q)
{
	u32 r = (off - zl) & 7, i;
	u64 w = 0;

	*q = off - r;
	if (off >= r) {
		w = sipalg_le64(b, off - r);
	} else {
		for (i = r; i < 8; i++)
			w |= (u64)(u8)b[off - r + i] << (8 * i);
	}
	return sipalg_below_exact(w, 0x20) & (~0ULL << (8 * r));
}

/* a=... line [ls, e), next line at nx; md is NULL at session level. */
static int sipalg_sdp_attr(struct sipalg_sctx *c, u32 ls, u32 e, u32 nx,
			   struct sipalg_sdp_media *md, int a, u32 ne)
{
	struct sipalg_sdp *s = c->s;
	struct sipalg_span *last;
	u8 dir;

	switch (a) {
	case SIPALG_A_RTCP:
		if (!md)
			return SIPALG_OK;
		if (ne >= e)
			return sipalg_sfail(c, e, SIPALG_E_SDP_RTCP);
		return sipalg_sdp_rtcp(c, ls, ne + 1, e, md);
	case SIPALG_A_RTCP_MUX:
		if (md)
			md->flags |= SIPALG_MEDIA_RTCP_MUX;
		return SIPALG_OK;
	case SIPALG_A_ICE:
		if (md)
			md->flags |= SIPALG_MEDIA_ICE;
		else
			s->flags |= SIPALG_SDP_ICE;
		s->flags |= SIPALG_SDP_ANY_ICE;
		last = s->nice_del ? &s->ice_del[s->nice_del - 1] : NULL;
		if (last && last->off + last->len == ls) {
			last->len = (u16)(nx - last->off);
			return SIPALG_OK;
		}
		if (s->nice_del >= SIPALG_SDP_MAX_ICE_DEL)
			return sipalg_sfail(c, ls, SIPALG_E_TOO_MANY_ICE);
		s->ice_del[s->nice_del++] = sipalg_mkspan(ls, nx);
		return SIPALG_OK;
	case SIPALG_A_SENDRECV:
	case SIPALG_A_SENDONLY:
	case SIPALG_A_RECVONLY:
	case SIPALG_A_INACTIVE:
		dir = (u8)(SIPALG_DIR_SENDRECV + (a - SIPALG_A_SENDRECV));
		if (md) {
			md->dir = dir;
			md->flags |= SIPALG_MEDIA_DIR;
		} else {
			s->dir = dir;
			s->flags |= SIPALG_SDP_DIR;
		}
		return SIPALG_OK;
	}
	return SIPALG_OK;
}

#define SIPALG_SDP_LINES	(1U << ('c' - 'a') | 1U << ('m' - 'a') | 1U << ('o' - 'a'))

/*
 * A line [ls, e) (next line at nx) that the main loop does not skip: a=
 * with a name that may be known, c=, m=, o=, or a bad type character.
 */
static __always_inline int sipalg_sdp_line(struct sipalg_sctx *c, u32 ls, u32 e, u32 nx)
{
	struct sipalg_sdp *s = c->s;
	struct sipalg_sdp_media *md = c->md;
	const char *buf = c->b;
	u32 ne;
	int a;

	switch (buf[ls]) {
	case 'a':
		ne = sipalg_find_chr_lim(buf, ls + 2, e, c->len, ':');
		a = sipalg_attr_lookup(buf + ls + 2, ne - ls - 2);
		if (a == SIPALG_A_OTHER)
			return SIPALG_OK;
		return sipalg_sdp_attr(c, ls, e, nx, md, a, ne);
	case 'c':
		return sipalg_sdp_conn(c, ls, ls + 2, e, md ? &md->conn : &s->conn);
	case 'm':
		if (s->nmedia >= c->max_media)
			return sipalg_sfail(c, ls, SIPALG_E_TOO_MANY_MEDIA);
		if (md)
			md->section = sipalg_mkspan(md->line.off, ls);
		md = &s->media[s->nmedia++];
		c->md = md;
		memset(md, 0, sizeof(*md));
		return sipalg_sdp_media(c, ls, ls + 2, e, md);
	case 'o':
		return sipalg_sdp_origin(c, ls, ls + 2, e);
	}
	return sipalg_sfail(c, ls, SIPALG_E_SDP_SYNTAX);
}

/**
 * sipalg_parse_sdp() - index an SDP body in one pass.
 * @buf: the SIP message buffer holding the body.
 * @len: length of @buf.
 * @body: the SDP body inside @buf (e.g. sipalg_msg.body).
 * @s: result; fully overwritten, also on error.
 * @max_media: maximum number of m= sections, 1..SIPALG_SDP_MAX_MEDIA, 0 for
 *	SIPALG_SDP_MAX_MEDIA.
 *
 * Lines end in CRLF, LF or CR; blank lines are skipped; every other line must
 * be "<lower-case letter>=".  Records o= address, session and media c=, every
 * m= (port, port/count, proto), a=rtcp (RFC 3605), a=rtcp-mux, direction
 * attributes (media inherit the session default) and the lines of ICE
 * attributes.  Every active m= (port != 0) needs a c= at media or session
 * level.
 *
 * Return: SIPALG_OK or a negative SIPALG_E_* code with @s->err_off set;
 * more than @max_media m= lines is SIPALG_E_TOO_MANY_MEDIA.
 */
int sipalg_parse_sdp(const char *buf, u32 len, struct sipalg_span body,
		     struct sipalg_sdp *s, u32 max_media)
{
	struct sipalg_sctx c = { .b = buf, .len = len, .s = s, .err_off = body.off };
	struct sipalg_sdp_media *md = NULL;
	u32 p, end = (u32)body.off + body.len, i, zl, elast, q = 0;
	u64 m;
	int r = SIPALG_E_ARG;

	if (!s)
		return SIPALG_E_ARG;
	memset(s, 0, offsetof(struct sipalg_sdp, media));
	if (!max_media)
		max_media = SIPALG_SDP_MAX_MEDIA;
	if (!buf || end > len || max_media > SIPALG_SDP_MAX_MEDIA)
		goto out;
	c.max_media = max_media;

	/*
	 * Line ends are found with one running mask of the bytes below 0x20
	 * of the body, a word at a time, the words aligned so that the last
	 * one ends at zl: up to there no word reaches past the buffer and no
	 * bound is checked, since a flag at zl - 1 ends every scan.  The line
	 * after zl (if any) ends at elast (sipalg_sdp_trail()): the body's
	 * end, or its last byte, which then ends that line or is an error.
	 * So b[e + 1] exists for any line end e < zl, and one 16-bit load
	 * tells a CRLF whose LF lies in the body (its flag in a word up to
	 * zl).
	 */
	elast = sipalg_sdp_trail(buf, body.off, end, len);
	zl = sipalg_sdp_last_ctl(buf, body.off, elast);
	m = zl > body.off ? sipalg_sdp_first(buf, body.off, zl, &q) : 0;
	for (p = body.off;;) {
		u32 ls = p, e, k;
		u16 h;
		char t;

		if (sipalg_unlikely(p >= zl)) {
			/* the last line, up to the body's last line end if any */
			if (p >= end)
				break;
			e = elast;
			p = end;
			if (e < end && buf[e] != '\r' && buf[e] != '\n') {
				r = sipalg_sfail(&c, e, SIPALG_E_SDP_SYNTAX);
				goto out;
			}
			if (e - ls < 2) {
				if (e == ls)
					continue;
				r = sipalg_sfail(&c, ls, SIPALG_E_SDP_SYNTAX);
				goto out;
			}
			goto line;
		}
		for (;;) {
			if (!m) {
				do {
					q += 8;
					m = sipalg_sdp_flags(sipalg_le64(buf, q));
				} while (!m);
			}
			e = q + sipalg_first_flag(m);
			m &= m - 1;
			memcpy(&h, buf + e, 2);
			if (h == sipalg_lit2("\r\n")) {
				p = e + 2;
				/* the LF's flag: next in m, or first of the next word */
				if (!m) {
					q += 8;
					m = sipalg_sdp_flags(sipalg_le64(buf, q));
				}
				m &= m - 1;
				break;
			}
			t = buf[e];
			p = e + 1;
			if (t == '\r' || t == '\n')
				break;
			if ((u8)t >= 0x20) {
				/*
				 * a false flag: keep the true ones of the rest
				 * of the word (not the first word: its flags
				 * are exact), a byte at a time, which needs no
				 * constant that the compiler would keep in a
				 * register for the whole loop
				 */
				m = sipalg_sdp_ctl_rest(buf, q, e - q + 1);
			} else if (t != '\t') {
				r = sipalg_sfail(&c, e, SIPALG_E_SDP_SYNTAX);
				goto out;
			}
		}
line:
		/* b[ls + 1] exists: b[e] does, or the line is 2 bytes long */
		memcpy(&h, buf + ls, 2);
		if (h == sipalg_lit2("a=")) {
			if (sipalg_attr_other(buf, ls, e))
				continue;
		} else {
			/*
			 * b[ls + 1] exists also for a blank line (e == ls),
			 * which b[ls], a line end, tells from the others
			 */
			if ((h & sipalg_lit2("\0\xff")) != sipalg_lit2("\0=")) {
				if (e == ls)
					continue;
				r = sipalg_sfail(&c, ls, SIPALG_E_SDP_SYNTAX);
				goto out;
			}
			/* lines other than c=, m=, o= (and a=) are not looked at */
			k = (u32)(u8)buf[ls] - 'a';
			if (k < 26) {
				if (!((SIPALG_SDP_LINES >> k) & 1))
					continue;
			} else if (e == ls) {
				continue;
			}
		}
		r = sipalg_sdp_line(&c, ls, e, p);
		if (r)
			goto out;
	}
	md = c.md;
	if (md)
		md->section = sipalg_mkspan(md->line.off, end);
	for (i = 0; i < s->nmedia; i++) {
		md = &s->media[i];
		if (!(md->flags & SIPALG_MEDIA_DIR))
			md->dir = s->dir;
		if (md->port && !md->conn.present && !s->conn.present) {
			r = sipalg_sfail(&c, md->line.off, SIPALG_E_SDP_NO_CONN);
			goto out;
		}
	}
	return SIPALG_OK;
out:
	s->err_off = (u16)(c.err_off > 0xffff ? 0xffff : c.err_off);
	return r;
}

/**
 * sipalg_sdp_media_conn() - effective connection data of a media section.
 * @s: parsed SDP.
 * @i: media index.
 *
 * Return: the media-level c= if present, else the session-level one if
 * present, else NULL (also for @i out of range).
 */
const struct sipalg_sdp_conn *sipalg_sdp_media_conn(const struct sipalg_sdp *s, unsigned int i)
{
	if (i >= s->nmedia)
		return NULL;
	if (s->media[i].conn.present)
		return &s->media[i].conn;
	return s->conn.present ? &s->conn : NULL;
}

/* Is the line [ls, ce) "--boundary" (1) or "--boundary--" (2), else 0. */
static int sipalg_delim(const char *b, u32 ls, u32 ce, const char *bd, u32 bl)
{
	u32 p = ls + 2 + bl;
	int kind = 1;

	if (ce - ls < 2 + bl || b[ls] != '-' || b[ls + 1] != '-' ||
	    !sipalg_bytes_eq(b + ls + 2, bd, bl))
		return 0;
	if (ce - p >= 2 && b[p] == '-' && b[p + 1] == '-') {
		kind = 2;
		p += 2;
	}
	return sipalg_skip_wsp(b, p, ce) == ce ? kind : 0;
}

/**
 * sipalg_multipart_find_sdp() - find the application/sdp part of a
 * multipart/mixed body.
 * @buf: SIP message buffer.
 * @len: its length.
 * @body: the multipart body inside @buf.
 * @boundary: the boundary (sipalg_msg.boundary), inside @buf, 1..70 bytes.
 * @sdp: result: content of the first part whose Content-Type is
 *	application/sdp, without the line end that precedes the next delimiter.
 *
 * Only one level ("simple" multipart/mixed) is supported; part header lines
 * end in CRLF or LF.
 *
 * Return: SIPALG_OK, SIPALG_E_NO_SDP, SIPALG_E_MULTIPART or SIPALG_E_ARG.
 */
int sipalg_multipart_find_sdp(const char *buf, u32 len, struct sipalg_span body,
			      struct sipalg_span boundary, struct sipalg_span *sdp)
{
	u32 p, end = (u32)body.off + body.len, cstart = 0;
	const char *bd;
	bool is_sdp = false;
	int state = 0;	/* 0 preamble, 1 part headers, 2 part content */

	if (!buf || !sdp || end > len || (u32)boundary.off + boundary.len > len ||
	    !boundary.len || boundary.len > 70)
		return SIPALG_E_ARG;
	sdp->off = 0;
	sdp->len = 0;
	bd = buf + boundary.off;
	for (p = body.off; p < end;) {
		u32 ls = p, nl = sipalg_find_chr(buf, p, end, '\n'), ce = nl;
		int d;

		p = nl < end ? nl + 1 : end;
		if (ce > ls && buf[ce - 1] == '\r')
			ce--;
		d = sipalg_delim(buf, ls, ce, bd, boundary.len);
		if (d) {
			if (state == 2 && is_sdp) {
				u32 x = ls;

				if (x > cstart && buf[x - 1] == '\n')
					x--;
				if (x > cstart && buf[x - 1] == '\r')
					x--;
				*sdp = sipalg_mkspan(cstart, x);
				return SIPALG_OK;
			}
			if (d == 2)
				return state ? SIPALG_E_NO_SDP : SIPALG_E_MULTIPART;
			state = 1;
			is_sdp = false;
		} else if (state == 1) {
			u32 q, vs, ve;

			if (ce == ls) {
				state = 2;
				cstart = p;
				continue;
			}
			q = sipalg_skip_cls(buf, ls, ce, SIPALG_C_TOKEN);
			if (q - ls != 12 || !sipalg_ieq_inl(buf + ls, "content-type", 12))
				continue;
			q = sipalg_skip_wsp(buf, q, ce);
			if (q >= ce || buf[q] != ':')
				return SIPALG_E_MULTIPART;
			vs = sipalg_skip_wsp(buf, q + 1, ce);
			ve = vs;
			while (ve < ce && buf[ve] != ';' && !sipalg_is_wsp(buf[ve]))
				ve++;
			is_sdp = ve - vs == 15 && sipalg_ieq_inl(buf + vs, "application/sdp", 15);
		}
	}
	return SIPALG_E_MULTIPART;
}
