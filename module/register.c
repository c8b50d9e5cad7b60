// SPDX-License-Identifier: GPL-2.0
/*
 * register.c - registrations: after a 2xx to a REGISTER that crossed the
 * gateway, the registrar (and only it: any port, its address) may open new
 * UDP signalling flows to the phone's Contact as the registrar knows it (the
 * gateway's public address and port), for the granted expiry bounded by
 * max_register_expires.  A refresh replaces the expectation (same master,
 * class and tuple: nf_ct_expect_related() swaps it, with the new expiry); a
 * 2xx that no longer lists our Contact (Expires: 0, ;expires=0) removes it.
 * The flows it lets in get the sipalg helper, so an inbound INVITE's SDP is
 * handled like any other.
 *
 * The expectation lives as long as the signalling conntrack it belongs to,
 * which REGISTER refreshes keep alive (signalling_timeout); it matters when
 * the registrar calls from another port or socket than it registered on.
 * Over TCP inbound requests reuse the registered connection: no pinhole.
 */
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <net/netfilter/nf_conntrack_helper.h>

#include "sipalg.h"
#include "compat.h"

#define SIPALG_REGISTER_DEFAULT_EXPIRES	3600	/* RFC 3261 10.2.1.1 */

/* Does Contact URI @u name addr:port (the UA as the registrar sees it)? */
static bool sipalg_contact_is(const struct sipalg_ctx *c, const struct sipalg_uri *u,
			      u16 family, const union nf_inet_addr *addr, __be16 port)
{
	u16 uport = u->port ? u->port : 5060;
	u8 ip[16];
	int af;

	af = sipalg_host_addr(c->buf, u->host, ip);
	if (af != (family == NFPROTO_IPV4 ? SIPALG_AF_IP4 : SIPALG_AF_IP6))
		return false;
	return uport == ntohs(port) &&
	       !memcmp(ip, addr->all, family == NFPROTO_IPV4 ? 4 : 16);
}

/* Seconds our binding is granted for by this 2xx, 0 if it is not listed. */
static u32 sipalg_register_granted(const struct sipalg_ctx *c, const union nf_inet_addr *pub,
				   __be16 pub_port)
{
	const struct sipalg_msg *m = &c->s->msg;
	u16 family = nf_ct_l3num(c->ct);
	unsigned int i;

	for (i = 0; i < m->ncontacts; i++) {
		const struct sipalg_contact *ct = &m->contacts[i];

		if (ct->flags & SIPALG_CONTACT_STAR ||
		    !sipalg_contact_is(c, &ct->uri, family, pub, pub_port))
			continue;
		if (ct->flags & SIPALG_CONTACT_EXPIRES)
			return ct->expires;
		if (m->flags & SIPALG_MF_EXPIRES)
			return m->expires;
		return SIPALG_REGISTER_DEFAULT_EXPIRES;
	}
	return 0;
}

/**
 * sipalg_register_response() - open, refresh or remove the registration
 *	pinhole a 2xx to a REGISTER grants.
 * @c: the parsed message (any; only 2xx responses to REGISTER over UDP
 *	travelling back towards the registering UA are acted upon).
 */
void sipalg_register_response(struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;
	struct nf_conn *ct = c->ct;
	/* The REGISTER went the other way: its sender is the UA. */
	const struct nf_conntrack_tuple *ua = &ct->tuplehash[!c->dir].tuple;
	const struct nf_conntrack_tuple *pub = &ct->tuplehash[c->dir].tuple;
	struct nf_conntrack_helper *helper;
	struct nf_conntrack_expect *exp;
	u32 secs;
	int ret;

	if (m->flags & SIPALG_MF_REQUEST || !(m->flags & SIPALG_MF_CSEQ) ||
	    m->cseq_method != SIPALG_M_REGISTER || m->status < 200 || m->status > 299 ||
	    c->tcp)
		return;

	secs = sipalg_register_granted(c, &pub->dst.u3, pub->dst.u.udp.port);
	if (c->cfg.mode == SIPALG_MODE_OBSERVE) {
		if (secs)
			sipalg_stat_inc(c->net, SIPALG_STAT_OBSERVE_PINHOLES);
		return;
	}
	exp = nf_ct_expect_alloc(ct);
	if (!exp) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_FAILED);
		return;
	}
	/* From the registrar's address, any port, to the UA's public Contact. */
	nf_ct_expect_init(exp, SIPALG_EXP_SIGNALLING, nf_ct_l3num(ct), &pub->src.u3,
			  &pub->dst.u3, IPPROTO_UDP, NULL, &pub->dst.u.udp.port);
	if (!secs) {
		struct nf_conntrack_expect *old;

		old = nf_ct_expect_find_get(c->net, nf_ct_zone(ct), &exp->tuple);
		if (old) {
			if (old->master == ct) {
				nf_ct_unexpect_related(old);
				sipalg_stat_inc(c->net, SIPALG_STAT_REG_PINHOLE_REMOVED);
			}
			nf_ct_expect_put(old);
		}
		goto out;
	}
	secs = min(secs, c->cfg.max_register_expires);
	exp->flags = NF_CT_EXPECT_PERMANENT;
	helper = rcu_dereference(nfct_help(ct)->helper);
	rcu_assign_pointer(exp->assign_helper, helper);
	exp->expectfn = sipalg_nat_expected;
	if (!nf_inet_addr_cmp(&ua->src.u3, &pub->dst.u3) || ua->src.u.all != pub->dst.u.all) {
		exp->saved_addr = ua->src.u3;
		exp->saved_proto.udp.port = ua->src.u.udp.port;
		exp->dir = !c->dir;
	}
	ret = nf_ct_expect_related(exp, 0);
	if (ret) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_FAILED);
		net_dbg_ratelimited("sipalg: no registration pinhole: %d\n", ret);
		goto out;
	}
	sipalg_expect_set_timeout(exp, secs);
	sipalg_stat_inc(c->net, SIPALG_STAT_REG_PINHOLE);
out:
	nf_ct_expect_put(exp);
}
