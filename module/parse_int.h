/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse_int.h - helpers shared by the sipalg parser files (not public API).
 */
#ifndef SIPALG_PARSE_INT_H
#define SIPALG_PARSE_INT_H

#include "parse.h"

/* character classes of sipalg_ctype[] */
#define SIPALG_C_TOKEN	0x01	/* RFC 3261 token character */
#define SIPALG_C_WSP	0x02	/* SP, HT */
#define SIPALG_C_EOL	0x04	/* CR, LF */
#define SIPALG_C_DIGIT	0x08	/* 0-9 */
#define SIPALG_C_ALPHA	0x10	/* A-Z a-z */
#define SIPALG_C_HEX	0x20	/* 0-9 A-F a-f */
#define SIPALG_C_HOST	0x40	/* hostname character: alnum - . _ */
#define SIPALG_C_PVAL	0x80	/* generic-param value: token + : [ ] */

extern const u8 sipalg_ctype[256];

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SIPALG_LE 1
#else
#define SIPALG_LE 0
#endif

/* branch hints: the kernel's likely()/unlikely(), also in userspace */
#define sipalg_likely(x)	__builtin_expect(!!(x), 1)
#define sipalg_unlikely(x)	__builtin_expect(!!(x), 0)

/* keep a path out of line (of a hot loop, for register allocation) */
#ifdef __KERNEL__
#define sipalg_noinline noinline
#else
#define sipalg_noinline __attribute_noinline__	/* glibc <sys/cdefs.h> */
#endif

static inline bool sipalg_is(char c, u8 cls)
{
	return sipalg_ctype[(u8)c] & cls;
}

static inline bool sipalg_is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

static inline bool sipalg_is_lws(char c)
{
	return sipalg_ctype[(u8)c] & (SIPALG_C_WSP | SIPALG_C_EOL);
}

static inline char sipalg_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

/* ASCII case-insensitive equality of n bytes. */
static inline bool sipalg_ieq_inl(const char *a, const char *b, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		u8 x = (u8)(a[i] ^ b[i]);
		u8 l = (u8)(a[i] | 0x20);

		if (x && (x != 0x20 || l < 'a' || l > 'z'))
			return false;
	}
	return true;
}

static inline struct sipalg_span sipalg_mkspan(u32 off, u32 end)
{
	struct sipalg_span s = { .off = (u16)off, .len = (u16)(end - off) };

	return s;
}

/* Length of the line end at b[e] (a CR or LF): 2 for CRLF, else 1. */
static inline u32 sipalg_eol_len(const char *b, u32 e, u32 len)
{
	return (b[e] == '\r' && e + 1 < len && b[e + 1] == '\n') ? 2 : 1;
}

/* Skip SP/HT in [p, end). */
static inline u32 sipalg_skip_wsp(const char *b, u32 p, u32 end)
{
	while (p < end && sipalg_is_wsp(b[p]))
		p++;
	return p;
}

/* Skip linear white space (SP, HT and folds: CR/LF inside a value) in [p, end). */
static inline u32 sipalg_skip_lws(const char *b, u32 p, u32 end)
{
	while (p < end && sipalg_is_lws(b[p]))
		p++;
	return p;
}

/* Trim LWS at the end of [p, end): returns the new end (>= p). */
static inline u32 sipalg_rtrim_lws(const char *b, u32 p, u32 end)
{
	while (end > p && sipalg_is_lws(b[end - 1]))
		end--;
	return end;
}

/*
 * First index in [p, end) whose byte is not in class cls, or end (p if
 * p >= end).  b + p must lie inside the buffer or just past it.
 */
static __always_inline u32 sipalg_skip_cls(const char *b, u32 p, u32 end, u8 cls)
{
	const u8 *t = sipalg_ctype, *u = (const u8 *)b;
	const u8 *s = u + p, *e = u + end;

	/* a pointer walk: no index arithmetic per byte */
	while (e - s >= 4) {
		if (!(t[s[0]] & cls))
			return (u32)(s - u);
		if (!(t[s[1]] & cls))
			return (u32)(s - u) + 1;
		if (!(t[s[2]] & cls))
			return (u32)(s - u) + 2;
		if (!(t[s[3]] & cls))
			return (u32)(s - u) + 3;
		s += 4;
	}
	while (s < e && (t[*s] & cls))
		s++;
	return (u32)(s - u);
}

