// SPDX-License-Identifier: GPL-2.0
/*
 * parse_util.c - sipalg parser core: character classes, numbers, case-insensitive
 * compare, IPv4/IPv6 literal parse and format, SIP URI parse, error strings.
 *
 * Pure C shared by the kernel module and userspace; see parse.h.
 */
#include "parse_int.h"

/* Character classes, SIPALG_C_* bits; bytes >= 0x80 belong to no class. */
const u8 sipalg_ctype[256] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0x00 */
	0x00, 0x02, 0x04, 0x00, 0x00, 0x04, 0x00, 0x00, /* 0x08 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0x10 */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0x18 */
	0x02, 0x81, 0x00, 0x00, 0x00, 0x81, 0x00, 0x81, /* 0x20 */
	0x00, 0x00, 0x81, 0x81, 0x00, 0xc1, 0xc1, 0x00, /* 0x28 */
	0xe9, 0xe9, 0xe9, 0xe9, 0xe9, 0xe9, 0xe9, 0xe9, /* 0x30 */
	0xe9, 0xe9, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, /* 0x38 */
	0x00, 0xf1, 0xf1, 0xf1, 0xf1, 0xf1, 0xf1, 0xd1, /* 0x40 */
	0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, /* 0x48 */
	0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, /* 0x50 */
	0xd1, 0xd1, 0xd1, 0x80, 0x00, 0x80, 0x00, 0xc1, /* 0x58 */
	0x81, 0xf1, 0xf1, 0xf1, 0xf1, 0xf1, 0xf1, 0xd1, /* 0x60 */
	0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, /* 0x68 */
	0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, 0xd1, /* 0x70 */
	0xd1, 0xd1, 0xd1, 0x00, 0x00, 0x00, 0x81, 0x00, /* 0x78 */
};

static const char *const sipalg_errstr[] = {
	[0] = "ok",
	[-SIPALG_E_ARG] = "bad argument",
	[-SIPALG_E_TOO_LONG] = "message too long",
	[-SIPALG_E_HDR_TOO_LONG] = "header section too long",
	[-SIPALG_E_TRUNCATED] = "truncated header section",
	[-SIPALG_E_START_LINE] = "malformed start line",
	[-SIPALG_E_VERSION] = "not SIP/2.0",
	[-SIPALG_E_STATUS] = "bad status code",
	[-SIPALG_E_URI] = "malformed URI",
	[-SIPALG_E_HDR_SYNTAX] = "malformed header line",
	[-SIPALG_E_TOO_MANY_HDRS] = "too many header lines",
	[-SIPALG_E_TOO_MANY_VALUES] = "too many header values",
	[-SIPALG_E_DUP_HDR] = "duplicate singleton header",
	[-SIPALG_E_CLEN] = "bad Content-Length",
	[-SIPALG_E_NO_CLEN] = "no Content-Length on stream",
	[-SIPALG_E_BODY_SHORT] = "body shorter than Content-Length",
	[-SIPALG_E_CSEQ] = "malformed CSeq",
	[-SIPALG_E_VIA] = "malformed Via",
	[-SIPALG_E_CONTACT] = "malformed Contact",
	[-SIPALG_E_TOO_MANY_CONTACTS] = "too many Contact values",
	[-SIPALG_E_NUMBER] = "bad numeric header value",
	[-SIPALG_E_NAMEADDR] = "malformed From/To",
	[-SIPALG_E_CTYPE] = "malformed Content-Type",
	[-SIPALG_E_SDP_SYNTAX] = "malformed SDP line",
	[-SIPALG_E_SDP_ORIGIN] = "malformed SDP o=",
	[-SIPALG_E_SDP_CONN] = "malformed SDP c=",
	[-SIPALG_E_SDP_MEDIA] = "malformed SDP m=",
	[-SIPALG_E_TOO_MANY_MEDIA] = "too many SDP media",
	[-SIPALG_E_SDP_RTCP] = "malformed SDP a=rtcp",
	[-SIPALG_E_SDP_NO_CONN] = "SDP media without connection address",
	[-SIPALG_E_TOO_MANY_ICE] = "too many SDP ICE lines",
	[-SIPALG_E_MULTIPART] = "malformed multipart body",
	[-SIPALG_E_NO_SDP] = "no SDP part in multipart body",
	[-SIPALG_E_CONTROL] = "control character in header section",
};

/**
 * sipalg_strerror() - name a status or error code.
 * @err: SIPALG_OK, SIPALG_NEED_MORE, SIPALG_KEEPALIVE or a SIPALG_E_* code.
 *
 * Return: a static string, "unknown error" for codes not in enum sipalg_status.
 */
