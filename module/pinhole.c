// SPDX-License-Identifier: GPL-2.0
/*
 * pinhole.c - conntrack expectations for media, and the NAT they carry.
 *
 * A media pinhole expects UDP from the other signalling peer (any source
 * port) to the address the SDP's receiver will send to.  Under NAT that is
 * the sender's public address, on the SDP port if it is free there, else on
 * the next free port of the same parity (RFC 4787 REQ-4) with RTCP kept at the
 * same distance; when the expected flow arrives, sipalg_nat_expected() maps
 * it to the real address and port.
 */
#include <linux/module.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include <net/netfilter/nf_nat.h>

#include "sipalg.h"
#include "compat.h"
#include "call.h"

#define SIPALG_PORT_TRIES	64

/*
 * An outbound media flow of a NATed endpoint (towards the media address of
 * the other side's SDP) must leave from the public port its own SDP
 * advertised (RFC 4961 symmetric RTP: servers latch on the source of the
 * first packet).  The call's record of that endpoint knows the port, also
 * once media came in through it.
 */
static void sipalg_nat_symmetric(struct nf_conn *ct)
{
	const struct nf_conntrack_tuple *t = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	struct nf_nat_range2 range = {};
	union nf_inet_addr pub;
	__be16 pub_port;

	if (!sipalg_calls_public_of(nf_ct_net(ct), t, &pub, &pub_port))
		return;
	range.flags = NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED;
	range.min_addr = pub;
	range.max_addr = pub;
	range.min_proto.all = pub_port;
	range.max_proto.all = pub_port;
	nf_nat_setup_info(ct, &range, NF_NAT_MANIP_SRC);
	sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_PH_SYMMETRIC);
}

/**
 * sipalg_nat_expected() - an expected flow arrived (the expectfn "sipalg").
 * @ct: the new conntrack.
 * @exp: the expectation it matched.
 *
 * An inbound one is DNATed to the real endpoint saved in the expectation;
 * an outbound media flow leaves from the endpoint's advertised public port.
 * A media flow is recorded in its call.
 */
void sipalg_nat_expected(struct nf_conn *ct, struct nf_conntrack_expect *exp)
{
	struct nf_nat_range2 range = {};

	if (exp->class == SIPALG_EXP_SIGNALLING) {
		sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_REG_PINHOLE_MATCHED);
		if (!exp->saved_proto.all)
			return;
	} else {
		sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_PH_MATCHED);
		sipalg_call_flow(ct, exp);
		if (!exp->saved_proto.all) {
			sipalg_nat_symmetric(ct);
			return;
		}
	}
	range.flags = NF_NAT_RANGE_MAP_IPS | NF_NAT_RANGE_PROTO_SPECIFIED;
	range.min_addr = exp->saved_addr;
	range.max_addr = exp->saved_addr;
	range.min_proto = exp->saved_proto;
	range.max_proto = exp->saved_proto;
	nf_nat_setup_info(ct, &range, NF_NAT_MANIP_DST);
}

/* Registered by name so that ctnetlink/conntrackd can recreate our pinholes. */
static struct nf_ct_helper_expectfn sipalg_expectfn = {
	.name		= SIPALG_NAME,
	.expectfn	= sipalg_nat_expected,
};

static void sipalg_exp_setup(struct sipalg_ctx *c, struct nf_conntrack_expect *exp,
			     const union nf_inet_addr *real, u16 real_port, u16 pub_port)
{
	struct nf_conn *ct = c->ct;
	__be16 port = htons(pub_port);

	/* direct_media: only the other signalling peer may send. */
	nf_ct_expect_init(exp, SIPALG_EXP_MEDIA, nf_ct_l3num(ct),
			  c->cfg.direct_media ? &ct->tuplehash[!c->dir].tuple.src.u3 : NULL,
			  &ct->tuplehash[!c->dir].tuple.dst.u3,
			  IPPROTO_UDP, NULL, &port);
	exp->expectfn = sipalg_nat_expected;
	if (!nf_inet_addr_cmp(real, &ct->tuplehash[!c->dir].tuple.dst.u3) ||
	    real_port != pub_port) {
		exp->saved_addr = *real;
		exp->saved_proto.udp.port = htons(real_port);
		exp->dir = !c->dir;
	}
}

