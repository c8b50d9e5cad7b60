// SPDX-License-Identifier: GPL-2.0
/*
 * media.c - from a parsed SDP body to media pinholes and SDP rewrites.
 *
 * The sender of a message is at ct->tuplehash[dir].src ("real") and the
 * receiver sees it as ct->tuplehash[!dir].dst ("public").  When the two
 * differ, the sender is behind NAT: every SDP address equal to the real one
 * is replaced by the public one, and media ports by the ports the pinholes
 * were opened on.  By default (direct_media) media is only expected from the
 * other signalling peer towards the host that sent the SDP (NAT
 * slipstreaming), never to ports below min_media_port.  SDP with ICE is left
 * alone (ice=leave) or stripped of its ICE lines first (ice=strip).  In
 * observe mode everything is planned and counted, nothing is opened.
 */
#include <net/netfilter/nf_conntrack.h>

#include "media.h"
#include "call.h"

/* Does the address in ip[] (SDP af) equal the conntrack address a? */
static bool sipalg_ip_eq(const u8 *ip, u8 af, u16 family, const union nf_inet_addr *a)
{
	if (family == NFPROTO_IPV4)
		return af == SIPALG_AF_IP4 && !memcmp(ip, &a->ip, 4);
	return af == SIPALG_AF_IP6 && !memcmp(ip, a->ip6, 16);
}

static void sipalg_to_inet(const u8 *ip, u16 family, union nf_inet_addr *a)
{
	memset(a, 0, sizeof(*a));
	memcpy(a->all, ip, family == NFPROTO_IPV4 ? 4 : 16);
}

static void sipalg_media_one(struct sipalg_ctx *c, const struct sipalg_sdp *sdp,
			     unsigned int i, bool nat, const union nf_inet_addr *pub,
			     struct sipalg_call_sdp *cs)
{
	const struct sipalg_sdp_media *m = &sdp->media[i];
	const union nf_inet_addr *real = &c->ct->tuplehash[c->dir].tuple.src.u3;
	const struct sipalg_sdp_conn *conn = sipalg_sdp_media_conn(sdp, i);
	u16 family = nf_ct_l3num(c->ct);
	struct sipalg_plan *p = &c->s->plan;
	union nf_inet_addr addr;
	u16 rtcp, pub_rtp, pub_rtcp;
	bool rtcp_on_rtp = false;
	u8 ip[16];

	if (!m->port) {
		sipalg_stat_inc(c->net, SIPALG_STAT_MEDIA_DISABLED);
		return;
	}
	if (!conn)
		return;
	if (conn->hold) {
		sipalg_stat_inc(c->net, SIPALG_STAT_MEDIA_HOLD);
		return;
	}
	if (conn->af != (family == NFPROTO_IPV4 ? SIPALG_AF_IP4 : SIPALG_AF_IP6)) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_FAMILY);
		return;
	}
	if (!sipalg_ip_eq(conn->ip, conn->af, family, real)) {
		if (c->cfg.direct_media) {
			sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_FOREIGN);
			return;
		}
		nat = false;	/* not the sender's address: nothing to translate */
	}
	/* A media-level c= names the sender: it moves with NAT. */
	if (nat && m->conn.present && !sipalg_plan_addr(p, m->conn.addr, family, pub))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_CONN);

	if (m->port < c->cfg.min_media_port) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_LOWPORT);
		return;
	}

	if (m->flags & SIPALG_MEDIA_RTCP_MUX) {
		/* RFC 5761: RTCP shares the RTP port, no second pinhole. */
		sipalg_stat_inc(c->net, SIPALG_STAT_MEDIA_RTCP_MUX);
		rtcp = 0;
	} else if (m->flags & SIPALG_MEDIA_RTCP) {
		/* RFC 3605: RTCP is where a=rtcp says, not port + 1. */
		rtcp = m->rtcp_port;
		if (m->flags & SIPALG_MEDIA_RTCP_ADDR) {
			/* RTCP goes to the media's host, nowhere else. */
			if (sipalg_host_addr(c->buf, m->rtcp_addr, ip) != conn->af ||
			    memcmp(ip, conn->ip, family == NFPROTO_IPV4 ? 4 : 16)) {
				sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_FOREIGN);
				rtcp = 0;
			} else if (nat && !sipalg_plan_addr(p, m->rtcp_addr, family, pub)) {
				sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_RTCP);
			}
		}
	} else {
		rtcp = m->port < 65535 ? m->port + 1 : 0;
	}
	if (rtcp == m->port) {
		/*
		 * An a=rtcp naming the RTP port: RTCP is multiplexed (RFC 5761
		 * 5.1.3), one pinhole; the a=rtcp port moves with the RTP one.
		 */
		sipalg_stat_inc(c->net, SIPALG_STAT_MEDIA_RTCP_MUX);
		rtcp_on_rtp = true;
		rtcp = 0;
	}
	if (rtcp && rtcp < c->cfg.min_media_port) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_LOWPORT);
		rtcp = 0;
	}

	sipalg_to_inet(conn->ip, family, &addr);
	if (c->cfg.mode == SIPALG_MODE_OBSERVE) {
		sipalg_stat_add(c->net, SIPALG_STAT_OBSERVE_PINHOLES, rtcp ? 2 : 1);
		pub_rtp = m->port;
		pub_rtcp = rtcp;
	} else if (sipalg_call_media(c, cs, &addr, m->port, rtcp, nat, &pub_rtp, &pub_rtcp) < 0) {
		return;
	}
	if (!nat)
		return;
	if (pub_rtp != m->port && !sipalg_plan_port(p, m->port_span, pub_rtp))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_PORT);
	if ((m->flags & SIPALG_MEDIA_RTCP) && rtcp && pub_rtcp != rtcp &&
	    !sipalg_plan_port(p, m->rtcp_port_span, pub_rtcp))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_RTCP);
	if (rtcp_on_rtp && pub_rtp != m->port && !sipalg_plan_port(p, m->rtcp_port_span, pub_rtp))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_RTCP);
}