const char *sipalg_strerror(int err)
{
	if (err == SIPALG_NEED_MORE)
		return "need more data";
	if (err == SIPALG_KEEPALIVE)
		return "keep-alive";
	if (err > 0 || err < SIPALG_E__MIN || !sipalg_errstr[-err])
		return "unknown error";
	return sipalg_errstr[-err];
}

static const char *const sipalg_methods[SIPALG_M__COUNT] = {
	[SIPALG_M_OTHER] = "OTHER",
	[SIPALG_M_INVITE] = "INVITE",
	[SIPALG_M_ACK] = "ACK",
	[SIPALG_M_BYE] = "BYE",
	[SIPALG_M_CANCEL] = "CANCEL",
	[SIPALG_M_REGISTER] = "REGISTER",
	[SIPALG_M_OPTIONS] = "OPTIONS",
	[SIPALG_M_PRACK] = "PRACK",
	[SIPALG_M_UPDATE] = "UPDATE",
	[SIPALG_M_SUBSCRIBE] = "SUBSCRIBE",
	[SIPALG_M_NOTIFY] = "NOTIFY",
	[SIPALG_M_REFER] = "REFER",
	[SIPALG_M_MESSAGE] = "MESSAGE",
	[SIPALG_M_INFO] = "INFO",
	[SIPALG_M_PUBLISH] = "PUBLISH",
};

/**
 * sipalg_method_str() - name of a method.
 * @method: enum sipalg_method.
 *
 * Return: "INVITE", ...; "OTHER" for SIPALG_M_OTHER and out-of-range values.
 */
const char *sipalg_method_str(unsigned int method)
{
	if (method >= SIPALG_M__COUNT)
		method = SIPALG_M_OTHER;
	return sipalg_methods[method];
}

/**
 * sipalg_method_lookup() - map a method token to enum sipalg_method.
 * @s: method text.
 * @len: its length.
 *
 * Method names are case-sensitive (RFC 3261 7.1).
 *
 * Return: enum sipalg_method, SIPALG_M_OTHER for extension methods.
 */
int sipalg_method_lookup(const char *s, u32 len)
{
	switch (len) {
	case 3:
		if (sipalg_eq(s, "ACK", 3))
			return SIPALG_M_ACK;
		if (sipalg_eq(s, "BYE", 3))
			return SIPALG_M_BYE;
		break;
	case 4:
		if (sipalg_eq(s, "INFO", 4))
			return SIPALG_M_INFO;
		break;
	case 5:
		if (sipalg_eq(s, "PRACK", 5))
			return SIPALG_M_PRACK;
		if (sipalg_eq(s, "REFER", 5))
			return SIPALG_M_REFER;
		break;
	case 6:
		if (sipalg_eq(s, "INVITE", 6))
			return SIPALG_M_INVITE;
		if (sipalg_eq(s, "CANCEL", 6))
			return SIPALG_M_CANCEL;
		if (sipalg_eq(s, "UPDATE", 6))
			return SIPALG_M_UPDATE;
		if (sipalg_eq(s, "NOTIFY", 6))
			return SIPALG_M_NOTIFY;
		break;
	case 7:
		if (sipalg_eq(s, "OPTIONS", 7))
			return SIPALG_M_OPTIONS;
		if (sipalg_eq(s, "MESSAGE", 7))
			return SIPALG_M_MESSAGE;
		if (sipalg_eq(s, "PUBLISH", 7))
			return SIPALG_M_PUBLISH;
		break;
	case 8:
		if (sipalg_eq(s, "REGISTER", 8))
			return SIPALG_M_REGISTER;
		break;
	case 9:
		if (sipalg_eq(s, "SUBSCRIBE", 9))
			return SIPALG_M_SUBSCRIBE;
		break;
	}
	return SIPALG_M_OTHER;
}

/**
 * sipalg_ieq() - ASCII case-insensitive comparison of two byte ranges.
 * @a: first range.
 * @b: second range (typically a lower-case literal).
 * @n: number of bytes to compare.
 *
 * Return: true if equal ignoring ASCII case.
 */
bool sipalg_ieq(const char *a, const char *b, u32 n)
{
	return sipalg_ieq_inl(a, b, n);
}

/**
 * sipalg_span_ieq() - compare a span with a literal, ignoring case.
 * @buf: message buffer the span refers to.
 * @s: the span (must lie inside @buf).
 * @lit: literal.
 * @litlen: literal length.
 *
 * Return: true if the span's text equals @lit ignoring ASCII case.
 */
bool sipalg_span_ieq(const char *buf, struct sipalg_span s, const char *lit, u32 litlen)
{
	return s.len == litlen && sipalg_ieq(buf + s.off, lit, litlen);
}

