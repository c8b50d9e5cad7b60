// SPDX-License-Identifier: GPL-2.0
/*
 * rewrite.c - the NAT edit plan of one message and its application.
 *
 * Planners add (offset, length, text) edits taken from the parser's index;
 * nothing is rescanned.  sipalg_plan_apply() sorts them, fixes
 * Content-Length for the edits that fall in the body, and applies them from
 * the end of the message to its start, so every offset still to be used is
 * unaffected by the edits already made.
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_seqadj.h>
#include <net/netfilter/nf_nat_helper.h>

#include "sipalg.h"

/**
 * sipalg_plan_text() - plan to replace a span of the message by text.
 * @p: the plan.
 * @at: the bytes to replace.
 * @text: replacement.
 * @tlen: its length (at most SIPALG_EDIT_TEXT).
 *
 * Return: 0, or -ENOSPC when the plan is full (counted).
 */
int sipalg_plan_text(struct sipalg_plan *p, struct sipalg_span at,
		     const char *text, unsigned int tlen)
{
	struct sipalg_edit *e;

	if (p->n >= SIPALG_MAX_EDITS || tlen > SIPALG_EDIT_TEXT) {
		p->overflow = true;
		return -ENOSPC;
	}
	e = &p->e[p->n++];
	e->off = at.off;
	e->len = at.len;
	e->tlen = tlen;
	memcpy(e->text, text, tlen);
	return 0;
}

/**
 * sipalg_plan_addr() - plan to replace a span by an address (no brackets).
 * @p: the plan.
 * @at: the bytes to replace.
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6.
 * @addr: the address.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_plan_addr(struct sipalg_plan *p, struct sipalg_span at, u8 family,
		     const union nf_inet_addr *addr)
{
	int n;

	/* Formatted once per message and address. */
	if (p->addr_len && p->addr_family == family && nf_inet_addr_cmp(&p->addr, addr))
		return sipalg_plan_text(p, at, p->addr_text, p->addr_len);
	if (family == NFPROTO_IPV4)
		n = sipalg_fmt_ip4(p->addr_text, sizeof(p->addr_text), (const u8 *)&addr->ip);
	else
		n = sipalg_fmt_ip6(p->addr_text, sizeof(p->addr_text), (const u8 *)addr->ip6);
	if (n <= 0) {
		p->addr_len = 0;
		return -EINVAL;
	}
	p->addr_len = n;
	p->addr_family = family;
	p->addr = *addr;
	return sipalg_plan_text(p, at, p->addr_text, n);
}

/**
 * sipalg_plan_host() - plan to replace a host by an address.
 * @p: the plan.
 * @at: the bytes to replace (a host as written, brackets included).
 * @bracket: write an IPv6 address as "[addr]" (SIP URIs, Via sent-by).
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6.
 * @addr: the address.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_plan_host(struct sipalg_plan *p, struct sipalg_span at, bool bracket,
		     u8 family, const union nf_inet_addr *addr)
{
	char text[SIPALG_IP6_STRLEN + 2];
	int n;

	if (family == NFPROTO_IPV4)
		return sipalg_plan_addr(p, at, family, addr);
	n = sipalg_fmt_ip6(text + bracket, sizeof(text) - 2, (const u8 *)addr->ip6);
	if (n < 0)
		return -EINVAL;
	if (bracket) {
		text[0] = '[';
		text[n + 1] = ']';
		n += 2;
	}
	return sipalg_plan_text(p, at, text, n);
}

static unsigned int sipalg_fmt_u32(char *out, u32 v)
{
	char tmp[10];
	unsigned int n = 0, i;

	do {
		tmp[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

/**
 * sipalg_fmt_port() - write a port number in decimal.
 * @out: at least 5 bytes.
 * @port: the port.
 *
 * Return: the number of bytes written.
 */
unsigned int sipalg_fmt_port(char *out, u16 port)
{
	return sipalg_fmt_u32(out, port);
}

/**
 * sipalg_plan_port() - plan to replace a span by a decimal port number.
 * @p: the plan.
 * @at: the digits to replace.
 * @port: the new port.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_plan_port(struct sipalg_plan *p, struct sipalg_span at, u16 port)
{
	char text[5];

	return sipalg_plan_text(p, at, text, sipalg_fmt_u32(text, port));
}

static void sipalg_plan_sort(struct sipalg_plan *p)
{
	struct sipalg_edit tmp;
	unsigned int i, j;

	/* Insertion sort: plans are short and usually already in order. */
	for (i = 1; i < p->n; i++) {
		if (p->e[i - 1].off <= p->e[i].off)
			continue;
		tmp = p->e[i];
		for (j = i; j > 0 && p->e[j - 1].off > tmp.off; j--)
			p->e[j] = p->e[j - 1];
		p->e[j] = tmp;
	}
}

