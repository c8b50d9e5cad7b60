// SPDX-License-Identifier: GPL-2.0
/*
 * parse_sip.c - sipalg parser core: SIP stream framing and one-pass message
 * parsing into an index of spans (see parse.h).
 *
 * Line ends: CRLF, bare LF and bare CR are all accepted.  A line end followed
 * by SP or HT continues the header value (folding).  The header section ends
 * with an empty line.
 */
#include "parse_int.h"

struct sipalg_pctx {
	const char *b;
	u32 len;
	u32 err_off;
	bool stream;
	struct sipalg_msg *m;
};

/* sipalg_hdr_fast(): the line needs the generic name scan */
#define SIPALG_H__GENERIC	(-1)

static int sipalg_fail(struct sipalg_pctx *c, u32 off, int err)
{
	c->err_off = off;
	return err;
}

/* Map a header name (compact or long form, any case) to enum sipalg_hdr_id. */
static __always_inline int sipalg_hdr_lookup(const char *s, u32 n)
{
	char c = (char)(s[0] | 0x20);

	switch (n) {
	case 1:
		switch (c) {
		case 'v': return SIPALG_H_VIA;
		case 'f': return SIPALG_H_FROM;
		case 't': return SIPALG_H_TO;
		case 'i': return SIPALG_H_CALL_ID;
		case 'm': return SIPALG_H_CONTACT;
		case 'l': return SIPALG_H_CONTENT_LENGTH;
		case 'c': return SIPALG_H_CONTENT_TYPE;
		case 'k': return SIPALG_H_SUPPORTED;
		case 's': return SIPALG_H_SUBJECT;
		case 'e': return SIPALG_H_CONTENT_ENCODING;
		case 'o': return SIPALG_H_EVENT;
		case 'u': return SIPALG_H_ALLOW_EVENTS;
		case 'r': return SIPALG_H_REFER_TO;
		case 'b': return SIPALG_H_REFERRED_BY;
		case 'x': return SIPALG_H_SESSION_EXPIRES;
		}
		return SIPALG_H_OTHER;
	case 2:
		if (c == 't' && sipalg_tok_eq(s + 1, "o", 1))
			return SIPALG_H_TO;
		break;
	case 3:
		if (c == 'v' && sipalg_tok_eq(s + 1, "ia", 2))
			return SIPALG_H_VIA;
		break;
	case 4:
		if (c == 'f' && sipalg_tok_eq(s + 1, "rom", 3))
			return SIPALG_H_FROM;
		if (c == 'c' && sipalg_tok_eq(s + 1, "seq", 3))
			return SIPALG_H_CSEQ;
		if (c == 'p' && sipalg_tok_eq(s + 1, "ath", 3))
			return SIPALG_H_PATH;
		break;
	case 5:
		if (c == 'r' && sipalg_tok_eq(s + 1, "oute", 4))
			return SIPALG_H_ROUTE;
		if (c == 'e' && sipalg_tok_eq(s + 1, "vent", 4))
			return SIPALG_H_EVENT;
		break;
	case 7:
		if (c == 'c' && sipalg_tok_eq(s + 1, "all-id", 6))
			return SIPALG_H_CALL_ID;
		if (c == 'c' && sipalg_tok_eq(s + 1, "ontact", 6))
			return SIPALG_H_CONTACT;
		if (c == 'e' && sipalg_tok_eq(s + 1, "xpires", 6))
			return SIPALG_H_EXPIRES;
		if (c == 's' && sipalg_tok_eq(s + 1, "ubject", 6))
			return SIPALG_H_SUBJECT;
		break;
	case 8:
		if (c == 'r' && sipalg_tok_eq(s + 1, "efer-to", 7))
			return SIPALG_H_REFER_TO;
		break;
	case 9:
		if (c == 's' && sipalg_tok_eq(s + 1, "upported", 8))
			return SIPALG_H_SUPPORTED;
		break;
	case 11:
		if (c == 'r' && sipalg_tok_eq(s + 1, "eferred-by", 10))
			return SIPALG_H_REFERRED_BY;
		break;
	case 12:
		if (c == 'c' && sipalg_tok_eq(s + 1, "ontent-type", 11))
			return SIPALG_H_CONTENT_TYPE;
		if (c == 'r' && sipalg_tok_eq(s + 1, "ecord-route", 11))
			return SIPALG_H_RECORD_ROUTE;
		if (c == 'm' && sipalg_tok_eq(s + 1, "ax-forwards", 11))
			return SIPALG_H_MAX_FORWARDS;
		if (c == 'a' && sipalg_tok_eq(s + 1, "llow-events", 11))
			return SIPALG_H_ALLOW_EVENTS;
		break;
	case 14:
		if (c == 'c' && sipalg_tok_eq(s + 1, "ontent-length", 13))
			return SIPALG_H_CONTENT_LENGTH;
		break;
	case 15:
		if (c == 's' && sipalg_tok_eq(s + 1, "ession-expires", 14))
			return SIPALG_H_SESSION_EXPIRES;
		break;
	case 16:
		if (c == 'c' && sipalg_tok_eq(s + 1, "ontent-encoding", 15))
			return SIPALG_H_CONTENT_ENCODING;
		break;
	}
	return SIPALG_H_OTHER;
}

/* A word whose first n (<= 8) bytes in memory order are 0xff, the rest 0. */
static __always_inline u64 sipalg_mask8(u32 n)
{
	u64 v = 0;

	memset(&v, 0xff, n);
	return v;
}

/*
 * Flags (the high bit of a byte) for the bytes of w that are not an ASCII
 * letter, digit or '-', exact for every byte: each test works on the low 7
 * bits of a byte, whose sums stay below 0x100, so no carry crosses bytes.
 */
static __always_inline u64 sipalg_not_alnum_dash(u64 w)
{
	const u64 lo7 = ~SIPALG_HIGHS;
	u64 x = w & lo7, f = x | (SIPALG_ONES * 0x20), d = x ^ (SIPALG_ONES * '-');
	u64 alpha = (f + SIPALG_ONES * (0x80 - 'a')) & ~(f + SIPALG_ONES * (0x80 - 'z' - 1));
	u64 digit = (x + SIPALG_ONES * (0x80 - '0')) & ~(x + SIPALG_ONES * (0x80 - '9' - 1));
	u64 dash = ~(d + lo7);

	return ~((alpha | digit | dash) & ~w) & SIPALG_HIGHS;
}

/*
 * Does the line s[0..n) start with lit (a lower-case name followed by ':',
 * l bytes)?  w holds s[0..8) with 0x20 or-ed into every byte.  Every byte of
 * the line is >= 0x20 or HT, and lit holds letters, '-' and ':' only, so
 * the case-folded compare is exact (see sipalg_tok_eq()).
 */
static __always_inline bool sipalg_hname(const char *s, u32 n, u64 w, const char *lit, u32 l)
{
	if (l > n)
		return false;
	if (l <= 8)
		return (w & sipalg_mask8(l)) == sipalg_lit8(lit, l);
	return w == sipalg_lit8(lit, 8) && sipalg_tok_eq(s + 8, lit + 8, l - 8);
}

/*
 * Recognise a known header name (compact or long form, any case) directly
 * followed by ':' at the start of the line s[0..n), any name of 1..7
 * token characters directly followed by ':', or any name of 8..15 letters,
 * digits and '-' directly followed by ':' (then s[8..16) is read, inside
 * the line as n >= 16); s[0..8) must be readable.
 * Returns the id (SIPALG_H_OTHER for an unknown name) and sets *nl to the
 * name length, or returns SIPALG_H__GENERIC: then sipalg_hdr_generic()
 * decides.  Whenever it returns an id, that is what the generic scan gives
 * for the line.
 */
