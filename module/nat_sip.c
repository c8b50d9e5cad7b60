// SPDX-License-Identifier: GPL-2.0
/*
 * nat_sip.c - what NAT changes in SIP headers, planned from the parse index.
 *
 * Two translations can apply to a message (both are ordinary for a gateway
 * that translates both sides):
 *  - the sender is behind NAT: where it names itself (its real address and
 *    port, ct->tuplehash[dir].src) the receiver must read its public address
 *    and port (ct->tuplehash[!dir].dst): Via sent-by, Contact, From/To and the
 *    Request-URI when they carry it;
 *  - the receiver is behind NAT: where it is named by its public address
 *    (ct->tuplehash[dir].dst) it must read its real one
 *    (ct->tuplehash[!dir].src): the Request-URI of a request to it, its own
 *    Via (sent-by, received=, rport=) in responses, To/From.
 * A host is rewritten only when it equals the address being translated; its
 * port only when it also equals the translated port (a TCP Contact names the
 * listening port, not the connection's source port, and keeps it).
 */
#include <net/netfilter/nf_conntrack.h>

#include "sipalg.h"
#include "parse_int.h"

struct sipalg_xlat {
	const union nf_inet_addr *from;
	const union nf_inet_addr *to;
	u16 from_port;
	u16 to_port;
};

/* Returns how many translations apply (0..2) and fills x[]. */
static unsigned int sipalg_xlat_init(const struct sipalg_ctx *c, struct sipalg_xlat *x)
{
	const struct nf_conntrack_tuple *t = &c->ct->tuplehash[c->dir].tuple;
	const struct nf_conntrack_tuple *r = &c->ct->tuplehash[!c->dir].tuple;
	unsigned int n = 0;

	if (!nf_inet_addr_cmp(&t->src.u3, &r->dst.u3) || t->src.u.all != r->dst.u.all) {
		x[n].from = &t->src.u3;
		x[n].from_port = ntohs(t->src.u.all);
		x[n].to = &r->dst.u3;
		x[n].to_port = ntohs(r->dst.u.all);
		n++;
	}
	if (!nf_inet_addr_cmp(&t->dst.u3, &r->src.u3) || t->dst.u.all != r->src.u.all) {
		x[n].from = &t->dst.u3;
		x[n].from_port = ntohs(t->dst.u.all);
		x[n].to = &r->src.u3;
		x[n].to_port = ntohs(r->src.u.all);
		n++;
	}
	return n;
}

static const struct sipalg_xlat *sipalg_xlat_find(const struct sipalg_ctx *c,
						  const struct sipalg_xlat *x,
						  unsigned int n, struct sipalg_span host)
{
	u16 family = nf_ct_l3num(c->ct);
	unsigned int i;
	u8 ip[16];
	int af;

	if (!host.len)
		return NULL;
	af = sipalg_host_addr(c->buf, host, ip);
	if (af != (family == NFPROTO_IPV4 ? SIPALG_AF_IP4 : SIPALG_AF_IP6))
		return NULL;
	for (i = 0; i < n; i++)
		if (!memcmp(ip, x[i].from, family == NFPROTO_IPV4 ? 4 : 16))
			return &x[i];
	return NULL;
}

/*
 * Plan the rewrite of host[:port]; port is 0 when absent (then it means
 * default_port, and a new port is inserted after the host if needed).
 */
static bool sipalg_nat_hostport(struct sipalg_ctx *c, const struct sipalg_xlat *x,
				unsigned int n, struct sipalg_span host,
				struct sipalg_span port_span, u16 port, u16 default_port)
{
	struct sipalg_plan *p = &c->s->plan;
	u16 family = nf_ct_l3num(c->ct);
	const struct sipalg_xlat *t;
	char text[6];

	t = sipalg_xlat_find(c, x, n, host);
	if (!t)
		return false;
	if (sipalg_plan_host(p, host, c->buf[host.off] == '[', family, t->to))
		return false;
	if ((port ? port : default_port) != t->from_port || t->to_port == t->from_port)
		return true;
	if (port_span.len) {
		sipalg_plan_port(p, port_span, t->to_port);
	} else {
		struct sipalg_span at = { .off = host.off + host.len, .len = 0 };

		text[0] = ':';
		sipalg_plan_text(p, at, text, 1 + sipalg_fmt_port(text + 1, t->to_port));
	}
	return true;
}

