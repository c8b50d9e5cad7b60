// SPDX-License-Identifier: GPL-2.0
/*
 * helper.c - the conntrack helpers "sipalg" (UDP and TCP, IPv4 and IPv6):
 * find SIP messages in a packet, parse each once, hand SDP to media.c and
 * apply the resulting edit plan.
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/udp.h>
#include <linux/tcp.h>
#include <net/netfilter/nf_conntrack_helper.h>
#include <net/netfilter/nf_conntrack_seqadj.h>

#include "sipalg.h"
#include "media.h"
#include "call.h"
#include "tcp.h"
#include "compat.h"

static struct sipalg_scratch __percpu *sipalg_scratch;

static const struct nf_conntrack_expect_policy sipalg_exp_policy[SIPALG_EXP__COUNT] = {
	[SIPALG_EXP_SIGNALLING] = {
		.name		= "signalling",
		.max_expected	= 16,
		.timeout	= 3 * 60,
	},
	/*
	 * No cap per signalling flow: a PBX trunk carries many calls on one
	 * flow, and the kernel's cap silently evicts the oldest (live) call's
	 * pinholes.  nf_conntrack_expect_max bounds the total.
	 */
	[SIPALG_EXP_MEDIA] = {
		.name		= "media",
		.max_expected	= 0,
		.timeout	= 3 * 60,
	},
};

/* Is there SDP in this message that offer/answer cares about? */
static bool sipalg_msg_wants_sdp(const struct sipalg_msg *m)
{
	unsigned int method;

	if (m->ctype != SIPALG_CT_SDP && m->ctype != SIPALG_CT_MULTIPART)
		return false;
	if (!m->body.len)
		return false;
	if (m->flags & SIPALG_MF_REQUEST) {
		method = m->method;
	} else {
		if (m->status < 100 || m->status > 299 || !(m->flags & SIPALG_MF_CSEQ))
			return false;
		method = m->cseq_method;
	}
	return method == SIPALG_M_INVITE || method == SIPALG_M_ACK ||
	       method == SIPALG_M_UPDATE || method == SIPALG_M_PRACK;
}

/*
 * Handle one complete message buf[0, len) at c->msgoff.  Returns how much
 * longer (> 0) or shorter (< 0) the message became; a failure that damaged
 * the packet sets *verdict to NF_DROP.
 */
static int sipalg_one_msg(struct sipalg_ctx *c, unsigned int *verdict)
{
	struct sipalg_msg *m = &c->s->msg;
	int ret, delta;

	ret = sipalg_parse_msg(c->buf, c->len, m, c->tcp ? SIPALG_PF_STREAM : 0);
	if (ret != SIPALG_OK) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PARSE_ERROR);
		if (c->cfg.parse_error_action == SIPALG_PARSE_ERR_DROP) {
			sipalg_stat_inc(c->net, SIPALG_STAT_DROP_PARSE_ERROR);
			*verdict = NF_DROP;
		} else {
			sipalg_stat_inc(c->net, SIPALG_STAT_FWD_UNMODIFIED);
		}
		net_dbg_ratelimited("sipalg: unparsable message (%s at offset %u)\n",
				    sipalg_strerror(ret), m->err_off);
		return 0;
	}
	if (m->flags & SIPALG_MF_REQUEST) {
		sipalg_stat_inc(c->net, SIPALG_STAT_MSG_REQUEST);
		sipalg_stat_inc(c->net, SIPALG_STAT_REQ_OTHER +
				(m->method < SIPALG_M__COUNT ? m->method : SIPALG_M_OTHER));
	} else {
		sipalg_stat_inc(c->net, SIPALG_STAT_MSG_RESPONSE);
		if (m->status >= 100 && m->status <= 699)	/* the parser's range */
			sipalg_stat_inc(c->net, SIPALG_STAT_RESP_1XX + m->status / 100 - 1);
	}

	c->s->plan.n = 0;
	c->s->plan.overflow = false;
	c->s->plan.addr_len = 0;
	if (c->cfg.mode != SIPALG_MODE_OBSERVE)
		sipalg_call_msg(c);
	sipalg_register_response(c);
	sipalg_nat_sip(c);
	if (sipalg_msg_wants_sdp(m))
		sipalg_media_sdp(c);

	if (!c->s->plan.n)
		return 0;
	ret = sipalg_plan_apply(c, &delta);
	if (ret == -ENOMEM) {
		sipalg_stat_inc(c->net, SIPALG_STAT_DROP_NOMEM);
		*verdict = NF_DROP;
	}
	return ret ? 0 : delta;
}