static __always_inline int sipalg_hdr_fast(const char *s, u32 n, u32 *nl)
{
	u64 w, w0, x, hit;
	u32 i, k;
	int id;

	memcpy(&w, s, 8);
	x = w ^ (SIPALG_ONES * ':');
	hit = (x - SIPALG_ONES) & ~x & SIPALG_HIGHS;
	if (hit) {
		/* the first ':' is in the first 8 bytes: a short name */
		if (!SIPALG_LE)
			return SIPALG_H__GENERIC;
		i = sipalg_first_flag(hit);
		if (i >= n || !i)
			return SIPALG_H__GENERIC;
		*nl = i;
		id = sipalg_hdr_lookup(s, i);
		if (id != SIPALG_H_OTHER)
			return id;
		/*
		 * An unknown name of token characters directly followed by
		 * ':' is what the generic scan finds too.
		 */
		for (k = 0; k < i; k++)
			if (!sipalg_is(s[k], SIPALG_C_TOKEN))
				return SIPALG_H__GENERIC;
		return SIPALG_H_OTHER;
	}
	/* names of 8 bytes or more */
	w0 = w;
	w |= SIPALG_ONES * 0x20;
	switch (s[0] | 0x20) {
	case 'c':
		if ((w ^ sipalg_lit8("content-", 8)) || n < 13)
			break;
		if (sipalg_hname(s, n, w, "content-type:", 13)) {
			*nl = 12;
			return SIPALG_H_CONTENT_TYPE;
		}
		if (sipalg_hname(s, n, w, "content-length:", 15)) {
			*nl = 14;
			return SIPALG_H_CONTENT_LENGTH;
		}
		if (sipalg_hname(s, n, w, "content-encoding:", 17)) {
			*nl = 16;
			return SIPALG_H_CONTENT_ENCODING;
		}
		break;
	case 'm':
		if (sipalg_hname(s, n, w, "max-forwards:", 13)) {
			*nl = 12;
			return SIPALG_H_MAX_FORWARDS;
		}
		break;
	case 'r':
		if (sipalg_hname(s, n, w, "record-route:", 13)) {
			*nl = 12;
			return SIPALG_H_RECORD_ROUTE;
		}
		if (sipalg_hname(s, n, w, "refer-to:", 9)) {
			*nl = 8;
			return SIPALG_H_REFER_TO;
		}
		if (sipalg_hname(s, n, w, "referred-by:", 12)) {
			*nl = 11;
			return SIPALG_H_REFERRED_BY;
		}
		break;
	case 's':
		if (sipalg_hname(s, n, w, "supported:", 10)) {
			*nl = 9;
			return SIPALG_H_SUPPORTED;
		}
		if (sipalg_hname(s, n, w, "session-expires:", 16)) {
			*nl = 15;
			return SIPALG_H_SESSION_EXPIRES;
		}
		break;
	case 'a':
		if (sipalg_hname(s, n, w, "allow-events:", 13)) {
			*nl = 12;
			return SIPALG_H_ALLOW_EVENTS;
		}
		break;
	}
	/*
	 * An unknown name of 8..15 letters, digits and '-' directly followed
	 * by ':' (User-Agent, Accept-Language, ...): token characters, so
	 * what the generic scan finds.  The second word is inside the line.
	 */
	if (!SIPALG_LE || n < 16 || sipalg_not_alnum_dash(w0))
		return SIPALG_H__GENERIC;
	memcpy(&w, s + 8, 8);
	x = w ^ (SIPALG_ONES * ':');
	hit = (x - SIPALG_ONES) & ~x & SIPALG_HIGHS;
	if (!hit)
		return SIPALG_H__GENERIC;
	i = sipalg_first_flag(hit);
	if (sipalg_not_alnum_dash(w) & sipalg_mask8(i))
		return SIPALG_H__GENERIC;
	*nl = 8 + i;
	return SIPALG_H_OTHER;
}

/*
 * Parse "name *WSP :" at b[ls..e).  On success *colon is the index of the
 * ':' and *ne the end of the name.
 */
static __always_inline bool sipalg_hdr_name(const char *b, u32 ls, u32 e, u32 *ne, u32 *colon)
{
	u32 p = sipalg_skip_cls(b, ls, e, SIPALG_C_TOKEN);

	if (p == ls)
		return false;
	*ne = p;
	p = sipalg_skip_wsp(b, p, e);
	if (p >= e || b[p] != ':')
		return false;
	*colon = p;
	return true;
}

/*
 * h->name = [o1, e1), h->value = [o2, e2), all below 65536, with one 8-byte
 * store (the compiler's own merging of four 2-byte stores masks, shifts and
 * spills).
 */
static __always_inline void sipalg_put_hdr_spans(struct sipalg_hdr *h, u32 o1, u32 e1,
						 u32 o2, u32 e2, u8 id)
{
#if SIPALG_LE
	u64 v = (u64)o1 | (u64)(e1 - o1) << 16 | (u64)o2 << 32 | (u64)(e2 - o2) << 48;
	u32 t = id;	/* first_val = nvals = 0, and the padding byte */

	_Static_assert(offsetof(struct sipalg_hdr, name) == 0 &&
		       offsetof(struct sipalg_hdr, value) == 4 &&
		       offsetof(struct sipalg_hdr, id) == 8 &&
		       offsetof(struct sipalg_hdr, first_val) == 9 &&
		       offsetof(struct sipalg_hdr, nvals) == 10 &&
		       sizeof(struct sipalg_hdr) == 12, "struct sipalg_hdr layout");
	memcpy(h, &v, 8);
	memcpy((char *)h + 8, &t, 4);
#else
	h->name = sipalg_mkspan(o1, e1);
	h->value = sipalg_mkspan(o2, e2);
	h->id = id;
	h->first_val = 0;
	h->nvals = 0;
#endif
}

/*
 * The name of the header line b[ls..e) by the generic scan: 0 if the line
 * does not start with "name *WSP :", else the end of the name | the index
 * of the ':' << 16 | its id << 32 (in a register: no address taken).
 */
static sipalg_noinline u64 sipalg_hdr_generic(const char *b, u32 ls, u32 e)
{
	u32 ne, colon;

	if (!sipalg_hdr_name(b, ls, e, &ne, &colon))
		return 0;
	return ne | (u64)colon << 16 | (u64)sipalg_hdr_lookup(b + ls, ne - ls) << 32;
}

/* Value [vs, ve) holding only digits (after LWS trim) -> u32.  */
static bool sipalg_value_u32(const char *b, u32 *vs, u32 *ve, u32 *out)
{
	u32 s = sipalg_skip_lws(b, *vs, *ve), e = sipalg_rtrim_lws(b, s, *ve);

	*vs = s;
	*ve = e;
	return sipalg_u32_inl(b + s, e - s, out);
}

/**
 * sipalg_frame() - find the first complete SIP message in a byte stream.
 * @buf: stream data.
 * @len: number of bytes available.
 * @msg_len: result: message length (SIPALG_OK) or bytes to skip
 *	(SIPALG_KEEPALIVE), 0 otherwise.
 *
 * RFC 3261 18.3: over a stream the message ends Content-Length bytes after
 * the empty line ending the header section; Content-Length (or "l") is
 * therefore mandatory.  CR/LF bytes before a start line are keep-alives
 * (RFC 5626 3.5.1 "\r\n\r\n" ping and "\r\n" pong, RFC 3261 7.5) and are
 * reported as SIPALG_KEEPALIVE with their count; the caller skips them and
 * calls again.  Other headers are not validated here, sipalg_parse_msg() does.
 *
 * Return: SIPALG_OK, SIPALG_KEEPALIVE, SIPALG_NEED_MORE, or SIPALG_E_ARG,
 * SIPALG_E_HDR_TOO_LONG (no end of headers within SIPALG_MAX_HDR_BYTES),
 * SIPALG_E_NO_CLEN, SIPALG_E_CLEN (malformed, overflowing or repeated),
 * SIPALG_E_TOO_LONG (message would exceed SIPALG_MAX_MSG_LEN).
 */
int sipalg_frame(const char *buf, u32 len, u32 *msg_len)
{
	u32 need;

	return sipalg_frame_need(buf, len, msg_len, &need);
}

/**
 * sipalg_frame_need() - sipalg_frame(), also telling how long an incomplete
 * message will be.
 * @buf: stream data.
 * @len: number of bytes available.
 * @msg_len: as for sipalg_frame().
 * @need: result: with SIPALG_NEED_MORE, the length of the whole message
 *	once its header section is complete (always > @len); 0 otherwise.
 *
 * Return: as sipalg_frame().
 */