static bool sipalg_nat_uri(struct sipalg_ctx *c, const struct sipalg_xlat *x,
			   unsigned int n, const struct sipalg_uri *u)
{
	if (u->scheme_id != SIPALG_SCHEME_SIP && u->scheme_id != SIPALG_SCHEME_SIPS)
		return false;
	return sipalg_nat_hostport(c, x, n, u->host, u->port_span, u->port,
				   u->scheme_id == SIPALG_SCHEME_SIPS ? 5061 : 5060);
}

static void sipalg_nat_via(struct sipalg_ctx *c, const struct sipalg_xlat *x, unsigned int n)
{
	const struct sipalg_via *v = &c->s->msg.via;
	struct sipalg_plan *p = &c->s->plan;
	u16 family = nf_ct_l3num(c->ct);
	const struct sipalg_xlat *t;
	bool done;

	done = sipalg_nat_hostport(c, x, n, v->host, v->port_span, v->port,
				   v->tp == SIPALG_TP_TLS ? 5061 : 5060);
	/* received= (an IP, never bracketed) and maddr= (a host) name addresses too. */
	t = sipalg_xlat_find(c, x, n, v->received);
	if (t && !sipalg_plan_host(p, v->received, c->buf[v->received.off] == '[', family, t->to))
		done = true;
	t = sipalg_xlat_find(c, x, n, v->maddr);
	if (t && !sipalg_plan_host(p, v->maddr, c->buf[v->maddr.off] == '[', family, t->to))
		done = true;
	/* rport= is the source port the server saw: the public one, on the way back. */
	if (v->rport_val.len) {
		unsigned int i;

		for (i = 0; i < n; i++) {
			if (v->rport_port == x[i].from_port && x[i].to_port != x[i].from_port &&
			    nf_inet_addr_cmp(x[i].from, &c->ct->tuplehash[c->dir].tuple.dst.u3)) {
				sipalg_plan_port(p, v->rport_val, x[i].to_port);
				done = true;
				break;
			}
		}
	}
	if (done)
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_VIA);
}

/* Route and Record-Route values are name-addrs: <uri>;params. */
static bool sipalg_nat_route(struct sipalg_ctx *c, const struct sipalg_xlat *x,
			     unsigned int n, struct sipalg_span v)
{
	u32 lt = v.off, gt, end = v.off + v.len, err;
	struct sipalg_uri u;

	while (lt < end && c->buf[lt] != '<')
		lt++;
	for (gt = lt + 1; gt < end && c->buf[gt] != '>'; gt++)
		;
	if (gt >= end || sipalg_uri_parse(c->buf, lt + 1, gt, &u, &err))
		return false;
	return sipalg_nat_uri(c, x, n, &u);
}

/**
 * sipalg_nat_sip() - plan the NAT rewrites of a message's SIP headers.
 * @c: the message; c->s->msg is its index, edits go to c->s->plan.
 */
void sipalg_nat_sip(struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;
	struct sipalg_xlat x[2];
	unsigned int n, i;

	n = sipalg_xlat_init(c, x);
	if (!n)
		return;

	if ((m->flags & SIPALG_MF_REQUEST) && sipalg_nat_uri(c, x, n, &m->ruri))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_RURI);
	if (m->flags & SIPALG_MF_VIA)
		sipalg_nat_via(c, x, n);
	for (i = 0; i < m->ncontacts; i++)
		if (!(m->contacts[i].flags & SIPALG_CONTACT_STAR) &&
		    sipalg_nat_uri(c, x, n, &m->contacts[i].uri))
			sipalg_stat_inc(c->net, SIPALG_STAT_RW_CONTACT);
	if ((m->flags & SIPALG_MF_FROM) && sipalg_nat_uri(c, x, n, &m->from.uri))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_FROM_TO);
	if ((m->flags & SIPALG_MF_TO) && sipalg_nat_uri(c, x, n, &m->to.uri))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_FROM_TO);
	for (i = 0; i < m->nvals; i++)
		if ((m->vals[i].id == SIPALG_H_ROUTE || m->vals[i].id == SIPALG_H_RECORD_ROUTE) &&
		    sipalg_nat_route(c, x, n, m->vals[i].span))
			sipalg_stat_inc(c->net, SIPALG_STAT_RW_ROUTE);
}