/**
 * sipalg_media_sdp() - open the pinholes an SDP body asks for and plan its
 *	NAT rewrites.
 * @c: the message; c->s->msg is its parsed index, edits go to c->s->plan.
 *
 * A body that does not parse is counted and left alone.
 */
void sipalg_media_sdp(struct sipalg_ctx *c)
{
	const struct sipalg_msg *msg = &c->s->msg;
	struct sipalg_sdp *sdp = &c->s->sdp;
	const union nf_inet_addr *real = &c->ct->tuplehash[c->dir].tuple.src.u3;
	const union nf_inet_addr *pub = &c->ct->tuplehash[!c->dir].tuple.dst.u3;
	u16 family = nf_ct_l3num(c->ct);
	struct sipalg_span body = msg->body;
	struct sipalg_call_sdp cs;
	u8 ip[16];
	bool nat;
	int ret;
	unsigned int i;

	if (msg->ctype == SIPALG_CT_MULTIPART &&
	    sipalg_multipart_find_sdp(c->buf, c->len, msg->body, msg->boundary, &body)) {
		sipalg_stat_inc(c->net, SIPALG_STAT_SDP_ERROR);
		return;
	}
	ret = sipalg_parse_sdp(c->buf, c->len, body, sdp, c->cfg.max_media);
	if (ret != SIPALG_OK) {
		sipalg_stat_inc(c->net, SIPALG_STAT_SDP_ERROR);
		net_dbg_ratelimited("sipalg: SDP not understood (%s at offset %u), left alone\n",
				    sipalg_strerror(ret), sdp->err_off);
		return;
	}
	sipalg_stat_inc(c->net, SIPALG_STAT_SDP_PARSED);

	if (sdp->flags & SIPALG_SDP_ANY_ICE) {
		/*
		 * RFC 8445: a peer that finds c=/m= not among the candidates
		 * signals ice-mismatch.  Either leave the offer to ICE, or
		 * remove ICE so the far end uses c=/m=, which we then rewrite.
		 */
		if (c->cfg.ice == SIPALG_ICE_LEAVE) {
			sipalg_stat_inc(c->net, SIPALG_STAT_ICE_LEFT);
			return;
		}
		for (i = 0; i < sdp->nice_del; i++)
			sipalg_plan_text(&c->s->plan, sdp->ice_del[i], "", 0);
		sipalg_stat_inc(c->net, SIPALG_STAT_ICE_STRIPPED);
	}

	nat = !nf_inet_addr_cmp(real, pub);

	/* The call's pinholes change under its lock, settled at the end. */
	if (c->cfg.mode != SIPALG_MODE_OBSERVE)
		sipalg_call_sdp_begin(c, &cs);
	for (i = 0; i < sdp->nmedia; i++)
		sipalg_media_one(c, sdp, i, nat, pub, &cs);
	if (c->cfg.mode != SIPALG_MODE_OBSERVE)
		sipalg_call_sdp_end(c, &cs);

	if (!nat)
		return;
	if (sdp->conn.present && !sdp->conn.hold &&
	    sipalg_ip_eq(sdp->conn.ip, sdp->conn.af, family, real) &&
	    !sipalg_plan_addr(&c->s->plan, sdp->conn.addr, family, pub))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_CONN);
	if (sdp->origin_addr.len &&
	    sipalg_host_addr(c->buf, sdp->origin_addr, ip) == sdp->origin_af &&
	    sipalg_ip_eq(ip, sdp->origin_af, family, real) &&
	    !sipalg_plan_addr(&c->s->plan, sdp->origin_addr, family, pub))
		sipalg_stat_inc(c->net, SIPALG_STAT_RW_SDP_ORIGIN);
}