int sipalg_frame_need(const char *buf, u32 len, u32 *msg_len, u32 *need)
{
	u32 p = 0, hlim, clen = 0, vs = 0, ve = 0, hdr_end;
	bool first = true, have = false, in_clen = false;

	if (!msg_len || !need)
		return SIPALG_E_ARG;
	*msg_len = 0;
	*need = 0;
	if (!len)
		return SIPALG_NEED_MORE;
	if (!buf)
		return SIPALG_E_ARG;
	if (buf[0] == '\r' || buf[0] == '\n') {
		while (p < len && (buf[p] == '\r' || buf[p] == '\n'))
			p++;
		*msg_len = p;
		return SIPALG_KEEPALIVE;
	}
	hlim = len < SIPALG_MAX_HDR_BYTES + 1 ? len : SIPALG_MAX_HDR_BYTES + 1;
	for (;;) {
		u32 ls = p, e = sipalg_scan_ctl(buf, p, hlim), ne, colon;

		while (e < hlim && buf[e] != '\r' && buf[e] != '\n')
			e = sipalg_scan_ctl(buf, e + 1, hlim);
		if (e >= hlim)
			return hlim < len ? SIPALG_E_HDR_TOO_LONG : SIPALG_NEED_MORE;
		if (buf[e] == '\r' && e + 1 >= len)
			return SIPALG_NEED_MORE;
		p = e + sipalg_eol_len(buf, e, len);
		if (first) {
			first = false;
			continue;
		}
		if (e != ls && sipalg_is_wsp(buf[ls])) {
			if (in_clen)
				ve = e;
			continue;
		}
		if (in_clen) {
			in_clen = false;
			if (!sipalg_value_u32(buf, &vs, &ve, &clen))
				return SIPALG_E_CLEN;
			have = true;
		}
		if (e == ls)
			break;
		if (sipalg_hdr_name(buf, ls, e, &ne, &colon) &&
		    sipalg_hdr_lookup(buf + ls, ne - ls) == SIPALG_H_CONTENT_LENGTH) {
			if (have)
				return SIPALG_E_CLEN;
			in_clen = true;
			vs = colon + 1;
			ve = e;
		}
	}
	hdr_end = p;
	if (hdr_end > SIPALG_MAX_HDR_BYTES)
		return SIPALG_E_HDR_TOO_LONG;
	if (!have)
		return SIPALG_E_NO_CLEN;
	if (clen > SIPALG_MAX_MSG_LEN - hdr_end)
		return SIPALG_E_TOO_LONG;
	if (hdr_end + clen > len) {
		*need = hdr_end + clen;
		return SIPALG_NEED_MORE;
	}
	*msg_len = hdr_end + clen;
	return SIPALG_OK;
}

/* Index just past the quoted string starting at b[p] == '"', or 0 if unterminated. */
static __always_inline u32 sipalg_skip_quoted_inl(const char *b, u32 p, u32 end)
{
	p++;
	while (p < end) {
		p = sipalg_find_chr2(b, p, end, '\\', '"');
		if (p >= end)
			break;
		if (b[p] == '"')
			return p + 1;
		p += 2;	/* a backslash quotes the byte after it */
	}
	return 0;
}

/* The above out of line, where a quoted string is rare. */
static u32 sipalg_skip_quoted(const char *b, u32 p, u32 end)
{
	return sipalg_skip_quoted_inl(b, p, end);
}

struct sipalg_param {
	u32 ns, ne, vs, ve;
};

/*
 * Next ";name[=value]" header parameter in [*pp, end) of a header value
 * (whose line end follows: see sipalg_skip_cls_z()), LWS allowed around
 * ';' and '='.  Value: token/host characters or a quoted string (the span
 * excludes the quotes).  Returns 1 with *pr filled, 0 at end, -1 on a
 * syntax error with *pp at the bad byte.
 */
static int sipalg_next_param_slow(const char *b, u32 *pp, u32 end, struct sipalg_param *pr)
{
	u32 p = sipalg_skip_lws(b, *pp, end);

	if (p >= end)
		return 0;
	if (b[p] != ';')
		goto bad;
	p = sipalg_skip_lws(b, p + 1, end);
	pr->ns = p;
	p = sipalg_skip_cls_z(b, p, end, SIPALG_C_TOKEN);
	pr->ne = p;
	if (pr->ne == pr->ns)
		goto bad;
	pr->vs = p;
	pr->ve = p;
	p = sipalg_skip_lws(b, p, end);
	if (p < end && b[p] == '=') {
		p = sipalg_skip_lws(b, p + 1, end);
		if (p < end && b[p] == '"') {
			u32 q = sipalg_skip_quoted(b, p, end);

			if (!q)
				goto bad;
			pr->vs = p + 1;
			pr->ve = q - 1;
			p = q;
		} else {
			pr->vs = p;
			p = sipalg_skip_cls_z(b, p, end, SIPALG_C_PVAL);
			pr->ve = p;
			if (pr->ve == pr->vs)
				goto bad;
		}
	} else {
		p = pr->ne;
	}
	*pp = p;
	return 1;
bad:
	*pp = p;
	return -1;
}

/*
 * sipalg_next_param() - the above, with the usual ";name" / ";name=value"
 * (no white space, no quotes) taken inline; anything else goes to the
 * generic parser, which gives the same result for the usual case too.
 */
static __always_inline int sipalg_next_param(const char *b, u32 *pp, u32 end,
					     struct sipalg_param *pr)
{
	u32 p = *pp, ns, ne, vs, ve;

	if (p >= end)
		return 0;
	if (b[p] != ';')
		return sipalg_next_param_slow(b, pp, end, pr);
	ns = p + 1;
	ne = sipalg_skip_cls_z(b, ns, end, SIPALG_C_TOKEN);
	if (ne == ns)
		return sipalg_next_param_slow(b, pp, end, pr);
	vs = ne;
	ve = ne;
	if (ne < end && b[ne] == '=') {
		ve = sipalg_skip_cls_z(b, ne + 1, end, SIPALG_C_PVAL);
		if (ve == ne + 1)
			return sipalg_next_param_slow(b, pp, end, pr);
		vs = ne + 1;
	} else if (ne < end && sipalg_is_lws(b[ne])) {
		return sipalg_next_param_slow(b, pp, end, pr);
	}
	/* *pr written once, at the end (not field by field as found) */
	pr->ns = ns;
	pr->ne = ne;
	pr->vs = vs;
	pr->ve = ve;
	*pp = ve;
	return 1;
}

static __always_inline bool sipalg_pname(const char *b, const struct sipalg_param *pr, const char *lit, u32 n)
{
	return pr->ne - pr->ns == n && sipalg_tok_eq(b + pr->ns, lit, n);
}

/*
 * sipalg_uri_angle() - the usual URI inside < >: "sip:" or "sips:", an
 * optional user (no '"' in it), a host name or IPv4 literal, an optional
 * port and ";name[=value]" parameters of token / PVAL characters, up to the
 * first '>' in [s, ve) (s is just past the '<').  Returns the index of that
 * '>' with *u filled exactly as sipalg_uri_parse_inl() fills it for [s, '>'),
 * or 0 (and *u zeroed) for anything else: then the generic code decides.
 * *u must be all zero on entry (a From/To of the message, zeroed when its
 * parse starts, or a Contact just cleared): no memset first.
 * b[ve] must be the LWS, line end or ',' after a (trimmed) header value or
 * comma element: in no class (see sipalg_skip_cls_z()), and neither a digit
 * nor a '.' (the IPv4 scan stops there).
 * Every byte it passes before the '>' is a character of a class or one of
 * "@:;=" (or of the user part, which has no '>'): so that '>' is the first,
 * and its caller may rely on no '"' between the '<' and the '>'.
 */
static __always_inline u32 sipalg_uri_angle(const char *b, u32 s, u32 ve, u32 lim,
					    struct sipalg_uri *u)
{
	u32 p, q, hs, he, w;

	if (ve - s < 5)
		goto unsure;
	memcpy(&w, b + s, 4);
	if ((w | sipalg_lit4("\x20\x20\x20\x00")) == sipalg_lit4("sip:")) {
		p = s + 3;
		u->scheme_id = SIPALG_SCHEME_SIP;
	} else if ((w | sipalg_lit4("\x20\x20\x20\x20")) == sipalg_lit4("sips") &&
		   b[s + 4] == ':') {
		p = s + 4;
		u->scheme_id = SIPALG_SCHEME_SIPS;
	} else {
		goto unsure;
	}
	u->scheme = sipalg_mkspan(s, p);
	p++;
	/* the user ends at the first '@' (the generic scan's too), unless "[" */
	if (b[p] == '[')
		goto unsure;
	q = sipalg_find_chr3_lim(b, p, ve, lim, '@', '>', '"');
	if (q >= ve || b[q] == '"')
		goto unsure;
	if (b[q] == '@') {
		if (q == p)
			goto unsure;
		u->user = sipalg_mkspan(p, q);
		p = q + 1;
	}
	hs = p;
	he = sipalg_ip4_host(b, hs, ve, true);
	if (he) {
		u->af = SIPALG_AF_IP4;
	} else {
		if (b[hs] == '[')
			goto unsure;
		he = sipalg_skip_cls_z(b, hs, ve, SIPALG_C_HOST);
		if (he == hs)
			goto unsure;
		u->af = sipalg_host_af(b, hs, he);
	}
	u->host = sipalg_mkspan(hs, he);
	p = he;
	if (p < ve && b[p] == ':') {
		u32 ps = p + 1;

		p = sipalg_port_z(b, ps, &u->port);
		if (!p || !u->port)
			goto unsure;
		u->port_span = sipalg_mkspan(ps, p);
	}
	while (p < ve && b[p] == ';') {
		u32 ns = p + 1, ne, vs, pe;
		bool tp = false;

		/* the usual "transport=": where the name scan stops */
		if (ve - ns > 10 && sipalg_tok_eq(b + ns, "transport=", 10)) {
			ne = ns + 9;
			tp = true;
		} else {
			ne = sipalg_skip_cls_z(b, ns, ve, SIPALG_C_TOKEN);
		}
		if (ne == ns || ne >= ve)
			goto unsure;
		vs = ne;
		pe = ne;
		if (b[ne] == '=') {
			vs = ne + 1;
			pe = sipalg_skip_cls_z(b, vs, ve, SIPALG_C_PVAL);
			if (pe >= ve || (b[pe] != ';' && b[pe] != '>'))
				goto unsure;
		} else if (b[ne] != ';' && b[ne] != '>') {
			goto unsure;
		}
		if (tp || (ne - ns == 9 && sipalg_tok_eq(b + ns, "transport", 9)))
			u->transport = sipalg_mkspan(vs, pe);
		else if (ne - ns == 5 && sipalg_tok_eq(b + ns, "maddr", 5))
			u->maddr = sipalg_mkspan(vs, pe);
		p = pe;
	}
	if (p >= ve || b[p] != '>')
		goto unsure;
	u->all = sipalg_mkspan(s, p);
	return p;
unsure:
	memset(u, 0, sizeof(*u));
	return 0;
}

