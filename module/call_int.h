/* SPDX-License-Identifier: GPL-2.0 */
/*
 * call_int.h - the insides of calls and pinhole records, for call.c and the
 * files that read them under the namespace's call lock (the netlink dump).
 */
#ifndef SIPALG_CALL_INT_H
#define SIPALG_CALL_INT_H

#include <linux/list.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_zones.h>

#define SIPALG_CALLID_KEEP	64		/* Call-ID bytes kept (plus hash, length) */
#define SIPALG_NO_SIDE		0xff

#define SIPALG_REC_FLOW		0x01	/* @flow is valid */
#define SIPALG_REC_COMMITTED	0x02	/* part of a completed offer/answer */
#define SIPALG_REC_EXP_GONE	0x04	/* its expectation was removed already */

/* Pinholes per source address (max_pinholes_per_source). */
struct sipalg_src {
	struct hlist_node hnode;
	union nf_inet_addr addr;
	u16 l3num;
	u32 n;
};

/* One expectation of a call, and the media flow it let in. */
struct sipalg_rec {
	struct list_head cnode;		/* call->recs, or a closing list */
	struct hlist_node hnode;	/* calls->by_port */
	struct hlist_node rnode;	/* calls->by_real */
	struct sipalg_call *call;
	struct sipalg_src *src;
	const struct nf_conn *master;	/* compared, never dereferenced */
	struct nf_conntrack_zone zone;
	struct nf_conntrack_tuple exp;
	struct nf_conntrack_tuple flow;
	union nf_inet_addr real;
	u16 real_port;
	u8 side;
	u8 flags;
	u32 gen;
	unsigned long created;
};

struct sipalg_call {
	struct hlist_node hnode;	/* calls->by_id */
	struct hlist_node mnode;	/* calls->by_master */
	struct list_head recs;
	const struct nf_conn *master;	/* last signalling flow; compared only */
	struct nf_conntrack_zone zone;
	struct nf_conntrack_tuple sig;	/* its original tuple (for the dump) */
	u32 hash;
	u32 tag_hash;
	u16 id_len;
	u8 tag_len;
	u8 confirmed;
	u8 pending;			/* side with an offer outstanding */
	u8 answered_side;
	bool answered;
	bool ended;			/* a tombstone: see sipalg_call_terminate() */
	u32 answered_cseq;
	u32 invite_cseq;		/* highest INVITE CSeq seen */
	u32 gen[2];
	u32 nrec;
	unsigned long created;
	unsigned long last_seen;
	char id[SIPALG_CALLID_KEEP];
};

struct sipalg_calls;
struct nf_conntrack_tuple_hash *sipalg_calls_ct_find(struct sipalg_calls *cs,
						     const struct nf_conntrack_zone *zone,
						     const struct nf_conntrack_tuple *t);

#endif /* SIPALG_CALL_INT_H */