/*
 * sipalg_skip_cls() for a caller that knows a byte not in class cls follows
 * at or after end inside the buffer: in a header value, the CR or LF that
 * ends its line, which is in no class.  No bound check per byte (nothing is
 * read past the first byte not in cls); the result is clamped to end.
 */
static __always_inline u32 sipalg_skip_cls_z(const char *b, u32 p, u32 end, u8 cls)
{
	const u8 *t = sipalg_ctype, *u = (const u8 *)b + p, *s = u;

	if (p >= end)
		return p;
	for (;;) {
		if (!(t[s[0]] & cls))
			break;
		if (!(t[s[1]] & cls)) {
			s += 1;
			break;
		}
		if (!(t[s[2]] & cls)) {
			s += 2;
			break;
		}
		if (!(t[s[3]] & cls)) {
			s += 3;
			break;
		}
		s += 4;
	}
	p += (u32)(s - u);
	return p < end ? p : end;
}

/* sipalg_skip_cls_z() if z (a compile-time constant), else sipalg_skip_cls(). */
static __always_inline u32 sipalg_skip_cls_if(const char *b, u32 p, u32 end, u8 cls, bool z)
{
	return z ? sipalg_skip_cls_z(b, p, end, cls) : sipalg_skip_cls(b, p, end, cls);
}

#define SIPALG_ONES	0x0101010101010101ULL
#define SIPALG_HIGHS	0x8080808080808080ULL

/*
 * Index (0..7) of the first flagged byte of a little-endian word loaded
 * from memory.  The "(x - ONES) & ~x & HIGHS" zero-byte test flags exactly
 * the first zero byte (borrows only propagate towards later bytes, which may
 * be false positives), so the lowest flag is the first match.  Big-endian
 * callers fall back to a byte loop over the word.
 */
static inline u32 sipalg_first_flag(u64 hit)
{
	return (u32)__builtin_ctzll(hit) >> 3;
}

/*
 * First index in [p, end) holding c, or end.  Word at a time (the kernel's
 * memchr is a byte loop); reads only inside b[p..end).
 */
static inline u32 sipalg_find_chr(const char *b, u32 p, u32 end, char c)
{
	const u64 pat = SIPALG_ONES * (u8)c;

	while (p + 8 <= end) {
		u64 w, hit;

		memcpy(&w, b + p, 8);
		w ^= pat;
		hit = (w - SIPALG_ONES) & ~w & SIPALG_HIGHS;
		if (hit) {
			if (SIPALG_LE)
				return p + sipalg_first_flag(hit);
			break;	/* the byte loop finds it in this word */
		}
		p += 8;
	}
	while (p < end && b[p] != c)
		p++;
	return p;
}

/*
 * First index in [p, end) holding c1 or c2, or end (a word at a time: the
 * lowest zero-byte flag of each pattern is exact, so the lower of the two
 * is the first match).
 */
static __always_inline u32 sipalg_find_chr2(const char *b, u32 p, u32 end, char c1, char c2)
{
	const u64 q1 = SIPALG_ONES * (u8)c1, q2 = SIPALG_ONES * (u8)c2;

	while (p + 8 <= end) {
		u64 w, x1, x2, hit;

		memcpy(&w, b + p, 8);
		x1 = w ^ q1;
		x2 = w ^ q2;
		hit = (((x1 - SIPALG_ONES) & ~x1) | ((x2 - SIPALG_ONES) & ~x2)) & SIPALG_HIGHS;
		if (hit) {
			if (SIPALG_LE)
				return p + sipalg_first_flag(hit);
			break;	/* the byte loop finds it in this word */
		}
		p += 8;
	}
	while (p < end && b[p] != c1 && b[p] != c2)
		p++;
	return p;
}