/*
 * Parse name-addr / addr-spec in the trimmed value [vs, ve).  *pend is where
 * header parameters start.  inl_quote: skip a quoted display name inline
 * (From/To; in the Contact split out of line measures better).
 */
static __always_inline int sipalg_nameaddr(struct sipalg_pctx *c, u32 vs, u32 ve,
					    struct sipalg_uri *u, u32 *pend, bool *angle,
					    int err, bool inl_quote)
{
	const char *b = c->b;
	u32 p = vs, q;
	int ret;

	*angle = false;
	if (p < ve && b[p] == '"') {
		q = inl_quote ? sipalg_skip_quoted_inl(b, p, ve) : sipalg_skip_quoted(b, p, ve);
		if (!q)
			return sipalg_fail(c, p, err);
		p = sipalg_skip_lws(b, q, ve);
		if (p >= ve || b[p] != '<')
			return sipalg_fail(c, p, err);
	} else {
		q = sipalg_find_chr(b, p, ve, '<');
		if (q < ve)
			p = q;
	}
	if (p < ve && b[p] == '<') {
		q = sipalg_uri_angle(b, p + 1, ve, c->len, u);
		if (q) {
			*angle = true;
			*pend = q + 1;
			return SIPALG_OK;
		}
		q = sipalg_find_chr(b, p + 1, ve, '>');
		if (q >= ve)
			return sipalg_fail(c, p, err);
		*angle = true;
		*pend = q + 1;
		ret = sipalg_uri_parse_inl(b, p + 1, q, u, &c->err_off, true);
	} else {
		q = p;
		while (q < ve && b[q] != ';' && !sipalg_is_lws(b[q]))
			q++;
		*pend = q;
		ret = sipalg_uri_parse_inl(b, p, q, u, &c->err_off, true);
	}
	return ret ? err : SIPALG_OK;
}

/*
 * From or To: na must be all zero (both are singletons, cleared when the
 * message's parse starts), as sipalg_uri_angle() does not clear na->uri.
 */
static sipalg_noinline int sipalg_parse_fromto(struct sipalg_pctx *c, u32 vs, u32 ve, struct sipalg_nameaddr *na)
{
	struct sipalg_param pr;
	u32 p;
	bool angle;
	int r;

	na->value = sipalg_mkspan(vs, ve);
	if (sipalg_nameaddr(c, vs, ve, &na->uri, &p, &angle, SIPALG_E_NAMEADDR, true))
		return SIPALG_E_NAMEADDR;
	for (;;) {
		/*
		 * the usual ";tag=" and a value of PVAL characters: what
		 * sipalg_next_param() and the name compare below find
		 */
		if (ve - p > 5 && sipalg_tok_eq(c->b + p, ";tag=", 5)) {
			u32 e = sipalg_skip_cls_z(c->b, p + 5, ve, SIPALG_C_PVAL);

			if (e > p + 5) {
				na->tag = sipalg_mkspan(p + 5, e);
				p = e;
				continue;
			}
		}
		r = sipalg_next_param(c->b, &p, ve, &pr);
		if (r <= 0)
			break;
		if (sipalg_pname(c->b, &pr, "tag", 3))
			na->tag = sipalg_mkspan(pr.vs, pr.ve);
	}
	if (r < 0)
		return sipalg_fail(c, p, SIPALG_E_NAMEADDR);
	return SIPALG_OK;
}

static int sipalg_parse_contact(struct sipalg_pctx *c, u32 vs, u32 ve)
{
	struct sipalg_msg *m = c->m;
	struct sipalg_contact *ct;
	struct sipalg_param pr;
	u32 p;
	bool angle;
	int r;

	if (m->ncontacts >= SIPALG_MAX_CONTACTS)
		return sipalg_fail(c, vs, SIPALG_E_TOO_MANY_CONTACTS);
	ct = &m->contacts[m->ncontacts++];
	memset(ct, 0, sizeof(*ct));
	ct->value = sipalg_mkspan(vs, ve);
	if (ve - vs == 1 && c->b[vs] == '*') {
		ct->flags = SIPALG_CONTACT_STAR;
		return SIPALG_OK;
	}
	if (sipalg_nameaddr(c, vs, ve, &ct->uri, &p, &angle, SIPALG_E_CONTACT, false))
		return SIPALG_E_CONTACT;
	if (angle)
		ct->flags |= SIPALG_CONTACT_ANGLE;
	while ((r = sipalg_next_param(c->b, &p, ve, &pr)) > 0) {
		if (!sipalg_pname(c->b, &pr, "expires", 7))
			continue;
		if (!sipalg_u32_inl(c->b + pr.vs, pr.ve - pr.vs, &ct->expires))
			return sipalg_fail(c, pr.vs, SIPALG_E_CONTACT);
		ct->expires_span = sipalg_mkspan(pr.vs, pr.ve);
		ct->flags |= SIPALG_CONTACT_EXPIRES;
	}
	if (r < 0)
		return sipalg_fail(c, p, SIPALG_E_CONTACT);
	return SIPALG_OK;
}

/*
 * sipalg_contact_fast() - the usual first Contact element of the value
 * [vs, ve) (b[vs] is '<' or '"'): an optional quoted display name, a URI
 * that sipalg_uri_angle() takes, then ";name[=value]" parameters of token /
 * PVAL characters, up to ve or a ',' right after them.  Such an element
 * holds no '"', ',', '<' or '>' outside its quoted string and its < >, so
 * the comma split finds it too, and parse it as sipalg_parse_contact()
 * does.  Returns its end (ve or the index of that ',') with *ct filled,
 * or 0 for anything else: then the split and sipalg_parse_contact() decide
 * (*ct is a local: m->contacts[] past the count stays untouched).
 */
static __always_inline u32 sipalg_contact_fast(struct sipalg_pctx *c, u32 vs, u32 ve,
					       struct sipalg_contact *ct)
{
	const char *b = c->b;
	u32 p = vs, q;

	if (b[p] == '"') {
		q = sipalg_skip_quoted(b, p, ve);
		if (!q)
			return 0;
		p = sipalg_skip_lws(b, q, ve);
		if (p >= ve || b[p] != '<')
			return 0;
	}
	memset(ct, 0, sizeof(*ct));
	q = sipalg_uri_angle(b, p + 1, ve, c->len, &ct->uri);
	if (!q)
		return 0;
	ct->flags = SIPALG_CONTACT_ANGLE;
	p = q + 1;
	while (p < ve && b[p] == ';') {
		u32 ns = p + 1, ne, pvs, pve;

		ne = sipalg_skip_cls_z(b, ns, ve, SIPALG_C_TOKEN);
		if (ne == ns)
			return 0;
		pvs = ne;
		pve = ne;
		if (ne < ve && b[ne] == '=') {
			pvs = ne + 1;
			pve = sipalg_skip_cls_z(b, pvs, ve, SIPALG_C_PVAL);
			if (pve == pvs)
				return 0;
		}
		if (ne - ns == 7 && sipalg_tok_eq(b + ns, "expires", 7)) {
			if (!sipalg_u32_inl(b + pvs, pve - pvs, &ct->expires))
				return 0;
			ct->expires_span = sipalg_mkspan(pvs, pve);
			ct->flags |= SIPALG_CONTACT_EXPIRES;
		}
		p = pve;
	}
	if (p < ve && b[p] != ',')
		return 0;
	ct->value = sipalg_mkspan(vs, p);
	return p;
}

