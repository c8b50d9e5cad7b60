/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp.h - SIP over TCP: where messages start in each direction of a
 * connection, and reassembly of messages split across segments (tcp.c).
 */
#ifndef SIPALG_TCP_H
#define SIPALG_TCP_H

#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>

/**
 * struct sipalg_tcp_win - the complete SIP messages a segment carries.
 * @base: offset in the TCP payload where the first one starts.
 * @len: bytes of complete messages (and keep-alives) from @base on; 0: parse
 *	nothing.
 * @changed: tcp.c rebuilt the segment (held bytes put in front, retransmitted
 *	or held bytes cut): it may have outgrown the path MTU.
 * @replay: the messages were forwarded before: this is a retransmission.
 */
struct sipalg_tcp_win {
	unsigned int base;
	unsigned int len;
	bool changed;
	bool replay;
};

unsigned int sipalg_tcp_stream(struct sk_buff *skb, unsigned int protoff,
			       struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			       struct sipalg_tcp_win *win);
void sipalg_tcp_rewind(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
		       enum ip_conntrack_info ctinfo, const struct sipalg_tcp_win *win);
void sipalg_tcp_correct(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
			enum ip_conntrack_info ctinfo, const struct sipalg_tcp_win *win, int delta);
void sipalg_tcp_preadjust(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
			  enum ip_conntrack_info ctinfo);
void sipalg_tcp_fit(struct sk_buff *skb, unsigned int protoff, const struct nf_conn *ct);
void sipalg_tcp_destroy(struct nf_conn *ct);
void sipalg_tcp_exit(void);

#endif /* SIPALG_TCP_H */