/*
 * First index in [p, end) holding c1, c2 or c3, or end, reading words
 * inside b[p..lim) where lim >= end is how far the buffer may be read: a
 * short search near end needs no byte loop when more of the buffer follows.
 * With c1 == c2 == c3 (constants) the compiler folds the three tests.
 */
static __always_inline u32 sipalg_find_chr3_lim(const char *b, u32 p, u32 end, u32 lim,
						char c1, char c2, char c3)
{
	const u64 q1 = SIPALG_ONES * (u8)c1, q2 = SIPALG_ONES * (u8)c2;
	const u64 q3 = SIPALG_ONES * (u8)c3;

	while (p < end && p + 8 <= lim) {
		u64 w, x1, x2, x3, hit;

		memcpy(&w, b + p, 8);
		x1 = w ^ q1;
		x2 = w ^ q2;
		x3 = w ^ q3;
		hit = (((x1 - SIPALG_ONES) & ~x1) | ((x2 - SIPALG_ONES) & ~x2) |
		       ((x3 - SIPALG_ONES) & ~x3)) & SIPALG_HIGHS;
		if (hit) {
			if (!SIPALG_LE)
				break;	/* the byte loop finds it in this word */
			p += sipalg_first_flag(hit);
			return p < end ? p : end;
		}
		p += 8;
	}
	if (p > end)
		return end;
	while (p < end && b[p] != c1 && b[p] != c2 && b[p] != c3)
		p++;
	return p;
}

/* sipalg_find_chr3_lim() for one byte c. */
static __always_inline u32 sipalg_find_chr_lim(const char *b, u32 p, u32 end, u32 lim, char c)
{
	return sipalg_find_chr3_lim(b, p, end, lim, c, c, c);
}

/*
 * Exact equality of n bytes, n a compile-time constant in practice: a few
 * (overlapping) word compares, no library call.
 */
static __always_inline bool sipalg_eq(const char *a, const char *lit, u32 n)
{
	u64 x, y;
	u32 u, v;
	u16 h, k;

	if (n > 8) {
		u32 i;

		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, lit + i, 8);
			if (x != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, lit + n - 8, 8);
		return x == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, lit, 4);
		if (u != v)
			return false;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, lit + n - 4, 4);
		return u == v;
	}
	if (n >= 2) {
		memcpy(&h, a, 2);
		memcpy(&k, lit, 2);
		if (h != k)
			return false;
		return a[n - 1] == lit[n - 1];
	}
	return !n || a[0] == lit[0];
}

/* The 4 bytes of lit as a word in memory order (constant-folded). */
static __always_inline u32 sipalg_lit4(const char *lit)
{
	u32 v;

	memcpy(&v, lit, 4);
	return v;
}

/* The 2 bytes of lit as a word in memory order (constant-folded). */
static __always_inline u16 sipalg_lit2(const char *lit)
{
	u16 v;

	memcpy(&v, lit, 2);
	return v;
}

/*
 * The first n (<= 8) bytes at lit as a word in memory order, the rest 0
 * (constant-folded for a literal; a load for buffer bytes).
 */
static __always_inline u64 sipalg_lit8(const char *lit, u32 n)
{
	u64 v = 0;

	memcpy(&v, lit, n);
	return v;
}