/*
 * *d = *s as six 8-byte moves (a struct assignment, or a loop of word
 * copies, of this size becomes a "rep movs" of 4-byte units).
 */
static __always_inline void sipalg_copy_contact(struct sipalg_contact *d,
						const struct sipalg_contact *s)
{
	const char *x = (const char *)s;
	char *y = (char *)d;
	u64 w0, w1, w2, w3, w4, w5;

	if (sizeof(*d) != 48) {	/* another ABI's layout: a plain copy */
		*d = *s;
		return;
	}
	memcpy(&w0, x, 8);
	memcpy(&w1, x + 8, 8);
	memcpy(&w2, x + 16, 8);
	memcpy(&w3, x + 24, 8);
	memcpy(&w4, x + 32, 8);
	memcpy(&w5, x + 40, 8);
	memcpy(y, &w0, 8);
	memcpy(y + 8, &w1, 8);
	memcpy(y + 16, &w2, 8);
	memcpy(y + 24, &w3, 8);
	memcpy(y + 32, &w4, 8);
	memcpy(y + 40, &w5, 8);
}

static u8 sipalg_tp_lookup(const char *s, u32 n)
{
	if (n == 3 && sipalg_tok_eq(s, "udp", 3))
		return SIPALG_TP_UDP;
	if (n == 3 && sipalg_tok_eq(s, "tcp", 3))
		return SIPALG_TP_TCP;
	if (n == 3 && sipalg_tok_eq(s, "tls", 3))
		return SIPALG_TP_TLS;
	if (n == 4 && sipalg_tok_eq(s, "sctp", 4))
		return SIPALG_TP_SCTP;
	if (n == 2 && sipalg_tok_eq(s, "ws", 2))
		return SIPALG_TP_WS;
	if (n == 3 && sipalg_tok_eq(s, "wss", 3))
		return SIPALG_TP_WSS;
	return SIPALG_TP_OTHER;
}

/*
 * Parse the top via-parm [vs, ve): SIP/2.0/UDP host[:port] *(;param).
 * With stop, [vs, ve) may be a whole Via value: a ',' (after LWS) where a
 * parameter would start ends the via-parm there, *stop = its index (else
 * 0), and v->value is the via-parm without that LWS: what the comma split
 * gives as its first element (a via-parm has no ", < > outside quoted
 * strings).
 */
static int sipalg_parse_via(struct sipalg_pctx *c, u32 vs, u32 ve, u32 *stop)
{
	struct sipalg_via *v = &c->m->via;
	const char *b = c->b;
	struct sipalg_param pr;
	u32 p = vs, s, hs, he, last;
	u8 tmp[16], tp;
	int r;

	v->value = sipalg_mkspan(vs, ve);
	/* common "SIP/2.0/" without LWS: what the generic scan below accepts */
	if (ve - vs >= 8 && sipalg_tok_eq(b + vs, "sip/2.0/", 8)) {
		p = vs + 8;
	} else {
		s = p;
		p = sipalg_skip_cls_z(b, p, ve, SIPALG_C_TOKEN);
		if (p - s != 3 || !sipalg_tok_eq(b + s, "sip", 3))
			return sipalg_fail(c, s, SIPALG_E_VIA);
		p = sipalg_skip_lws(b, p, ve);
		if (p >= ve || b[p] != '/')
			return sipalg_fail(c, p, SIPALG_E_VIA);
		p = sipalg_skip_lws(b, p + 1, ve);
		s = p;
		p = sipalg_skip_cls_z(b, p, ve, SIPALG_C_TOKEN);
		if (p - s != 3 || !sipalg_eq(b + s, "2.0", 3))
			return sipalg_fail(c, s, SIPALG_E_VIA);
		p = sipalg_skip_lws(b, p, ve);
		if (p >= ve || b[p] != '/')
			return sipalg_fail(c, p, SIPALG_E_VIA);
		p++;
	}
	p = sipalg_skip_lws(b, p, ve);
	s = p;
	/*
	 * "UDP ", "TCP " or "TLS " (any case) and the host right after the
	 * one SP: what the token scan, lookup and LWS skip below find.
	 */
	tp = SIPALG_TP_OTHER;
	if (ve - s >= 5 && !sipalg_is_lws(b[s + 4])) {
		u32 w;

		memcpy(&w, b + s, 4);
		w |= sipalg_lit4("\x20\x20\x20\x00");
		if (w == sipalg_lit4("udp "))
			tp = SIPALG_TP_UDP;
		else if (w == sipalg_lit4("tcp "))
			tp = SIPALG_TP_TCP;
		else if (w == sipalg_lit4("tls "))
			tp = SIPALG_TP_TLS;
	}
	if (tp != SIPALG_TP_OTHER) {
		v->transport = sipalg_mkspan(s, s + 3);
		v->tp = tp;
		hs = s + 4;
	} else {
		p = sipalg_skip_cls_z(b, p, ve, SIPALG_C_TOKEN);
		if (p == s)
			return sipalg_fail(c, s, SIPALG_E_VIA);
		v->transport = sipalg_mkspan(s, p);
		v->tp = sipalg_tp_lookup(b + s, p - s);
		hs = sipalg_skip_lws(b, p, ve);
		if (hs == p || hs >= ve)
			return sipalg_fail(c, hs, SIPALG_E_VIA);
	}
	if (b[hs] == '[') {
		he = sipalg_find_chr(b, hs, ve, ']');
		if (he >= ve || !sipalg_parse_ip6(b + hs + 1, he - hs - 1, tmp))
			return sipalg_fail(c, hs, SIPALG_E_VIA);
		he++;
		v->af = SIPALG_AF_IP6;
	} else {
		/*
		 * a literal IPv4: what the scan and the parse below find
		 * (b[ve] is the LWS, line end or ',' after the value)
		 */
		he = sipalg_ip4_host(b, hs, ve, true);
		if (he)
			v->af = SIPALG_AF_IP4;
	}
	if (!he) {
		he = sipalg_skip_cls_z(b, hs, ve, SIPALG_C_HOST);
		if (he == hs)
			return sipalg_fail(c, hs, SIPALG_E_VIA);
		v->af = sipalg_host_af(b, hs, he);
	}
	v->host = sipalg_mkspan(hs, he);
	v->sent_by = v->host;
	p = sipalg_skip_lws(b, he, ve);
	if (p < ve && b[p] == ':') {
		s = sipalg_skip_lws(b, p + 1, ve);
		p = sipalg_port_z(b, s, &v->port);
		if (!p || !v->port)
			return sipalg_fail(c, s, SIPALG_E_VIA);
		v->port_span = sipalg_mkspan(s, p);
		v->sent_by = sipalg_mkspan(hs, p);
	} else {
		p = he;
	}
	for (;;) {
		struct sipalg_span val;

		last = p;
		/*
		 * the usual ";branch=" and a value of PVAL characters: what
		 * sipalg_next_param() and the name compare below find
		 */
		if (ve - p > 8 && sipalg_tok_eq(b + p, ";branch=", 8)) {
			s = sipalg_skip_cls_z(b, p + 8, ve, SIPALG_C_PVAL);
			if (s > p + 8) {
				v->branch = sipalg_mkspan(p + 8, s);
				p = s;
				continue;
			}
		}
		/* and ";rport" without a value, last or before the next ';' */
		if (ve - p >= 6 && sipalg_tok_eq(b + p, ";rport", 6) &&
		    (p + 6 == ve || b[p + 6] == ';')) {
			v->has_rport = true;
			v->rport = sipalg_mkspan(p + 1, p + 6);
			p += 6;
			continue;
		}
		r = sipalg_next_param(b, &p, ve, &pr);
		if (r <= 0)
			break;
		val = sipalg_mkspan(pr.vs, pr.ve);
		switch (sipalg_lower(b[pr.ns])) {
		case 'b':
			if (sipalg_pname(b, &pr, "branch", 6))
				v->branch = val;
			break;
		case 'm':
			if (sipalg_pname(b, &pr, "maddr", 5))
				v->maddr = val;
			break;
		case 'r':
			if (sipalg_pname(b, &pr, "received", 8)) {
				v->received = val;
			} else if (sipalg_pname(b, &pr, "rport", 5)) {
				v->has_rport = true;
				v->rport = sipalg_mkspan(pr.ns, pr.ve);
				if (!val.len)
					break;
				if (!sipalg_port_inl(b + pr.vs, val.len, &v->rport_port) ||
				    !v->rport_port)
					return sipalg_fail(c, pr.vs, SIPALG_E_VIA);
				v->rport_val = val;
			}
			break;
		}
	}
	if (r < 0) {
		p = stop ? sipalg_skip_lws(b, last, ve) : p;
		if (!stop || p >= ve || b[p] != ',')
			return sipalg_fail(c, p, SIPALG_E_VIA);
		*stop = p;
		v->value = sipalg_mkspan(vs, last);
	}
	c->m->flags |= SIPALG_MF_VIA;
	return SIPALG_OK;
}