/**
 * sipalg_parse_u32() - parse an unsigned decimal number.
 * @s: text (digits only: no sign, no white space).
 * @len: text length, at least 1.
 * @out: result.
 *
 * Leading zeros are allowed; any value above U32_MAX is rejected, never
 * truncated (however many digits).
 *
 * Return: true on success.
 */
bool sipalg_parse_u32(const char *s, u32 len, u32 *out)
{
	return sipalg_u32_inl(s, len, out);
}

/**
 * sipalg_parse_port() - parse a decimal port number.
 * @s: text (1 to 5 digits).
 * @len: text length.
 * @out: result, 0..65535.
 *
 * Return: true on success.
 */
bool sipalg_parse_port(const char *s, u32 len, u16 *out)
{
	return sipalg_port_inl(s, len, out);
}

/**
 * sipalg_parse_ip4() - parse a strict IPv4 dotted quad.
 * @s: text.
 * @len: text length.
 * @out: 4 bytes, network order.
 *
 * Exactly four decimal parts of 1..3 digits each <= 255, no leading zeros
 * (which some stacks read as octal), nothing else.
 *
 * Return: true on success.
 */
bool sipalg_parse_ip4(const char *s, u32 len, u8 *out)
{
	char t[16];
	u8 a[4];

	if (len < 7 || len > SIPALG_IP4_STRLEN)
		return false;
	/*
	 * A copy with a 0 after the text (two overlapping words: len >= 7 >= 4),
	 * so that sipalg_ip4_scan() needs no bounds check per byte.
	 */
	if (len >= 8) {
		memcpy(t, s, 8);
		memcpy(t + len - 8, s + len - 8, 8);
	} else {
		memcpy(t, s, 4);
		memcpy(t + len - 4, s + len - 4, 4);
	}
	t[len] = 0;
	if (sipalg_ip4_scan(t, 0, len, a, true) != len)
		return false;
	memcpy(out, a, 4);
	return true;
}

static int sipalg_hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = sipalg_lower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/**
 * sipalg_parse_ip6() - parse an IPv6 literal (RFC 4291 section 2.2).
 * @s: text without brackets and without zone id.
 * @len: text length.
 * @out: 16 bytes, network order.
 *
 * Accepts 1..4 hex digits per group, one "::", and a trailing dotted quad.
 *
 * Return: true on success.
 */
bool sipalg_parse_ip6(const char *s, u32 len, u8 *out)
{
	u16 w[8];
	u32 i = 0, n = 0, k;
	int gap = -1;

	if (len < 2 || len > 45)
		return false;
	if (s[0] == ':') {
		if (s[1] != ':')
			return false;
		gap = 0;
		i = 2;
	}
	while (i < len) {
		u32 start = i, v = 0;
		int h;

		if (n >= 8)
			return false;
		while (i < len && i - start < 5 && (h = sipalg_hexval(s[i])) >= 0) {
			v = v * 16 + (u32)h;
			i++;
		}
		if (i < len && s[i] == '.') {
			u8 a4[4];

			if (n > 6 || !sipalg_parse_ip4(s + start, len - start, a4))
				return false;
			w[n++] = (u16)(a4[0] << 8 | a4[1]);
			w[n++] = (u16)(a4[2] << 8 | a4[3]);
			i = len;
			break;
		}
		if (i == start || i - start > 4)
			return false;
		w[n++] = (u16)v;
		if (i == len)
			break;
		if (s[i] != ':')
			return false;
		i++;
		if (i < len && s[i] == ':') {
			if (gap >= 0)
				return false;
			gap = (int)n;
			i++;
		} else if (i == len) {
			return false;	/* trailing single ':' */
		}
	}
	if (gap < 0 ? n != 8 : n > 7)
		return false;
	memset(out, 0, 16);
	if (gap < 0)
		gap = (int)n;
	for (k = 0; k < (u32)gap; k++) {
		out[2 * k] = (u8)(w[k] >> 8);
		out[2 * k + 1] = (u8)w[k];
	}
	for (k = (u32)gap; k < n; k++) {
		u32 d = 8 - n + k;

		out[2 * d] = (u8)(w[k] >> 8);
		out[2 * d + 1] = (u8)w[k];
	}
	return true;
}

/**
 * sipalg_host_addr() - classify and parse a host span.
 * @buf: message buffer.
 * @host: host span, IPv6 with or without brackets.
 * @out: 16 bytes; receives the address (4 bytes used for IPv4), zeroed
 *	for names.
 *
 * Return: enum sipalg_af: IP4, IP6, NAME for anything else, NONE if empty.
 */
