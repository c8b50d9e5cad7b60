/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sipalg.h - what the kernel-side files of nf_sipalg share.
 *
 * Data path: helper.c (conntrack helper entry, framing, dispatch) ->
 * parse_*.c (one pass into an index) -> call.c (dialogs, offer/answer) ->
 * media.c + pinhole.c (expectations, policy) -> nat_sip.c + rewrite.c (NAT
 * edit plan from the index, applied in one sweep).
 */
#ifndef SIPALG_H
#define SIPALG_H

#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <net/netfilter/nf_conntrack_helper.h>

#include "parse.h"
#include "stats.h"

#define SIPALG_NAME		"sipalg"
#define SIPALG_VERSION		"0.1.0"

/* Expectation classes (nf_conntrack_expect_policy index). */
enum sipalg_exp_class {
	SIPALG_EXP_SIGNALLING,
	SIPALG_EXP_MEDIA,
	SIPALG_EXP__COUNT
};

struct sipalg_tcp_conn;

/**
 * struct sipalg_ct_data - sipalg's part of a conntrack's helper data area
 * (nfct_help(ct)->data, 32 bytes, zeroed when the helper is attached).
 * @tcp: TCP stream state (tcp.c), NULL until the flow's SYN is seen; freed
 *	by the helper's destroy callback (helper.c) or at module exit.
 *
 * The remaining 24 bytes are free (per-call state will need 8 of them).
 */
struct sipalg_ct_data {
	struct sipalg_tcp_conn *tcp;
};

/**
 * sipalg_ct_data() - sipalg's helper data of a conntrack.
 * @ct: the conntrack.
 *
 * Return: the data area, or NULL if @ct has no helper extension.
 */
static inline struct sipalg_ct_data *sipalg_ct_data(const struct nf_conn *ct)
{
	struct nf_conn_help *help = nfct_help(ct);

	return help ? (struct sipalg_ct_data *)help->data : NULL;
}

/* One textual replacement planned for the message: buf[off, off+len) -> text. */
#define SIPALG_EDIT_TEXT	48	/* "[" IPv6 "]:" port fits */
#define SIPALG_MAX_EDITS	80
/* A plan whose edits span at most this many bytes is applied in one mangle. */
#define SIPALG_SPAN_BUF		4096

/**
 * struct sipalg_edit - one planned in-place rewrite.
 * @off: offset of the replaced bytes in the message.
 * @len: number of replaced bytes.
 * @tlen: length of @text.
 * @text: replacement bytes.
 */
struct sipalg_edit {
	u16 off;
	u16 len;
	u8 tlen;
	char text[SIPALG_EDIT_TEXT];
};

/**
 * struct sipalg_plan - every rewrite of one message, applied together.
 * @n: number of edits.
 * @overflow: an edit did not fit: the plan must not be applied.
 * @addr_len: length of @addr_text, 0 when there is none (reset per message).
 * @addr_family: the family of @addr.
 * @addr: the address last written as text by sipalg_plan_addr().
 * @addr_text: that text (a message writes the same public address many times).
 * @e: the edits, in any order (sorted before they are applied).
 */
struct sipalg_plan {
	unsigned int n;
	bool overflow;
	u8 addr_len;
	u8 addr_family;
	union nf_inet_addr addr;
	char addr_text[SIPALG_IP6_STRLEN];
	struct sipalg_edit e[SIPALG_MAX_EDITS];
};

/* Per-CPU work area: too big for the softirq stack, never shared. */
struct sipalg_scratch {
	struct sipalg_msg msg;
	struct sipalg_sdp sdp;
	struct sipalg_plan plan;
	char span[SIPALG_SPAN_BUF];
};

/**
 * struct sipalg_ctx - one SIP message being handled.
 * @skb: the packet.
 * @ct: its conntrack (the signalling flow).
 * @ctinfo: conntrack info of @skb.
 * @net: namespace of @ct.
 * @protoff: offset of the transport header in @skb.
 * @msgoff: offset of the message from the start of the transport payload.
 * @buf: the message (linear).
 * @len: message length.
 * @dir: direction of @skb in @ct.
 * @tcp: the message travels over TCP.
 * @cfg: the namespace's tunables, read once for this message.
 * @s: per-CPU work area (parser index, SDP index, edit plan).
 */
struct sipalg_ctx {
	struct sk_buff *skb;
	struct nf_conn *ct;
	enum ip_conntrack_info ctinfo;
	struct net *net;
	unsigned int protoff;
	unsigned int msgoff;
	const char *buf;
	u32 len;
	int dir;
	bool tcp;
	struct sipalg_cfg cfg;
	struct sipalg_scratch *s;
};

/* helper.c */
int sipalg_helpers_init(void);
void sipalg_helpers_exit(void);

/* netlink.c */
int sipalg_netlink_init(void);
void sipalg_netlink_exit(void);

/* pinhole.c */
int sipalg_pinholes_init(void);
void sipalg_pinholes_exit(void);
int sipalg_media_pinhole(struct sipalg_ctx *c, const union nf_inet_addr *addr,
			 u16 rtp, u16 rtcp, bool remap, u16 *pub_rtp, u16 *pub_rtcp,
			 struct nf_conntrack_tuple *t);
void sipalg_nat_expected(struct nf_conn *ct, struct nf_conntrack_expect *exp);

/* register.c */
void sipalg_register_response(struct sipalg_ctx *c);

/* nat_sip.c */
void sipalg_nat_sip(struct sipalg_ctx *c);

/* rewrite.c */
int sipalg_plan_text(struct sipalg_plan *p, struct sipalg_span at,
		     const char *text, unsigned int tlen);
int sipalg_plan_addr(struct sipalg_plan *p, struct sipalg_span at, u8 family,
		     const union nf_inet_addr *addr);
int sipalg_plan_host(struct sipalg_plan *p, struct sipalg_span at, bool bracket,
		     u8 family, const union nf_inet_addr *addr);
int sipalg_plan_port(struct sipalg_plan *p, struct sipalg_span at, u16 port);
unsigned int sipalg_fmt_port(char *out, u16 port);
int sipalg_plan_apply(struct sipalg_ctx *c, int *delta);

#endif /* SIPALG_H */