/*
 * Split a Via/Contact/Route/Record-Route value at commas that are outside
 * quoted strings and < >, record each element, and parse the top Via and
 * every Contact.
 */
static sipalg_noinline int sipalg_split(struct sipalg_pctx *c, u32 vs, u32 ve, u8 hidx, u8 id)
{
	/* bytes below 64 that matter outside a quoted string: " , < > */
	const u64 special = 1ULL << '"' | 1ULL << ',' | 1ULL << '<' | 1ULL << '>';
	struct sipalg_msg *m = c->m;
	const char *b = c->b;
	bool angle = false, single;
	u32 p, es = vs, start;
	int r;

	m->hdrs[hidx].first_val = m->nvals;
	/*
	 * The top Via parsed whole: a via-parm has no ", < > outside its
	 * quoted strings, so this is the one element the scan below would
	 * find.  Else that scan, from a clean state.
	 */
	if (id == SIPALG_H_VIA && !(m->flags & SIPALG_MF_VIA) && vs < ve &&
	    m->nvals < SIPALG_MAX_VALUES) {
		u32 stop = 0;

		if (!sipalg_parse_via(c, vs, ve, &stop)) {
			m->vals[m->nvals].span = m->via.value;
			m->vals[m->nvals].hdr = hidx;
			m->vals[m->nvals].id = id;
			m->nvals++;
			m->hdrs[hidx].nvals++;
			if (!stop)
				return SIPALG_OK;
			/* the other elements, after the comma */
			single = false;
			start = stop + 1;
			es = start;
			goto split;
		}
		memset(&m->via, 0, sizeof(m->via));
	}
	/* the usual Contact element parsed whole, as the split would find it */
	if (id == SIPALG_H_CONTACT && vs < ve && (b[vs] == '<' || b[vs] == '"') &&
	    m->nvals < SIPALG_MAX_VALUES && m->ncontacts < SIPALG_MAX_CONTACTS) {
		struct sipalg_contact ct;
		u32 stop = sipalg_contact_fast(c, vs, ve, &ct);

		if (stop) {
			sipalg_copy_contact(&m->contacts[m->ncontacts++], &ct);
			m->vals[m->nvals].span = sipalg_mkspan(vs, stop);
			m->vals[m->nvals].hdr = hidx;
			m->vals[m->nvals].id = id;
			m->nvals++;
			m->hdrs[hidx].nvals++;
			if (stop == ve)
				return SIPALG_OK;
			single = false;
			start = stop + 1;
			es = start;
			goto split;
		}
	}
	/* fast path: no comma at all, one element (the value is trimmed) */
	single = sipalg_find_chr(b, vs, ve, ',') == ve;
	start = single ? ve : vs;
split:
	for (p = start; p <= ve; p++) {
		u32 s, e;

		/* find the next comma outside quotes and < > */
		for (; p < ve; p++) {
			u8 ch = (u8)b[p];

			if (ch >= 64 || !((special >> ch) & 1))
				continue;
			if (ch == '"') {
				for (p++; p < ve; p++) {
					if (b[p] == '\\' && p + 1 < ve)
						p++;
					else if (b[p] == '"')
						break;
				}
				if (p >= ve)
					return sipalg_fail(c, ve, SIPALG_E_HDR_SYNTAX);
				continue;
			}
			if (ch == '<')
				angle = true;
			else if (ch == '>')
				angle = false;
			else if (!angle)
				break;	/* ',' */
		}
		if (p >= ve && angle)
			return sipalg_fail(c, ve, SIPALG_E_HDR_SYNTAX);
		if (single) {
			s = vs;
			e = ve;
		} else {
			s = sipalg_skip_lws(b, es, p);
			e = sipalg_rtrim_lws(b, s, p);
		}
		if (s == e)
			return sipalg_fail(c, s, SIPALG_E_HDR_SYNTAX);
		if (m->nvals >= SIPALG_MAX_VALUES)
			return sipalg_fail(c, s, SIPALG_E_TOO_MANY_VALUES);
		m->vals[m->nvals].span = sipalg_mkspan(s, e);
		m->vals[m->nvals].hdr = hidx;
		m->vals[m->nvals].id = id;
		m->nvals++;
		m->hdrs[hidx].nvals++;
		if (id == SIPALG_H_VIA && !(m->flags & SIPALG_MF_VIA)) {
			r = sipalg_parse_via(c, s, e, NULL);
			if (r)
				return r;
		} else if (id == SIPALG_H_CONTACT) {
			r = sipalg_parse_contact(c, s, e);
			if (r)
				return r;
		}
		es = p + 1;
	}
	return SIPALG_OK;
}

static sipalg_noinline int sipalg_parse_cseq(struct sipalg_pctx *c, u32 vs, u32 ve)
{
	struct sipalg_msg *m = c->m;
	const char *b = c->b;
	u32 p = vs, s, d, n;
	u64 v = 0;

	/* the digits: at most 10, the value fits in 32 bits (v may wrap
	 * for a longer run, which fails on its length).  b[ve], LWS or the
	 * line end after the value, is no digit: no bound check per digit.
	 */
	while ((d = (u32)(u8)b[p] - '0') <= 9) {
		v = v * 10 + d;
		p++;
	}
	if (p == vs || p - vs > 10 || v > 0xffffffffU)
		return sipalg_fail(c, vs, SIPALG_E_CSEQ);
	m->cseq = (u32)v;
	/* usually one SP and the method: no LWS scan */
	s = p + 1;
	if (p >= ve || b[p] != ' ' || (u8)b[s] <= ' ')
		s = sipalg_skip_lws(b, p, ve);
	if (s == p)
		return sipalg_fail(c, p, SIPALG_E_CSEQ);
	/* usually the request's own method (a known one is a token) */
	n = m->method_span.len;
	if (m->method != SIPALG_M_OTHER && ve - s == n &&
	    sipalg_eq_n8(b + s, b + m->method_span.off, n, c->len - s,
			 c->len - m->method_span.off)) {
		p = ve;
		m->cseq_method = m->method;
	} else {
		p = sipalg_skip_cls_z(b, s, ve, SIPALG_C_TOKEN);
		if (p == s || p != ve)
			return sipalg_fail(c, p, SIPALG_E_CSEQ);
		m->cseq_method = (u8)sipalg_method_lookup(b + s, p - s);
	}
	m->cseq_method_span = sipalg_mkspan(s, p);
	m->flags |= SIPALG_MF_CSEQ;
	return SIPALG_OK;
}

static sipalg_noinline int sipalg_parse_ctype(struct sipalg_pctx *c, u32 vs, u32 ve)
{
	struct sipalg_msg *m = c->m;
	const char *b = c->b;
	struct sipalg_param pr;
	u32 p, ts = vs, te, ss, se;
	int r;

	m->ctype_span = sipalg_mkspan(vs, ve);
	/* the usual value alone: what the generic parse below makes of it */
	if (ve - vs == 15 && sipalg_tok_eq(b + vs, "application/sdp", 15)) {
		m->ctype = SIPALG_CT_SDP;
		return SIPALG_OK;
	}
	te = sipalg_skip_cls_z(b, ts, ve, SIPALG_C_TOKEN);
	p = sipalg_skip_lws(b, te, ve);
	if (te == ts || p >= ve || b[p] != '/')
		return sipalg_fail(c, p, SIPALG_E_CTYPE);
	ss = sipalg_skip_lws(b, p + 1, ve);
	se = sipalg_skip_cls_z(b, ss, ve, SIPALG_C_TOKEN);
	if (se == ss)
		return sipalg_fail(c, ss, SIPALG_E_CTYPE);
	m->ctype = SIPALG_CT_OTHER;
	if (te - ts == 11 && sipalg_tok_eq(b + ts, "application", 11) &&
	    se - ss == 3 && sipalg_tok_eq(b + ss, "sdp", 3))
		m->ctype = SIPALG_CT_SDP;
	p = se;
	while ((r = sipalg_next_param(b, &p, ve, &pr)) > 0)
		if (sipalg_pname(b, &pr, "boundary", 8))
			m->boundary = sipalg_mkspan(pr.vs, pr.ve);
	if (r < 0)
		return sipalg_fail(c, p, SIPALG_E_CTYPE);
	if (te - ts == 9 && sipalg_tok_eq(b + ts, "multipart", 9) &&
	    se - ss == 5 && sipalg_tok_eq(b + ss, "mixed", 5)) {
		if (!m->boundary.len || m->boundary.len > 70)
			return sipalg_fail(c, vs, SIPALG_E_CTYPE);
		m->ctype = SIPALG_CT_MULTIPART;
	}
	return SIPALG_OK;
}