/* Replace buf[off, off + len) by text in the packet (checksums fixed). */
static bool sipalg_mangle(struct sipalg_ctx *c, unsigned int off, unsigned int len,
			  const char *text, unsigned int tlen)
{
	if (c->tcp)
		return __nf_nat_mangle_tcp_packet(c->skb, c->ct, c->ctinfo, c->protoff,
						  c->msgoff + off, len, text, tlen, false);
	return nf_nat_mangle_udp_packet(c->skb, c->ct, c->ctinfo, c->protoff,
					c->msgoff + off, len, text, tlen);
}

/*
 * Apply a sorted, non-overlapping plan.  Each mangle recomputes the
 * checksum over the whole packet and moves its tail, so when the edits
 * span little enough they are composed into one replacement of the
 * covering span (built from the message before anything is changed) and
 * applied at once; otherwise one by one from the end.
 */
static bool sipalg_plan_mangle(struct sipalg_ctx *c, const struct sipalg_plan *p, int total)
{
	unsigned int first = p->e[0].off;
	unsigned int end = p->e[p->n - 1].off + p->e[p->n - 1].len;
	unsigned int i, pos, k = 0;
	char *o = c->s->span;

	if (p->n == 1 || (int)(end - first) + total > SIPALG_SPAN_BUF ||
	    end - first > SIPALG_SPAN_BUF) {
		for (i = p->n; i-- > 0;)
			if (!sipalg_mangle(c, p->e[i].off, p->e[i].len, p->e[i].text, p->e[i].tlen))
				return false;
		return true;
	}
	for (i = 0, pos = first; i < p->n; i++) {
		const struct sipalg_edit *e = &p->e[i];

		memcpy(o + k, c->buf + pos, e->off - pos);
		k += e->off - pos;
		memcpy(o + k, e->text, e->tlen);
		k += e->tlen;
		pos = e->off + e->len;
	}
	return sipalg_mangle(c, first, end - first, o, k);
}

/**
 * sipalg_plan_apply() - apply the message's plan to the packet.
 * @c: the message; c->s->plan holds the edits, c->s->msg its index.
 * @delta: set to the change of the message's length (may be negative).
 *
 * Content-Length is corrected for the edits inside the body.  A plan that is
 * inconsistent (overlapping edits) or cannot be applied without breaking the
 * stream is not applied at all: the message is forwarded unmodified, and
 * counted.
 *
 * Return: 0, -ENOMEM when the packet could not be made writable or larger
 * (the message is then damaged: drop it), or another negative errno when
 * nothing was changed.
 */
int sipalg_plan_apply(struct sipalg_ctx *c, int *delta)
{
	const struct sipalg_msg *m = &c->s->msg;
	struct sipalg_plan *p = &c->s->plan;
	int body_delta = 0, total;
	char digits[10];
	unsigned int i, end = 0;

	if (!p->n) {
		*delta = 0;
		return 0;
	}
	if (p->overflow) {
		/* Half a rewrite is worse than none. */
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_TOO_MANY);
		sipalg_stat_inc(c->net, SIPALG_STAT_FWD_UNMODIFIED);
		return -ENOSPC;
	}
	sipalg_plan_sort(p);
	for (i = 0; i < p->n; i++) {
		const struct sipalg_edit *e = &p->e[i];

		if (e->off < end || e->off + e->len > c->len) {
			sipalg_stat_inc(c->net, SIPALG_STAT_FWD_UNMODIFIED);
			return -EINVAL;
		}
		end = e->off + e->len;
		if (e->off >= m->body.off)
			body_delta += (int)e->tlen - (int)e->len;
	}

	if (body_delta && (m->flags & SIPALG_MF_CLEN)) {
		if (sipalg_plan_text(p, m->clen_span, digits,
				     sipalg_fmt_u32(digits, m->clen + body_delta))) {
			sipalg_stat_inc(c->net, SIPALG_STAT_RW_TOO_MANY);
			sipalg_stat_inc(c->net, SIPALG_STAT_FWD_UNMODIFIED);
			return -ENOSPC;
		}
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_CLEN);
		sipalg_plan_sort(p);
	}

	total = 0;
	for (i = 0; i < p->n; i++)
		total += (int)p->e[i].tlen - (int)p->e[i].len;
	if (c->cfg.mode == SIPALG_MODE_OBSERVE) {
		sipalg_stat_add(c->net, SIPALG_STAT_OBSERVE_REWRITES, p->n);
		net_info_ratelimited("sipalg: observe: would rewrite %u fields (%+d bytes)\n",
				     p->n, total);
		return -EPERM;
	}
	if (c->tcp && total && !nfct_seqadj(c->ct)) {
		/* Without sequence adjustment the stream would break. */
		sipalg_stat_inc(c->net, SIPALG_STAT_FWD_UNMODIFIED);
		return -EOPNOTSUPP;
	}

	if (!sipalg_plan_mangle(c, p, total))
		return -ENOMEM;
	*delta = total;
	return 0;
}