static struct sipalg_scratch *sipalg_scratch_get(void)
{
	local_bh_disable();
	return this_cpu_ptr(sipalg_scratch);
}

static void sipalg_scratch_put(void)
{
	local_bh_enable();
}

static int sipalg_help_udp(struct sk_buff *skb, unsigned int protoff,
			   struct nf_conn *ct, enum ip_conntrack_info ctinfo)
{
	unsigned int dataoff = protoff + sizeof(struct udphdr);
	unsigned int verdict = NF_ACCEPT;
	struct sipalg_ctx c;

	if (dataoff >= skb->len)
		return NF_ACCEPT;
	if (unlikely(skb_linearize(skb))) {
		sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_FWD_UNMODIFIED);
		return NF_ACCEPT;
	}

	c.skb = skb;
	c.ct = ct;
	c.ctinfo = ctinfo;
	c.net = nf_ct_net(ct);
	c.protoff = protoff;
	c.msgoff = 0;
	c.buf = skb->data + dataoff;
	c.len = skb->len - dataoff;
	c.dir = CTINFO2DIR(ctinfo);
	c.tcp = false;
	sipalg_cfg_snapshot(c.net, &c.cfg);
	/* A registration or call keeps its UDP signalling flow (and NAT mapping). */
	sipalg_ct_refresh(ct, skb, c.cfg.signalling_timeout * HZ);
	c.s = sipalg_scratch_get();
	sipalg_one_msg(&c, &verdict);
	sipalg_scratch_put();
	return verdict;
}

static int sipalg_help_tcp(struct sk_buff *skb, unsigned int protoff,
			   struct nf_conn *ct, enum ip_conntrack_info ctinfo)
{
	unsigned int verdict, dataoff, datalen, n, done = 0;
	struct sipalg_tcp_win win;
	const struct tcphdr *th;
	struct sipalg_ctx c;
	int delta = 0;
	u32 mlen;
	int ret;

	/*
	 * tcp.c says where whole messages are (never mid-message: NAT
	 * slipstreaming), holding and rebuilding split ones; only those are
	 * parsed here.
	 */
	verdict = sipalg_tcp_stream(skb, protoff, ct, ctinfo, &win);
	if (verdict != NF_ACCEPT)
		return verdict;
	if (!win.len) {
		if (win.changed)
			sipalg_tcp_fit(skb, protoff, ct);
		sipalg_tcp_preadjust(skb, protoff, ct, ctinfo);
		return verdict;
	}
	th = (const struct tcphdr *)(skb->data + protoff);
	dataoff = protoff + th->doff * 4;

	c.skb = skb;
	c.ct = ct;
	c.ctinfo = ctinfo;
	c.net = nf_ct_net(ct);
	c.protoff = protoff;
	c.msgoff = win.base;
	c.dir = CTINFO2DIR(ctinfo);
	c.tcp = true;
	sipalg_cfg_snapshot(c.net, &c.cfg);

	/*
	 * Bounded: every round consumes at least one byte of the window; at
	 * most 64 messages per segment are parsed, the rest pass unmodified.
	 */
	c.s = sipalg_scratch_get();
	for (n = 0; n < 64 && verdict == NF_ACCEPT && done < win.len; n++) {
		datalen = skb->len - dataoff;
		if (c.msgoff >= datalen)
			break;
		c.buf = skb->data + dataoff + c.msgoff;
		c.len = min(datalen - c.msgoff, win.len - done);
		ret = sipalg_frame(c.buf, c.len, &mlen);
		if (ret == SIPALG_KEEPALIVE) {
			c.msgoff += mlen;
			done += mlen;
			continue;
		}
		if (ret != SIPALG_OK)
			break;	/* cannot happen: tcp.c framed it */
		c.len = mlen;
		ret = sipalg_one_msg(&c, &verdict);
		delta += ret;
		c.msgoff += mlen + ret;
		done += mlen;
	}
	sipalg_scratch_put();
	if (done < win.len && verdict == NF_ACCEPT)
		sipalg_stat_inc(c.net, SIPALG_STAT_FWD_UNMODIFIED);