/*
 * Interpret the value [vs, ve) (trimmed) of header hdrs[hidx].
 * b[ve] is the SP, HT, CR or LF after the value inside the buffer (a comma
 * element ends at a ','): several fast paths below (sipalg_uri_angle(),
 * sipalg_contact_fast(), sipalg_port_z(), sipalg_ip4_host() in z mode,
 * the CSeq digits) stop at that byte without a bound check of their own,
 * so they must not be called on an arbitrary span.
 */
static int sipalg_hdr_value(struct sipalg_pctx *c, u8 hidx, u8 id, u32 vs, u32 ve)
{
	struct sipalg_msg *m = c->m;
	const char *b = c->b;

	switch (id) {
	case SIPALG_H_VIA:
	case SIPALG_H_CONTACT:
	case SIPALG_H_ROUTE:
	case SIPALG_H_RECORD_ROUTE:
		return sipalg_split(c, vs, ve, hidx, id);
	case SIPALG_H_FROM:
		m->flags |= SIPALG_MF_FROM;
		return sipalg_parse_fromto(c, vs, ve, &m->from);
	case SIPALG_H_TO:
		m->flags |= SIPALG_MF_TO;
		return sipalg_parse_fromto(c, vs, ve, &m->to);
	case SIPALG_H_CALL_ID:
		if (vs == ve)
			return sipalg_fail(c, vs, SIPALG_E_HDR_SYNTAX);
		m->call_id = sipalg_mkspan(vs, ve);
		return SIPALG_OK;
	case SIPALG_H_CSEQ:
		return sipalg_parse_cseq(c, vs, ve);
	case SIPALG_H_CONTENT_LENGTH:
		if (!sipalg_u32_inl(b + vs, ve - vs, &m->clen))
			return sipalg_fail(c, vs, SIPALG_E_CLEN);
		m->clen_span = sipalg_mkspan(vs, ve);
		m->flags |= SIPALG_MF_CLEN;
		return SIPALG_OK;
	case SIPALG_H_CONTENT_TYPE:
		return sipalg_parse_ctype(c, vs, ve);
	case SIPALG_H_EXPIRES:
		if (!sipalg_u32_inl(b + vs, ve - vs, &m->expires))
			return sipalg_fail(c, vs, SIPALG_E_NUMBER);
		m->flags |= SIPALG_MF_EXPIRES;
		return SIPALG_OK;
	case SIPALG_H_MAX_FORWARDS:
		if (!sipalg_u32_inl(b + vs, ve - vs, &m->max_forwards))
			return sipalg_fail(c, vs, SIPALG_E_NUMBER);
		m->flags |= SIPALG_MF_MAX_FWD;
		return SIPALG_OK;
	}
	return SIPALG_OK;
}

static bool sipalg_singleton(u8 id)
{
	switch (id) {
	case SIPALG_H_FROM:
	case SIPALG_H_TO:
	case SIPALG_H_CALL_ID:
	case SIPALG_H_CSEQ:
	case SIPALG_H_CONTENT_LENGTH:
	case SIPALG_H_CONTENT_TYPE:
	case SIPALG_H_EXPIRES:
	case SIPALG_H_MAX_FORWARDS:
		return true;
	}
	return false;
}

/* Request-Line or Status-Line occupying [0, e). */
static sipalg_noinline int sipalg_start_line(struct sipalg_pctx *c, u32 e)
{
	struct sipalg_msg *m = c->m;
	const char *b = c->b;
	u32 te, us, ue;
	u64 w, x, hit;
	int id = SIPALG_M_OTHER;

	/*
	 * A known method (upper-case letters, so token characters) ending
	 * at a ' ' in the first word is what the token scan finds.
	 */
	te = 0;
	if (SIPALG_LE && e >= 8) {
		memcpy(&w, b, 8);
		x = w ^ (SIPALG_ONES * ' ');
		hit = (x - SIPALG_ONES) & ~x & SIPALG_HIGHS;
		if (((u32)w | sipalg_lit4("\x20\x20\x20\x00")) == sipalg_lit4("sip/")) {
			te = 3;	/* a status line: the token scan stops at the '/' */
		} else if (hit) {
			te = sipalg_first_flag(hit);
			id = sipalg_method_lookup(b, te);
			if (id == SIPALG_M_OTHER)
				te = 0;
		}
	}
	if (!te)
		te = sipalg_skip_cls_z(b, 0, e, SIPALG_C_TOKEN);
	if (te == 0)
		return sipalg_fail(c, 0, SIPALG_E_START_LINE);
	if (te < e && b[te] == '/') {
		u32 st;

		if (e < 11 || !sipalg_tok_eq(b, "sip/2.0", 7) || b[7] != ' ')
			return sipalg_fail(c, 0, SIPALG_E_VERSION);
		if (!sipalg_is(b[8], SIPALG_C_DIGIT) || !sipalg_is(b[9], SIPALG_C_DIGIT) ||
		    !sipalg_is(b[10], SIPALG_C_DIGIT))
			return sipalg_fail(c, 8, SIPALG_E_STATUS);
		st = (u32)(b[8] - '0') * 100 + (u32)(b[9] - '0') * 10 + (u32)(b[10] - '0');
		if (st < 100 || st > 699)
			return sipalg_fail(c, 8, SIPALG_E_STATUS);
		if (e > 11 && b[11] != ' ')
			return sipalg_fail(c, 11, SIPALG_E_STATUS);
		m->status = (u16)st;
		if (e > 12)
			m->reason = sipalg_mkspan(12, e);
		return SIPALG_OK;
	}
	if (te >= e || b[te] != ' ')
		return sipalg_fail(c, te, SIPALG_E_START_LINE);
	m->flags |= SIPALG_MF_REQUEST;
	m->method_span = sipalg_mkspan(0, te);
	if (id == SIPALG_M_OTHER)
		id = sipalg_method_lookup(b, te);
	m->method = (u8)id;
	us = te + 1;
	ue = sipalg_find_chr(b, us, e, ' ');
	if (ue == us || ue >= e)
		return sipalg_fail(c, us, SIPALG_E_START_LINE);
	if (e - ue - 1 != 7 || !sipalg_tok_eq(b + ue + 1, "sip/2.0", 7))
		return sipalg_fail(c, ue + 1, SIPALG_E_VERSION);
	if (sipalg_uri_parse_inl(b, us, ue, &m->ruri, &c->err_off, true))
		return SIPALG_E_URI;
	return SIPALG_OK;
}

/* Why no line end follows the line that sipalg_scan_ctl() stopped at x in. */
static sipalg_noinline int sipalg_line_err(struct sipalg_pctx *c, u32 x, u32 hlim)
{
	if (x >= hlim) {
		if (hlim < c->len)
			return sipalg_fail(c, hlim, SIPALG_E_HDR_TOO_LONG);
		return sipalg_fail(c, c->len, c->stream ? SIPALG_NEED_MORE : SIPALG_E_TRUNCATED);
	}
	return sipalg_fail(c, x, SIPALG_E_CONTROL);
}

/*
 * Find the end of the line starting at ls: *e = its CR/LF, *next = start of
 * the following line.  Errors: header section too long, truncated (or need
 * more on a stream), control byte.  b and len are c->b and c->len.
 */
static __always_inline int sipalg_line_end(struct sipalg_pctx *c, const char *b, u32 len,
					   u32 ls, u32 hlim, u32 *e, u32 *next)
{
	u32 x = sipalg_scan_ctl(b, ls, hlim);
	u16 two;

	/* the usual CRLF in one compare (x < hlim <= len, and x + 1 < len) */
	if (sipalg_likely(x + 1 < len && x < hlim)) {
		memcpy(&two, b + x, 2);
		if (sipalg_likely(two == sipalg_lit2("\r\n"))) {
			*e = x;
			*next = x + 2;
			return SIPALG_OK;
		}
	}
	if (sipalg_unlikely(x >= hlim || (b[x] != '\r' && b[x] != '\n')))
		return sipalg_line_err(c, x, hlim);
	*e = x;
	*next = x + sipalg_eol_len(b, x, len);
	return SIPALG_OK;
}

/*
 * Index the header lines from p on: name, id, trimmed value into m->hdrs
 * (m->nhdrs counts them) and first occurrences into m->first, up to the
 * empty line (*hend = the byte after it) or the first error in a line, a
 * name, their number or a repeated singleton.  Values are interpreted
 * afterwards (sipalg_hdr_values()); this loop calls no
 * function on its usual path, so that its state stays in registers.
 */