int sipalg_host_addr(const char *buf, struct sipalg_span host, u8 *out)
{
	const char *s = buf + host.off;
	u32 len = host.len;

	memset(out, 0, 16);
	if (!len)
		return SIPALG_AF_NONE;
	if (s[0] == '[') {
		if (len < 4 || s[len - 1] != ']' || !sipalg_parse_ip6(s + 1, len - 2, out)) {
			memset(out, 0, 16);
			return SIPALG_AF_NAME;
		}
		return SIPALG_AF_IP6;
	}
	if (sipalg_parse_ip4(s, len, out))
		return SIPALG_AF_IP4;
	if (sipalg_parse_ip6(s, len, out))
		return SIPALG_AF_IP6;
	memset(out, 0, 16);
	return SIPALG_AF_NAME;
}

static u32 sipalg_fmt_dec(char *o, u32 v)
{
	u32 n = 0;

	if (v >= 100)
		o[n++] = (char)('0' + v / 100);
	if (v >= 10)
		o[n++] = (char)('0' + v / 10 % 10);
	o[n++] = (char)('0' + v % 10);
	return n;
}

/**
 * sipalg_fmt_ip4() - format an IPv4 address as a dotted quad.
 * @out: output buffer (no NUL is written).
 * @size: its size; SIPALG_IP4_STRLEN always suffices.
 * @addr: 4 bytes, network order.
 *
 * Return: number of bytes written, or SIPALG_E_ARG if @size is too small.
 */
int sipalg_fmt_ip4(char *out, u32 size, const u8 *addr)
{
	char t[SIPALG_IP4_STRLEN];
	u32 n = 0, i;

	for (i = 0; i < 4; i++) {
		if (i)
			t[n++] = '.';
		n += sipalg_fmt_dec(t + n, addr[i]);
	}
	if (n > size)
		return SIPALG_E_ARG;
	memcpy(out, t, n);
	return (int)n;
}

/**
 * sipalg_fmt_ip6() - format an IPv6 address in RFC 5952 canonical form.
 * @out: output buffer (no NUL, no brackets are written).
 * @size: its size; SIPALG_IP6_STRLEN always suffices.
 * @addr: 16 bytes, network order.
 *
 * Lower-case hex without leading zeros, the longest run (first on a tie) of
 * two or more zero groups shortened to "::", IPv4-mapped addresses
 * (::ffff:0:0/96) in mixed notation "::ffff:a.b.c.d".
 *
 * Return: number of bytes written, or SIPALG_E_ARG if @size is too small.
 */
int sipalg_fmt_ip6(char *out, u32 size, const u8 *addr)
{
	static const char hex[] = "0123456789abcdef";
	char t[SIPALG_IP6_STRLEN];
	int best = -1, bestlen = 1, run = 0, i;
	u32 n = 0;
	u16 w[8];

	for (i = 0; i < 8; i++)
		w[i] = (u16)(addr[2 * i] << 8 | addr[2 * i + 1]);

	if (!w[0] && !w[1] && !w[2] && !w[3] && !w[4] && w[5] == 0xffff) {
		memcpy(t, "::ffff:", 7);
		n = 7;
		n += (u32)sipalg_fmt_ip4(t + n, SIPALG_IP4_STRLEN, addr + 12);
		goto done;
	}
	for (i = 0; i < 8; i++) {
		run = w[i] ? 0 : run + 1;
		if (run > bestlen) {
			bestlen = run;
			best = i - run + 1;
		}
	}
	for (i = 0; i < 8; i++) {
		int sh;
		bool lead = true;

		if (i == best) {
			t[n++] = ':';
			t[n++] = ':';
			i += bestlen - 1;
			continue;
		}
		if (i && !(best >= 0 && i == best + bestlen))
			t[n++] = ':';
		for (sh = 12; sh >= 0; sh -= 4) {
			u32 d = (w[i] >> sh) & 0xf;

			if (lead && !d && sh)
				continue;
			lead = false;
			t[n++] = hex[d];
		}
	}
done:
	if (n > size)
		return SIPALG_E_ARG;
	memcpy(out, t, n);
	return (int)n;
}

/**
 * sipalg_uri_parse() - parse a URI occupying exactly b[start..end).
 * @b: message buffer.
 * @start: first byte of the URI.
 * @end: one past its last byte.
 * @u: result (overwritten).
 * @err_off: set to the failing offset on error.
 *
 * sip: and sips: URIs are split into user, host, port and the transport and
 * maddr parameters; other schemes only get @u->all and @u->scheme.
 *
 * Return: SIPALG_OK or SIPALG_E_URI.
 */
int sipalg_uri_parse(const char *b, u32 start, u32 end, struct sipalg_uri *u, u32 *err_off)
{
	return sipalg_uri_parse_inl(b, start, end, u, err_off, false);
}