/* Exact equality of n bytes, n not known at compile time: a byte loop. */
static inline bool sipalg_bytes_eq(const char *a, const char *b, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * Exact equality of n bytes, n not known at compile time: one masked word
 * compare when n <= 8 and 8 bytes may be read at a and at b (ra and rb
 * bytes are readable there), else a byte loop.
 */
static __always_inline bool sipalg_eq_n8(const char *a, const char *b, u32 n, u32 ra, u32 rb)
{
	u64 x, y;

	if (SIPALG_LE && n - 1 < 8 && ra >= 8 && rb >= 8) {
		/* n is 1..8: the first n bytes in memory are the low ones */
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		return !((x ^ y) & (~0ULL >> (64 - 8 * n)));
	}
	return sipalg_bytes_eq(a, b, n);
}

/*
 * Case-insensitive compare of n bytes with a lower-case literal, exactly
 * like sipalg_ieq_inl(), when either the literal is made of letters only
 * (any bytes then), or the literal holds letters, digits and "-./:;=" and the
 * bytes are token characters or any bytes >= 0x20 or HT (header lines):
 * c | 0x20 equals a literal byte only for the same letter in either case or
 * for the very same character.  Folded values also hold CR and LF, which
 * fold to '-' and '*': literals compared with value bytes have neither.
 * n is a compile-time constant.
 */
static __always_inline bool sipalg_tok_eq(const char *a, const char *lit, u32 n)
{
	const u64 lc = SIPALG_ONES * 0x20;
	u64 x, y;
	u32 u, v;
	u16 h, k;

	if (n > 8) {
		u32 i;

		for (i = 0; i + 8 < n; i += 8) {
			memcpy(&x, a + i, 8);
			memcpy(&y, lit + i, 8);
			if ((x | lc) != y)
				return false;
		}
		memcpy(&x, a + n - 8, 8);
		memcpy(&y, lit + n - 8, 8);
		return (x | lc) == y;
	}
	if (n >= 4) {
		memcpy(&u, a, 4);
		memcpy(&v, lit, 4);
		if ((u | (u32)lc) != v)
			return false;
		memcpy(&u, a + n - 4, 4);
		memcpy(&v, lit + n - 4, 4);
		return (u | (u32)lc) == v;
	}
	if (n >= 2) {
		memcpy(&h, a, 2);
		memcpy(&k, lit, 2);
		if ((u16)(h | (u16)lc) != k)
			return false;
		return (a[n - 1] | 0x20) == lit[n - 1];
	}
	return !n || (a[0] | 0x20) == lit[0];
}

/* High bit set in each byte of b[p..p+8) below 0x20 (exact up to the first). */
static __always_inline u64 sipalg_ctl_flags(const char *b, u32 p)
{
	u64 w;

	memcpy(&w, b + p, 8);
	return (w - SIPALG_ONES * 0x20) & ~w & SIPALG_HIGHS;
}

/*
 * High bit set in each byte of w below c (1..0x80), exactly: the test works
 * on the low 7 bits of each byte, whose sum with 0x80 - c stays below 0x100,
 * so no carry crosses bytes (unlike sipalg_ctl_flags()); c = 1 flags the
 * zero bytes.
 */
static __always_inline u64 sipalg_below_exact(u64 w, u8 c)
{
	const u64 low7 = ~SIPALG_HIGHS;

	return ~(((w & low7) + SIPALG_ONES * (u8)(0x80 - c)) | w) & SIPALG_HIGHS;
}

/*
 * sipalg_scan_ctl() - first index in [p, end) holding a byte below 0x20 other
 * than HT (so CR, LF and every forbidden control byte), or end.  Reads 8
 * bytes at a time (two words per round), only inside b[p..end).
 */
static inline u32 sipalg_scan_ctl(const char *b, u32 p, u32 end)
{
	while (p + 8 <= end) {
		u64 hit = sipalg_ctl_flags(b, p);

		if (!hit) {
			/* two words per round while they last */
			if (p + 16 <= end) {
				hit = sipalg_ctl_flags(b, p + 8);
				p += 8;
				if (!hit) {
					p += 8;
					continue;
				}
			} else {
				p += 8;
				continue;
			}
		}
		/*
		 * The first flagged byte is exactly the first byte < 0x20
		 * (borrows only propagate towards later bytes).
		 */
		if (SIPALG_LE)
			p += sipalg_first_flag(hit);
		else
			while ((u8)b[p] >= 0x20)
				p++;
		if (b[p] != '\t')
			return p;
		p++;
	}
	for (; p < end; p++) {
		u8 c = (u8)b[p];

		if (c < 0x20 && c != '\t')
			return p;
	}
	return end;
}

/* sipalg_parse_u32() for the parser's own use: inlined, pointer walk. */
static __always_inline bool sipalg_u32_inl(const char *s, u32 len, u32 *out)
{
	const u8 *u = (const u8 *)s, *e = u + len;
	u64 v = 0;
	u32 w = 0, d;

	if (!len)
		return false;
	if (len <= 9) {
		/* cannot overflow: no check per digit */
		do {
			d = (u32)*u - '0';
			if (d > 9)
				return false;
			w = w * 10 + d;
		} while (++u < e);
		*out = w;
		return true;
	}
	do {
		d = (u32)*u - '0';
		if (d > 9)
			return false;
		v = v * 10 + d;
		if (v > 0xffffffffU)
			return false;
	} while (++u < e);
	*out = (u32)v;
	return true;
}

/* sipalg_parse_port() for the parser's own use: inlined, pointer walk. */
static __always_inline bool sipalg_port_inl(const char *s, u32 len, u16 *out)
{
	const u8 *u = (const u8 *)s, *e = u + len;
	u32 v = 0, d;

	if (!len || len > 5)
		return false;
	do {
		d = (u32)*u - '0';
		if (d > 9)
			return false;
		v = v * 10 + d;
	} while (++u < e);
	if (v > 65535)
		return false;
	*out = (u16)v;
	return true;
}

/*
 * The digit run at b[p..) read as sipalg_port_inl() reads it: its end, with
 * the port in *out, or 0 if the run is empty, longer than 5 digits or above
 * 65535.  A byte that is no digit must follow the run inside the buffer
 * (z mode: the LWS or line end after a header value ends it there at the
 * latest); one pass instead of a class scan and then the number.
 */
static __always_inline u32 sipalg_port_z(const char *b, u32 p, u16 *out)
{
	const u8 *u = (const u8 *)b + p, *s = u;
	u32 v = 0, d;

	/* v may wrap on a long run, which fails on its length */
	while ((d = (u32)*s - '0') <= 9) {
		v = v * 10 + d;
		s++;
	}
	if (s == u || s - u > 5 || v > 65535)
		return 0;
	*out = (u16)v;
	return p + (u32)(s - u);
}

/*
 * One part of a dotted quad at *sp: 1..3 digits, <= 255, no leading zero.
 * Advances *sp past it and stores it in *out if out is not NULL; false if
 * there is none.  The byte after a part of one or two digits must exist
 * (see sipalg_ip4_scan()'s z), so no bound is checked.
 */
static __always_inline bool sipalg_ip4_part_z(const u8 **sp, u8 *out)
{
	const u8 *s = *sp;
	u32 v = (u32)s[0] - '0', d;

	if (v > 9)
		return false;
	d = (u32)s[1] - '0';
	if (d <= 9) {
		if (!v)
			return false;	/* leading zero */
		v = v * 10 + d;
		d = (u32)s[2] - '0';
		if (d <= 9) {
			v = v * 10 + d;
			if (v > 255)
				return false;
			s++;
		}
		s++;
	}
	if (out)
		*out = (u8)v;
	*sp = s + 1;
	return true;
}

/*
 * sipalg_ip4_scan() - a strict IPv4 dotted quad (as sipalg_parse_ip4() takes:
 * four parts of 1..3 digits, each <= 255, no leading zero) at the start of
 * b[p..end): the index just past it, or 0 if there is none.  It stops after
 * the fourth part whatever follows: the caller decides what may follow.  It
 * reads only inside b[p..end); with z (a compile-time constant) the caller
 * knows that b[end] exists and is neither a digit nor a '.', which ends the
 * scan there at the latest: then it is an unrolled pointer walk with no
 * bound checked.  If out is not NULL, the parts go there in network order.
 */
static __always_inline u32 sipalg_ip4_scan(const char *b, u32 p, u32 end, u8 *out, bool z)
{
	u32 part, v, d;

	if (z) {
		const u8 *u = (const u8 *)b, *s = u + p;

		if (!sipalg_ip4_part_z(&s, out) || *s++ != '.' ||
		    !sipalg_ip4_part_z(&s, out ? out + 1 : NULL) || *s++ != '.' ||
		    !sipalg_ip4_part_z(&s, out ? out + 2 : NULL) || *s++ != '.' ||
		    !sipalg_ip4_part_z(&s, out ? out + 3 : NULL))
			return 0;
		return (u32)(s - u);
	}
	for (part = 0;; part++) {
		if (p >= end)
			return 0;
		v = (u32)(u8)b[p] - '0';
		if (v > 9)
			return 0;
		p++;
		d = p < end ? (u32)(u8)b[p] - '0' : 10;
		if (d <= 9) {
			if (!v)
				return 0;	/* leading zero */
			v = v * 10 + d;
			p++;
			d = p < end ? (u32)(u8)b[p] - '0' : 10;
			if (d <= 9) {
				v = v * 10 + d;
				p++;
				if (v > 255)
					return 0;
			}
		}
		if (out)
			out[part] = (u8)v;
		if (part == 3)
			break;
		if (p >= end || b[p] != '.')
			return 0;
		p++;
	}
	return p;
}

/*
 * sipalg_ip4_host() - a dotted quad at b[p..end) that is a whole run of host
 * characters: followed by end or by a byte that is not one.  Returns its
 * end, or 0 (then scan the host characters and try sipalg_parse_ip4() on
 * them: the same answer, just slower).  The usual literal host costs one
 * pass instead of two.  z as for sipalg_ip4_scan(), and b[end] is no host
 * character either.
 */
static __always_inline u32 sipalg_ip4_host(const char *b, u32 p, u32 end, bool z)
{
	u32 q = sipalg_ip4_scan(b, p, end, NULL, z);

	if (q && (z || q < end) && sipalg_is(b[q], SIPALG_C_HOST))
		return 0;
	return q;
}

/*
 * The family of a host [hs, he) of host characters that is no IPv4 literal
 * by the one-pass scan: SIPALG_AF_IP4 if sipalg_parse_ip4() takes it after
 * all (only possible when it ends in a digit), else SIPALG_AF_NAME.
 */
static __always_inline u8 sipalg_host_af(const char *b, u32 hs, u32 he)
{
	u8 tmp[4];

	if (sipalg_is(b[he - 1], SIPALG_C_DIGIT) && sipalg_parse_ip4(b + hs, he - hs, tmp))
		return SIPALG_AF_IP4;
	return SIPALG_AF_NAME;
}

int sipalg_method_lookup(const char *s, u32 len);
int sipalg_uri_parse(const char *b, u32 start, u32 end, struct sipalg_uri *u, u32 *err_off);

/* Find a ';transport=' / ';maddr=' style URI parameter list in [p, end). */
static __always_inline int sipalg_uri_params(const char *b, u32 p, u32 end, struct sipalg_uri *u,
					     u32 *err_off, bool z)
{
	while (p < end && b[p] == ';') {
		u32 ns = p + 1, ne, vs, ve;

		/* token characters are none of = ; ? and the usual case */
		ne = sipalg_skip_cls_if(b, ns, end, SIPALG_C_TOKEN, z);
		while (ne < end && b[ne] != '=' && b[ne] != ';' && b[ne] != '?')
			ne++;
		vs = ne;
		ve = ne;
		if (ne < end && b[ne] == '=') {
			vs = ne + 1;
			/* nor are the PVAL characters ; or ? */
			ve = sipalg_skip_cls_if(b, vs, end, SIPALG_C_PVAL, z);
			while (ve < end && b[ve] != ';' && b[ve] != '?')
				ve++;
		}
		if (ne == ns) {
			*err_off = ns;
			return SIPALG_E_URI;
		}
		if (ne - ns == 9 && sipalg_tok_eq(b + ns, "transport", 9))
			u->transport = sipalg_mkspan(vs, ve);
		else if (ne - ns == 5 && sipalg_tok_eq(b + ns, "maddr", 5))
			u->maddr = sipalg_mkspan(vs, ve);
		p = ve;
	}
	if (p < end && b[p] != '?') {
		*err_off = p;
		return SIPALG_E_URI;
	}
	return SIPALG_OK;
}

/* sipalg_uri_parse() for the parser's own use (inlined). */
static __always_inline int sipalg_uri_parse_inl(const char *b, u32 start, u32 end,
						struct sipalg_uri *u, u32 *err_off, bool z)
{
	u32 p, q, hs, he, w = 0;
	u8 tmp[16];

	memset(u, 0, sizeof(*u));
	u->all = sipalg_mkspan(start, end);
	p = start;
	if (end - p >= 4)
		memcpy(&w, b + p, 4);
	/* fast path for sip: and sips: (case-folded letters, exact ':') */
	if (end - p >= 4 && (w | sipalg_lit4("\x20\x20\x20\x00")) == sipalg_lit4("sip:")) {
		p += 3;
		u->scheme_id = SIPALG_SCHEME_SIP;
		u->scheme = sipalg_mkspan(start, p);
	} else if (end - p >= 5 && (w | sipalg_lit4("\x20\x20\x20\x20")) == sipalg_lit4("sips") &&
		   b[p + 4] == ':') {
		p += 4;
		u->scheme_id = SIPALG_SCHEME_SIPS;
		u->scheme = sipalg_mkspan(start, p);
	} else {
		if (p >= end || !sipalg_is(b[p], SIPALG_C_ALPHA))
			goto bad;
		while (p < end && (sipalg_is(b[p], SIPALG_C_ALPHA | SIPALG_C_DIGIT) ||
				   b[p] == '+' || b[p] == '-' || b[p] == '.'))
			p++;
		if (p >= end || b[p] != ':')
			goto bad;
		u->scheme = sipalg_mkspan(start, p);
		if (p - start == 3 && sipalg_tok_eq(b + start, "tel", 3))
			u->scheme_id = SIPALG_SCHEME_TEL;
		return SIPALG_OK;
	}
	p++;
	/*
	 * userinfo ends at the first '@' (it cannot contain one unescaped).
	 * Common case: "user@" made of host characters.
	 */
	q = sipalg_skip_cls_if(b, p, end, SIPALG_C_HOST, z);
	if (q < end && b[q] != '@' && !(q == p && b[q] == '['))
		q = sipalg_find_chr(b, q, end, '@');
	if (q < end && b[q] == '@') {
		if (q == p)
			goto bad;
		u->user = sipalg_mkspan(p, q);
		p = q + 1;
		q = sipalg_ip4_host(b, p, end, false);
		if (q) {
			/* what the scan and sipalg_parse_ip4() below find */
			u->af = SIPALG_AF_IP4;
			u->host = sipalg_mkspan(p, q);
			p = q;
			goto port;
		}
		q = sipalg_skip_cls_if(b, p, end, SIPALG_C_HOST, z);
	} else {
		q = 0;	/* no user: the host scan starts at p */
	}
	hs = p;
	if (p < end && b[p] == '[') {
		he = sipalg_find_chr(b, p, end, ']');
		if (he >= end || !sipalg_parse_ip6(b + p + 1, he - p - 1, tmp))
			goto bad_at_p;
		he++;
		u->af = SIPALG_AF_IP6;
	} else {
		he = q > p ? q : sipalg_skip_cls_if(b, p, end, SIPALG_C_HOST, z);
		if (he == hs)
			goto bad_at_p;
		u->af = sipalg_host_af(b, hs, he);
	}
	u->host = sipalg_mkspan(hs, he);
	p = he;
port:
	if (p < end && b[p] == ':') {
		u32 ps = p + 1;

		p = sipalg_skip_cls_if(b, ps, end, SIPALG_C_DIGIT, z);
		if (!sipalg_port_inl(b + ps, p - ps, &u->port) || !u->port) {
			*err_off = ps;
			return SIPALG_E_URI;
		}
		u->port_span = sipalg_mkspan(ps, p);
	}
	if (p == end)
		return SIPALG_OK;
	return sipalg_uri_params(b, p, end, u, err_off, z);
bad_at_p:
	*err_off = p;
	return SIPALG_E_URI;
bad:
	*err_off = start;
	return SIPALG_E_URI;
}

#endif /* SIPALG_PARSE_INT_H */