/**
 * sipalg_media_pinhole() - expect RTP (and RTCP) towards a media endpoint.
 * @c: the message whose SDP names the endpoint.
 * @addr: real address of the endpoint (the SDP sender's).
 * @rtp: its RTP port.
 * @rtcp: its RTCP port, 0 for none (rtcp-mux).
 * @remap: other ports may be used (NAT: the SDP will be rewritten).
 * @pub_rtp: the port the RTP pinhole was opened on (what the SDP must say).
 * @pub_rtcp: the port of the RTCP pinhole.
 * @t: the tuples of the RTP and RTCP expectations opened.
 *
 * A public port a call already uses for the same media peer (call.c:
 * expectation waiting or media flowing) counts as taken.  Called with the
 * namespace's call lock held.
 *
 * Return: 0, or a negative errno (counted) when no pinhole could be opened.
 */
int sipalg_media_pinhole(struct sipalg_ctx *c, const union nf_inet_addr *addr,
			 u16 rtp, u16 rtcp, bool remap, u16 *pub_rtp, u16 *pub_rtcp,
			 struct nf_conntrack_tuple *t)
{
	struct nf_conntrack_expect *exp[2] = { NULL, NULL };
	int off = rtcp ? (int)rtcp - (int)rtp : 0;
	int min = c->cfg.min_media_port;
	int lo = min + ((min ^ rtp) & 1), hi = 65535;
	unsigned int tries;
	int port = rtp;
	int ret = -ENOMEM;

	if (rtcp) {
		/* Keep RTP and RTCP ports inside min..65535 at distance off. */
		lo = max(lo, min - off);
		hi = min(hi, 65535 - off);
		if ((lo ^ rtp) & 1)
			lo++;
	}

	exp[0] = nf_ct_expect_alloc(c->ct);
	if (!exp[0])
		goto out;
	if (rtcp) {
		exp[1] = nf_ct_expect_alloc(c->ct);
		if (!exp[1])
			goto out;
	}

	ret = -EBUSY;
	for (tries = 0; tries < (remap ? SIPALG_PORT_TRIES : 1) && lo <= hi; tries++) {
		sipalg_exp_setup(c, exp[0], addr, rtp, port);
		if (rtcp)
			sipalg_exp_setup(c, exp[1], addr, rtcp, port + off);
		if (sipalg_calls_port_taken(c->net, &exp[0]->tuple) ||
		    (rtcp && sipalg_calls_port_taken(c->net, &exp[1]->tuple)))
			ret = -EBUSY;
		else if (rtcp)
			ret = nf_ct_expect_related_pair(exp, 0);
		else
			ret = nf_ct_expect_related(exp[0], 0);
		if (ret != -EBUSY)
			break;
		port += 2;
		if (port > hi)
			port = lo;	/* wrap, same parity */
	}
	if (!ret) {
		/* The policy's timeout is global; pinhole_timeout is per netns. */
		sipalg_expect_set_timeout(exp[0], c->cfg.pinhole_timeout);
		if (rtcp)
			sipalg_expect_set_timeout(exp[1], c->cfg.pinhole_timeout);
		*pub_rtp = port;
		*pub_rtcp = rtcp ? port + off : 0;
		t[0] = exp[0]->tuple;
		if (rtcp)
			t[1] = exp[1]->tuple;
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_CREATED);
		if (rtcp)
			sipalg_stat_inc(c->net, SIPALG_STAT_PH_CREATED);
		if (port != rtp)
			sipalg_stat_inc(c->net, SIPALG_STAT_PH_PORT_REMAPPED);
	}
out:
	if (ret) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_FAILED);
		net_dbg_ratelimited("sipalg: no pinhole for media port %u: %d\n", rtp, ret);
	}
	if (exp[1])
		nf_ct_expect_put(exp[1]);
	if (exp[0])
		nf_ct_expect_put(exp[0]);
	return ret;
}

/**
 * sipalg_pinholes_init() - register the expectation function by name.
 *
 * Return: 0.
 */
int sipalg_pinholes_init(void)
{
	nf_ct_helper_expectfn_register(&sipalg_expectfn);
	return 0;
}

/**
 * sipalg_pinholes_exit() - unregister the expectation function.
 */
void sipalg_pinholes_exit(void)
{
	nf_ct_helper_expectfn_unregister(&sipalg_expectfn);
}