static sipalg_noinline int sipalg_hdr_lines(struct sipalg_pctx *c, u32 p, u32 hlim, u32 *hend)
{
	struct sipalg_msg *m = c->m;
	const char *buf = c->b;
	u32 len = c->len, n = 0;
	int r;

	for (;;) {
		u32 ls = p, e = 0, ne, colon, vs, ve, nl;
		struct sipalg_hdr *h;
		int id;

		r = sipalg_line_end(c, buf, len, ls, hlim, &e, &p);
		if (r)
			break;
		if (e == ls) {
			*hend = p;
			break;	/* empty line: end of the header section */
		}
		/*
		 * Fast path: a known name directly followed by ':' (a line
		 * has no byte below 0x20 but HT, and a case-folded match with
		 * a name made of letters and '-' implies token characters
		 * only: the generic scan below would end the name at the same
		 * colon), or a short unknown one of token characters.
		 * Otherwise the generic token scan and lookup.
		 */
		id = SIPALG_H__GENERIC;
		if (ls + 8 <= len)
			id = sipalg_hdr_fast(buf + ls, e - ls, &nl);
		if (id != SIPALG_H__GENERIC) {
			ne = ls + nl;
			colon = ne;
		} else {
			u64 g = sipalg_hdr_generic(buf, ls, e);

			if (!g) {
				r = sipalg_fail(c, ls, SIPALG_E_HDR_SYNTAX);
				break;
			}
			ne = (u32)g & 0xffff;
			colon = (u32)(g >> 16) & 0xffff;
			id = (int)(g >> 32);
		}
		/* extend over folded continuation lines */
		while (p < len && sipalg_is_wsp(buf[p])) {
			r = sipalg_line_end(c, buf, len, p, hlim, &e, &p);
			if (r)
				goto out;
		}
		/*
		 * Trim LWS; bytes above ' ' are none of SP, HT, CR, LF: one
		 * compare each for the usual ": value" without trailing LWS.
		 * colon < e, and buf[e] is the CR or LF ending the line (not
		 * ' ', and <= ' '): the reads need no bound, and vs stays <= e.
		 */
		vs = colon + 1;
		if (buf[vs] == ' ')
			vs++;
		if ((u8)buf[vs] <= ' ')
			vs = sipalg_skip_lws(buf, vs, e);
		ve = e;
		if (ve > vs && (u8)buf[ve - 1] <= ' ')
			ve = sipalg_rtrim_lws(buf, vs, ve);
		if (n >= SIPALG_MAX_HDRS) {
			r = sipalg_fail(c, ls, SIPALG_E_TOO_MANY_HDRS);
			break;
		}
		if (m->first[id] != 0xff) {
			if (sipalg_singleton(id)) {
				r = sipalg_fail(c, ls, SIPALG_E_DUP_HDR);
				break;
			}
		} else if (id != SIPALG_H_OTHER) {
			m->first[id] = (u8)n;
		}
		h = &m->hdrs[n++];
		sipalg_put_hdr_spans(h, ls, ne, vs, ve, (u8)id);
	}
out:
	m->nhdrs = (u8)n;
	return r;
}

/*
 * Interpret the values of the headers sipalg_hdr_lines() indexed, in order.
 * On an error in header i, the message holds what a parse that stopped
 * there holds: headers up to i, first occurrences below i + 1.
 */
static int sipalg_hdr_values(struct sipalg_pctx *c)
{
	struct sipalg_msg *m = c->m;
	u32 i, j, n = m->nhdrs;
	int r;

	for (i = 0; i < n; i++) {
		const struct sipalg_hdr *h = &m->hdrs[i];

		if (h->id == SIPALG_H_OTHER)
			continue;
		r = sipalg_hdr_value(c, (u8)i, h->id, h->value.off, h->value.off + h->value.len);
		if (r) {
			for (j = i + 1; j < n; j++)
				if (m->first[m->hdrs[j].id] == j)
					m->first[m->hdrs[j].id] = 0xff;
			m->nhdrs = (u8)(i + 1);
			return r;
		}
	}
	return SIPALG_OK;
}

/**
 * sipalg_parse_msg() - parse one SIP message into an index of spans.
 * @buf: the message, starting with its start line.
 * @len: bytes available (at most SIPALG_MAX_MSG_LEN).
 * @m: result; fully overwritten, also on error.
 * @flags: 0 for a datagram, SIPALG_PF_STREAM for a framed stream message.
 *
 * One pass over the header section: start line, every header line (names
 * in any case, compact forms, folding, CR/LF/CRLF line ends) into @m->hdrs,
 * comma lists of Via/Contact/Route/Record-Route into @m->vals, and the
 * values of the headers the ALG uses.  Singleton headers (From, To, Call-ID,
 * CSeq, Content-Length, Content-Type, Expires, Max-Forwards) must not repeat.
 *
 * Datagram: without Content-Length the body runs to @len; a Content-Length
 * larger than the bytes present is SIPALG_E_BODY_SHORT; bytes after the body
 * are not part of the message (@m->len says where it ends).  Stream:
 * Content-Length is mandatory and missing bytes give SIPALG_NEED_MORE; @len
 * should be what sipalg_frame() reported (the end of @buf is final, so a
 * trailing CR is a bare-CR line end).
 *
 * Return: SIPALG_OK, SIPALG_NEED_MORE (stream only) or a negative
 * SIPALG_E_* code with @m->err_off set.
 */
int sipalg_parse_msg(const char *buf, u32 len, struct sipalg_msg *m, u32 flags)
{
	struct sipalg_pctx c = {
		.b = buf, .len = len, .stream = !!(flags & SIPALG_PF_STREAM), .m = m,
	};
	u32 p = 0, e = 0, hlim;
	int r, rv;

	if (!m)
		return SIPALG_E_ARG;
	memset(m, 0, offsetof(struct sipalg_msg, hdrs));
	memset(m->first, 0xff, sizeof(m->first));
	if (!buf && len)
		return SIPALG_E_ARG;
	if (len > SIPALG_MAX_MSG_LEN) {
		r = sipalg_fail(&c, SIPALG_MAX_MSG_LEN, SIPALG_E_TOO_LONG);
		goto out;
	}
	hlim = len < SIPALG_MAX_HDR_BYTES + 1 ? len : SIPALG_MAX_HDR_BYTES + 1;

	r = sipalg_line_end(&c, buf, len, 0, hlim, &e, &p);
	if (r)
		goto out;
	r = sipalg_start_line(&c, e);
	if (r)
		goto out;
	/*
	 * Lines first, values second: a value's error comes before an error
	 * in a later line, as if all were done line by line.
	 */
	r = sipalg_hdr_lines(&c, p, hlim, &p);
	rv = sipalg_hdr_values(&c);	/* sets err_off when it fails */
	if (rv) {
		r = rv;
		goto out;
	}
	if (r)
		goto out;
	if (p > SIPALG_MAX_HDR_BYTES) {
		r = sipalg_fail(&c, SIPALG_MAX_HDR_BYTES, SIPALG_E_HDR_TOO_LONG);
		goto out;
	}
	m->hdr_len = (u16)p;
	if (m->flags & SIPALG_MF_CLEN) {
		if (m->clen > len - p) {
			r = sipalg_fail(&c, len, c.stream ? SIPALG_NEED_MORE : SIPALG_E_BODY_SHORT);
			goto out;
		}
		m->body = sipalg_mkspan(p, p + m->clen);
	} else if (c.stream) {
		r = sipalg_fail(&c, p, SIPALG_E_NO_CLEN);
		goto out;
	} else {
		m->body = sipalg_mkspan(p, len);
	}
	m->len = (u16)(m->body.off + m->body.len);
	return SIPALG_OK;
out:
	m->err_off = (u16)(c.err_off > SIPALG_MAX_MSG_LEN ? SIPALG_MAX_MSG_LEN : c.err_off);
	return r;
}

/**
 * sipalg_hdr_find() - look up a header by id in a parsed message.
 * @m: parsed message.
 * @id: enum sipalg_hdr_id.
 * @start: index into @m->hdrs to start at (0 for the first).
 *
 * Return: index into @m->hdrs of the first header with @id at or after
 * @start, or -1 if there is none.
 */
int sipalg_hdr_find(const struct sipalg_msg *m, unsigned int id, unsigned int start)
{
	unsigned int i;

	if (start == 0 && id < SIPALG_H__COUNT && id != SIPALG_H_OTHER)
		return m->first[id] == 0xff ? -1 : m->first[id];
	for (i = start; i < m->nhdrs; i++)
		if (m->hdrs[i].id == id)
			return (int)i;
	return -1;
}
