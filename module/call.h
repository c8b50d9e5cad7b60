/* SPDX-License-Identifier: GPL-2.0 */
/*
 * call.h - calls (dialogs) and the pinholes each one holds.
 *
 * Every media pinhole belongs to one call, found by Call-ID in a per-netns
 * table.  A call remembers, for each pinhole, the expectation's tuple and,
 * once media arrived through it, the original tuple of the media flow, so
 * that BYE, CANCEL, a failed INVITE, a re-INVITE that drops a stream, or the
 * death of the signalling flow can remove the pinhole *and* end the media
 * flow without walking the conntrack table.
 */
#ifndef SIPALG_CALL_H
#define SIPALG_CALL_H

#include <linux/list.h>

#include "sipalg.h"

struct genl_family;
struct netlink_callback;
struct sipalg_call;
struct sipalg_calls;

/* Which party of a call sent a message (or SDP). */
enum sipalg_side {
	SIPALG_SIDE_CALLER,
	SIPALG_SIDE_CALLEE,
};

/**
 * struct sipalg_call_sdp - one SDP body being handled (media.c).
 * @call: the call it belongs to; NULL when it is not tracked (then no
 *	pinhole is opened).
 * @side: which party sent the SDP.
 * @closing: pinholes to close once the lock is dropped.
 */
struct sipalg_call_sdp {
	struct sipalg_call *call;
	u8 side;
	struct list_head closing;
};

int sipalg_calls_net_init(struct net *net);
void sipalg_calls_net_exit(struct net *net);
void sipalg_calls_gauges(const struct net *net, u64 *calls, u64 *pinholes, u64 *buckets);

void sipalg_call_msg(struct sipalg_ctx *c);
void sipalg_call_sdp_begin(struct sipalg_ctx *c, struct sipalg_call_sdp *cs);
int sipalg_call_media(struct sipalg_ctx *c, struct sipalg_call_sdp *cs,
		      const union nf_inet_addr *addr, u16 rtp, u16 rtcp, bool remap,
		      u16 *pub_rtp, u16 *pub_rtcp);
void sipalg_call_sdp_end(struct sipalg_ctx *c, struct sipalg_call_sdp *cs);

bool sipalg_calls_port_taken(struct net *net, const struct nf_conntrack_tuple *t);
bool sipalg_calls_public_of(struct net *net, const struct nf_conntrack_tuple *t,
			    union nf_inet_addr *pub, __be16 *pub_port);
void sipalg_call_flow(struct nf_conn *ct, const struct nf_conntrack_expect *exp);
void sipalg_calls_ct_destroy(struct nf_conn *ct);

/* call_dump.c */
int sipalg_calls_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct genl_family *family);

#endif /* SIPALG_CALL_H */