	if (verdict != NF_ACCEPT) {
		sipalg_tcp_rewind(skb, protoff, ct, ctinfo, &win);
		return verdict;
	}
	if (delta)
		sipalg_tcp_correct(skb, protoff, ct, ctinfo, &win, delta);
	if (delta || win.changed)
		sipalg_tcp_fit(skb, protoff, ct);
	/* seqadj (nf_confirm(), after the helper) keeps one point: see tcp.c. */
	sipalg_tcp_preadjust(skb, protoff, ct, ctinfo);
	return verdict;
}

/*
 * A conntrack with the sipalg helper is destroyed: the calls it carried last
 * end, and its TCP stream state is freed.
 */
static void sipalg_helper_destroy(struct nf_conn *ct)
{
	sipalg_calls_ct_destroy(ct);
	sipalg_tcp_destroy(ct);
}

#define SIPALG_HELPERS 4
static struct nf_conntrack_helper sipalg_helpers[SIPALG_HELPERS] __read_mostly;

/**
 * sipalg_helpers_init() - register the four "sipalg" conntrack helpers.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_helpers_init(void)
{
	static const struct { u16 l3; u8 l4; } kinds[SIPALG_HELPERS] = {
		{ NFPROTO_IPV4, IPPROTO_UDP }, { NFPROTO_IPV4, IPPROTO_TCP },
		{ NFPROTO_IPV6, IPPROTO_UDP }, { NFPROTO_IPV6, IPPROTO_TCP },
	};
	int i, ret;

	BUILD_BUG_ON(SIPALG_STAT_REQ_PUBLISH - SIPALG_STAT_REQ_OTHER != SIPALG_M_PUBLISH);
	BUILD_BUG_ON(SIPALG_STAT_REQ_OTHER + SIPALG_M__COUNT - 1 != SIPALG_STAT_REQ_PUBLISH);
	BUILD_BUG_ON(SIPALG_STAT_RESP_6XX - SIPALG_STAT_RESP_1XX != 5);
	NF_CT_HELPER_BUILD_BUG_ON(sizeof(struct sipalg_ct_data));

	sipalg_scratch = alloc_percpu(struct sipalg_scratch);
	if (!sipalg_scratch)
		return -ENOMEM;

	/*
	 * Helpers are attached explicitly (nft ct helper, -j CT), never by
	 * port, so the tuple's port only matters to the kernel's clash check:
	 * port 0 lets nf_conntrack_sip (port 5060) load beside us.
	 */
	for (i = 0; i < SIPALG_HELPERS; i++) {
		nf_ct_helper_init(&sipalg_helpers[i], kinds[i].l3, kinds[i].l4,
				  SIPALG_NAME, 0, 0, i,
				  sipalg_exp_policy, SIPALG_EXP__COUNT - 1,
				  kinds[i].l4 == IPPROTO_UDP ? sipalg_help_udp : sipalg_help_tcp,
				  NULL, THIS_MODULE);
		sipalg_helpers[i].destroy = sipalg_helper_destroy;
	}

	ret = nf_conntrack_helpers_register(sipalg_helpers, SIPALG_HELPERS);
	if (ret)
		free_percpu(sipalg_scratch);
	return ret;
}

/**
 * sipalg_helpers_exit() - unregister the helpers; removes their expectations.
 */
void sipalg_helpers_exit(void)
{
	nf_conntrack_helpers_unregister(sipalg_helpers, SIPALG_HELPERS);
	/* Conntracks left keep no helper: their destroy callback is gone. */
	sipalg_tcp_exit();
	free_percpu(sipalg_scratch);
}
