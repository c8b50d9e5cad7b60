// SPDX-License-Identifier: GPL-2.0
/*
 * tcp.c - SIP over TCP: stream sync and reassembly of split messages.
 *
 * What the helper must guarantee over TCP:
 *  - a byte is parsed as the start of a SIP message only if the stream puts a
 *    message boundary there (NAT slipstreaming: text that looks like SIP in
 *    the middle of other data, or at the start of a segment in the middle of
 *    a message, must never open a pinhole);
 *  - a message split across segments is rewritten like any other, so its SDP
 *    gets its pinholes and public address;
 *  - the stream the receiver sees stays valid: every byte once, in order,
 *    with sequence numbers that seqadj can translate.
 *
 * Design, per connection and direction (struct sipalg_tcp_dir):
 *
 * Sync.  The first message starts right after the SYN (ISN + 1); after
 * that, each message ends where sipalg_frame() says (Content-Length), so
 * @next, the sequence number where the next message starts, is always
 * known exactly, in the sender's sequence space (seqadj translates after
 * us).  A flow whose SYN was not seen (picked up mid-stream), or that
 * carried something that cannot be framed (no Content-Length, header
 * section too long), is never parsed again: nothing in a TCP stream marks a
 * message start, so a "resync by pattern" would be exactly the hole
 * slipstreaming uses.  The one safe resync is at a known end: a message
 * too long to hold whose length is known is skipped to its end (SKIP), and
 * the stream is in sync again there.
 *
 * Reassembly by hold and rebuild.  A segment that ends inside a message
 * has its tail copied into a per-direction buffer (at most tcp_buffer
 * bytes) and cut off, or, if it holds nothing else, is dropped: dropping a
 * TCP segment is always legal, the sender retransmits what is not acked.
 * The segment that carries the rest (the next in sequence) is rebuilt to
 * carry the held bytes in front of its own, from the held sequence number
 * (lengths and checksum fixed, CHECKSUM_PARTIAL), and is then handled as a
 * segment of whole messages: parsed, rewritten, Content-Length fixed, one
 * seqadj correction at its start.  A result longer than the path MTU is
 * marked GSO (gso_size = MTU - headers) so the output path cuts it.  The
 * alternative, forwarding the pieces and rewriting only the last one, cannot
 * rewrite bytes already sent, and copying without dropping would let the
 * receiver get the unrewritten head.  While held bytes wait, their
 * retransmissions are dropped again; segments beyond the held data (out of
 * order) are dropped too, as are segments beyond @next at any time:
 * forwarded unrewritten, they would land where a later rewrite moves bytes.
 * The sender retransmits them in order.
 *
 * Bounds.  A message longer than tcp_buffer (known from its Content-Length,
 * or a header section that does not end within tcp_buffer) is forwarded
 * unmodified and counted (SKIP to its end if known, else LOST).  Held bytes
 * that wait longer than SIPALG_TCP_HOLD_TIME are given up the same way at
 * the next segment (a sender that only retransmits the held part, e.g. one
 * with Nagle and no retransmit collapsing, then gets its message through
 * unmodified).  Memory: one buffer of at most tcp_buffer bytes per
 * direction while a message is incomplete, and a copy of the last
 * reassembled message (see below); no timer, no unbounded loop.
 *
 * Retransmissions of data already forwarded (entirely before @next): if one
 * starts where the last reassembled message started, it is rebuilt from a
 * copy of that message's original bytes and rewritten again: same bytes,
 * same length, and seqadj ignores a second correction at the same sequence
 * number, so a lost rebuilt segment is repaired consistently.  Any other is
 * forwarded as it is, counted, as the kernel's own helpers do (seqadj keeps
 * one correction point per direction; the receiver has that data already).
 * A segment that starts before @next and ends after it has the old part
 * cut off.
 *
 * Observe mode reassembles too: the receiver gets the same bytes, only in
 * other segments; nothing is rewritten and no pinhole opened.
 *
 * State hangs off the conntrack's helper data (struct sipalg_ct_data), is
 * allocated at the SYN (GFP_ATOMIC), freed by the helper's destroy callback,
 * and is also on a global list so module exit frees what conntracks that
 * outlive the helper (their destroy callback is no longer called) still hold.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/tcp.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/tcp.h>
#include <net/ip6_checksum.h>

#include "sipalg.h"
#include "tcp.h"

/* Held bytes wait at most this long for the rest of their message. */
#define SIPALG_TCP_HOLD_TIME	(2 * HZ)
/* Message starts remembered per direction, to parse retransmissions again. */
#define SIPALG_TCP_STARTS	8

/**
 * enum sipalg_tcp_sync - what is known about a direction's stream.
 * @SIPALG_TCP_NONE: no SYN seen: where messages start is unknown, never parse.
 * @SIPALG_TCP_SYNC: the next message starts at @next (held bytes from there).
 * @SIPALG_TCP_SKIP: skipping a message too long to hold; it ends at @next.
 * @SIPALG_TCP_LOST: something that cannot be framed went by: never parse.
 */
enum sipalg_tcp_sync {
	SIPALG_TCP_NONE,
	SIPALG_TCP_SYNC,
	SIPALG_TCP_SKIP,
	SIPALG_TCP_LOST,
};

/**
 * struct sipalg_tcp_dir - one direction of a connection.
 * @sync: enum sipalg_tcp_sync.
 * @next: sequence number where the next message starts (SYNC) or the
 *	skipped one ends (SKIP).
 * @held: bytes of an incomplete message held in @buf, from @next on.
 * @need: the held message's whole length if already known, else 0.
 * @cap: size of @buf.
 * @since: jiffies when the held message's first bytes were held.
 * @buf: held bytes, allocated when a hold begins, freed when it ends.
 * @last: original bytes of the last reassembled message(s), from @last_seq.
 * @last_seq: sequence number of @last's first byte.
 * @last_len: bytes in @last (0: none).
 * @starts: where the last SIPALG_TCP_STARTS segments parsed began (a ring).
 * @nstarts: entries of @starts in use.
 * @istart: the next entry of @starts to write.
 */
struct sipalg_tcp_dir {
	u8 sync;
	u32 next;
	u32 held;
	u32 need;
	u32 cap;
	unsigned long since;
	u8 *buf;
	u8 *last;
	u32 last_seq;
	u32 last_len;
	u32 starts[SIPALG_TCP_STARTS];
	u8 nstarts;
	u8 istart;
};

/**
 * struct sipalg_tcp_conn - TCP state of one conntrack.
 * @list: on sipalg_tcp_all.
 * @lock: protects @d.
 * @d: per direction (IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY).
 */
struct sipalg_tcp_conn {
	struct list_head list;
	spinlock_t lock;	/* protects d */
	struct sipalg_tcp_dir d[IP_CT_DIR_MAX];
};

static LIST_HEAD(sipalg_tcp_all);
static DEFINE_SPINLOCK(sipalg_tcp_all_lock);

/* One segment being handled. */
struct sipalg_tcp_seg {
	struct sk_buff *skb;
	struct nf_conn *ct;
	struct net *net;
	struct sipalg_tcp_win *win;
	unsigned int protoff;
	unsigned int dataoff;
	u32 seq;		/* of the first payload byte */
	u32 len;		/* payload bytes */
	u32 cap;		/* tcp_buffer */
};

static void sipalg_tcp_dir_free(struct sipalg_tcp_dir *d)
{
	kfree(d->buf);
	kfree(d->last);
}

static void sipalg_tcp_conn_free(struct sipalg_tcp_conn *tc)
{
	if (!tc)
		return;
	sipalg_tcp_dir_free(&tc->d[0]);
	sipalg_tcp_dir_free(&tc->d[1]);
	kfree(tc);
}

/* The conntrack's TCP state, created if @create (at a SYN). */
static struct sipalg_tcp_conn *sipalg_tcp_conn_get(struct nf_conn *ct, bool create)
{
	struct sipalg_ct_data *cd = sipalg_ct_data(ct);
	struct sipalg_tcp_conn *tc;

	if (!cd)
		return NULL;
	tc = READ_ONCE(cd->tcp);
	if (tc || !create)
		return tc;
	tc = kzalloc(sizeof(*tc), GFP_ATOMIC);
	if (!tc)
		return NULL;
	spin_lock_init(&tc->lock);
	spin_lock_bh(&sipalg_tcp_all_lock);
	if (cd->tcp) {
		/* The other direction's SYN won. */
		spin_unlock_bh(&sipalg_tcp_all_lock);
		kfree(tc);
		return READ_ONCE(cd->tcp);
	}
	list_add(&tc->list, &sipalg_tcp_all);
	WRITE_ONCE(cd->tcp, tc);
	spin_unlock_bh(&sipalg_tcp_all_lock);
	return tc;
}

/**
 * sipalg_tcp_destroy() - free a conntrack's TCP state (helper destroy).
 * @ct: the conntrack, being destroyed.
 */
void sipalg_tcp_destroy(struct nf_conn *ct)
{
	struct sipalg_ct_data *cd = sipalg_ct_data(ct);
	struct sipalg_tcp_conn *tc;

	if (!cd)
		return;
	spin_lock_bh(&sipalg_tcp_all_lock);
	tc = cd->tcp;
	if (tc) {
		list_del(&tc->list);
		WRITE_ONCE(cd->tcp, NULL);
	}
	spin_unlock_bh(&sipalg_tcp_all_lock);
	sipalg_tcp_conn_free(tc);
}

/**
 * sipalg_tcp_exit() - free every TCP state left.  Call after the helpers
 * are unregistered: no packet or destroy callback can reach them any more.
 */
void sipalg_tcp_exit(void)
{
	struct sipalg_tcp_conn *tc, *tmp;
	LIST_HEAD(all);

	spin_lock_bh(&sipalg_tcp_all_lock);
	list_splice_init(&sipalg_tcp_all, &all);
	spin_unlock_bh(&sipalg_tcp_all_lock);
	/* The conntracks may be gone: never touch them. */
	list_for_each_entry_safe(tc, tmp, &all, list) {
		list_del(&tc->list);
		sipalg_tcp_conn_free(tc);
	}
}

/* IP lengths and the TCP checksum after the payload changed (old TCP length). */
static void sipalg_tcp_fix(struct sk_buff *skb, unsigned int protoff, u8 l3, int oldlen)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + protoff);

	if (l3 == NFPROTO_IPV4) {
		ip_hdr(skb)->tot_len = htons(skb->len);
		ip_send_check(ip_hdr(skb));
	} else {
		ipv6_hdr(skb)->payload_len = htons(skb->len - sizeof(struct ipv6hdr));
	}
	/*
	 * As nf_nat_csum_recalc() (not exported): leave CHECKSUM_PARTIAL, so
	 * header fields changed need no incremental update.
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		inet_proto_csum_replace2(&th->check, skb, htons(oldlen),
					 htons(skb->len - protoff), true);
		return;
	}
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_headroom(skb) + protoff;
	skb->csum_offset = offsetof(struct tcphdr, check);
	if (l3 == NFPROTO_IPV4)
		th->check = ~csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
					       skb->len - protoff, IPPROTO_TCP, 0);
	else
		th->check = ~csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
					     skb->len - protoff, IPPROTO_TCP, 0);
}

/*
 * Make the payload head[0, hlen) followed by the segment's own payload from
 * byte @skip on, with sequence number @seq; the payload ends after @keep
 * bytes if @keep is smaller.  A FIN goes if the segment no longer ends
 * where it did.  False when the packet could not be changed (no memory).
 */
static bool sipalg_tcp_rebuild(struct sipalg_tcp_seg *t, const u8 *head, u32 hlen,
			       u32 skip, u32 seq, u32 keep)
{
	struct sk_buff *skb = t->skb;
	u32 plen = t->len, nlen = hlen + plen - skip, end = t->seq + t->len;
	int oldlen = skb->len - t->protoff;
	struct tcphdr *th;
	u8 *p;

	if (keep < nlen)
		nlen = keep;
	if (t->dataoff + nlen > 65535 || skip > plen)
		return false;
	if (skb_ensure_writable(skb, skb->len))
		return false;
	if (hlen + plen - skip > plen) {
		u32 grow = hlen - skip, room = skb_tailroom(skb);

		if (room < grow &&
		    pskb_expand_head(skb, 0, grow - room, GFP_ATOMIC))
			return false;
		skb_put(skb, grow);
	}
	p = skb->data + t->dataoff;
	memmove(p + hlen, p + skip, plen - skip);
	if (hlen)
		memcpy(p, head, hlen);
	if (t->dataoff + nlen < skb->len)
		skb_trim(skb, t->dataoff + nlen);
	th = (struct tcphdr *)(skb->data + t->protoff);
	if (seq + nlen != end)
		th->fin = 0;	/* a FIN belongs after the sender's last byte */
	th->seq = htonl(seq);
	sipalg_tcp_fix(skb, t->protoff, nf_ct_l3num(t->ct), oldlen);
	t->seq = seq;
	t->len = nlen;
	t->win->changed = true;
	return true;
}

/* Hold buf[0, len) as the start of an incomplete message at @seq. */
static bool sipalg_tcp_hold(struct sipalg_tcp_dir *d, const u8 *buf, u32 len, u32 seq,
			    u32 need, u32 cap, bool more)
{
	if (d->buf && d->cap < len) {
		/* tcp_buffer was raised since this buffer was made */
		kfree(d->buf);
		d->buf = NULL;
	}
	if (!d->buf) {
		d->buf = kmalloc(cap, GFP_ATOMIC);
		if (!d->buf)
			return false;
		d->cap = cap;
	}
	if (len > d->cap)
		return false;
	memmove(d->buf, buf, len);
	if (!more)
		d->since = jiffies;
	d->held = len;
	d->need = need;
	d->next = seq;
	return true;
}

static void sipalg_tcp_unhold(struct sipalg_tcp_dir *d)
{
	kfree(d->buf);
	d->buf = NULL;
	d->cap = 0;
	d->held = 0;
	d->need = 0;
}

/* Keep the original bytes of a reassembled message for its retransmissions. */
static void sipalg_tcp_remember(struct sipalg_tcp_dir *d, const u8 *buf, u32 len, u32 seq)
{
	kfree(d->last);
	d->last = kmemdup(buf, len, GFP_ATOMIC);
	d->last_len = d->last ? len : 0;
	d->last_seq = seq;
}

/*
 * Frame the payload from @base on (a message boundary, at t->seq + base)
 * and set the direction's state after it: complete messages go to the
 * window, an incomplete last one is held (cut off, or the segment dropped),
 * one too long is let through and skipped.  @more: the payload starts with
 * bytes held before (the same message still incomplete keeps its time).
 */
static unsigned int sipalg_tcp_frame(struct sipalg_tcp_seg *t, struct sipalg_tcp_dir *d,
				     u32 base, bool more, bool replay)
{
	const u8 *p = t->skb->data + t->dataoff;
	u32 off = base, mlen = 0, need = 0, tail;
	int r = SIPALG_OK;

	/* Each round consumes at least one byte. */
	while (off < t->len) {
		r = sipalg_frame_need((const char *)p + off, t->len - off, &mlen, &need);
		if ((r != SIPALG_OK && r != SIPALG_KEEPALIVE) || !mlen)
			break;
		off += mlen;
	}
	t->win->base = base;
	t->win->len = off - base;
	if (replay) {
		/* Only what is complete goes again; the rest follows later. */
		t->win->replay = true;
		if (off == base || off == t->len)
			return NF_ACCEPT;
		if (!sipalg_tcp_rebuild(t, NULL, 0, 0, t->seq, off))
			t->win->len = 0;
		return NF_ACCEPT;
	}
	if (off > base) {
		d->starts[d->istart] = t->seq + base;
		d->istart = (d->istart + 1) % SIPALG_TCP_STARTS;
		if (d->nstarts < SIPALG_TCP_STARTS)
			d->nstarts++;
	}
	if (more && off > base) {
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_REASSEMBLED);
		if (off - base <= t->cap)
			sipalg_tcp_remember(d, p + base, off - base, t->seq + base);
	}
	if (off == t->len) {
		d->next = t->seq + off;
		if (d->buf)
			sipalg_tcp_unhold(d);
		return NF_ACCEPT;
	}
	if (r != SIPALG_NEED_MORE) {
		/* Cannot be framed: nothing after it is ever parsed. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_DESYNC);
		sipalg_stat_inc(t->net, SIPALG_STAT_FWD_UNMODIFIED);
		d->sync = SIPALG_TCP_LOST;
		sipalg_tcp_unhold(d);
		return NF_ACCEPT;
	}
	tail = t->len - off;
	if (need > t->cap || (!need && tail >= t->cap) ||
	    !sipalg_tcp_hold(d, p + off, tail, t->seq + off, need, t->cap, more && off == base) ||
	    (off && !sipalg_tcp_rebuild(t, NULL, 0, 0, t->seq, off))) {
		/* Too long to hold (or no memory): let it through unmodified. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_OVERFLOW);
		sipalg_stat_inc(t->net, SIPALG_STAT_FWD_UNMODIFIED);
		sipalg_tcp_unhold(d);
		if (need) {
			d->sync = SIPALG_TCP_SKIP;
			d->next = t->seq + off + need;
		} else {
			sipalg_stat_inc(t->net, SIPALG_STAT_TCP_DESYNC);
			d->sync = SIPALG_TCP_LOST;
		}
		return NF_ACCEPT;
	}
	/* Held; what is complete (and anything before @base) goes on. */
	sipalg_stat_inc(t->net, SIPALG_STAT_TCP_HELD);
	return off ? NF_ACCEPT : NF_DROP;
}

/*
 * A segment of data already forwarded (it ends at or before d->next): if it
 * starts where a parsed segment started, its whole messages are parsed and
 * rewritten again (the same bytes: the same rewrite; seqadj ignores a
 * second correction at the same place); a piece of the last reassembled
 * message is rebuilt whole from its copy first.  Else it goes as it is.
 */
static unsigned int sipalg_tcp_old(struct sipalg_tcp_seg *t, struct sipalg_tcp_dir *d)
{
	unsigned int i;

	sipalg_stat_inc(t->net, SIPALG_STAT_TCP_RETRANSMIT);
	if (d->last_len && t->seq == d->last_seq && t->len < d->last_len) {
		if (memcmp(t->skb->data + t->dataoff, d->last, t->len) ||
		    !sipalg_tcp_rebuild(t, d->last, d->last_len, t->len, d->last_seq, U32_MAX))
			return NF_ACCEPT;
		return sipalg_tcp_frame(t, d, 0, false, true);
	}
	for (i = 0; i < d->nstarts; i++)
		if (d->starts[i] == t->seq)
			return sipalg_tcp_frame(t, d, 0, false, true);
	return NF_ACCEPT;
}

static unsigned int sipalg_tcp_seg(struct sipalg_tcp_seg *t, struct sipalg_tcp_dir *d)
{
	u32 end = t->seq + t->len, hend, skip, held;
	bool more;

	switch (d->sync) {
	case SIPALG_TCP_SYNC:
		break;
	case SIPALG_TCP_SKIP:
		if (!after(end, d->next))
			return NF_ACCEPT;	/* inside the message skipped */
		if (after(t->seq, d->next)) {
			sipalg_stat_inc(t->net, SIPALG_STAT_TCP_OUT_OF_ORDER);
			return NF_DROP;
		}
		/* The skipped message ends here: in sync again. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_RESYNC);
		d->sync = SIPALG_TCP_SYNC;
		return sipalg_tcp_frame(t, d, d->next - t->seq, false, false);
	default:
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_PARTIAL);
		sipalg_stat_inc(t->net, SIPALG_STAT_FWD_UNMODIFIED);
		return NF_ACCEPT;
	}

	if (d->held && time_after(jiffies, d->since + SIPALG_TCP_HOLD_TIME)) {
		/* Given up: the sender's retransmissions go through as they are. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_TIMEOUT);
		sipalg_stat_inc(t->net, SIPALG_STAT_FWD_UNMODIFIED);
		if (d->need) {
			d->sync = SIPALG_TCP_SKIP;
			d->next += d->need;
		} else {
			sipalg_stat_inc(t->net, SIPALG_STAT_TCP_DESYNC);
			d->sync = SIPALG_TCP_LOST;
		}
		sipalg_tcp_unhold(d);
		/* Once more in the new state (SKIP or LOST: no way back here). */
		return sipalg_tcp_seg(t, d);
	}

	if (!after(end, d->next))
		return sipalg_tcp_old(t, d);
	held = d->held;
	hend = d->next + held;
	if (after(t->seq, hend)) {
		/* A gap before it: forwarded, it would land where a rewrite moves bytes. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_OUT_OF_ORDER);
		return NF_DROP;
	}
	if (!after(end, hend)) {
		/* Held bytes again, still incomplete. */
		sipalg_stat_inc(t->net, SIPALG_STAT_TCP_HELD);
		return NF_DROP;
	}
	/* From d->next: the held bytes, then what is new in this segment. */
	skip = hend - t->seq;
	more = held != 0;
	if ((held || skip) &&
	    !sipalg_tcp_rebuild(t, d->buf, held, skip, d->next, U32_MAX)) {
		if (held && t->dataoff + held + t->len - skip > 65535) {
			/* Cannot grow this far: give the message up. */
			d->since = jiffies - SIPALG_TCP_HOLD_TIME - 1;
			return sipalg_tcp_seg(t, d);
		}
		sipalg_stat_inc(t->net, SIPALG_STAT_DROP_NOMEM);
		return NF_DROP;
	}
	if (more)
		d->held = 0;	/* now in the packet; a new hold may follow */
	return sipalg_tcp_frame(t, d, 0, more, false);
}

static void sipalg_tcp_syn(struct nf_conn *ct, int dir, u32 seq, bool data)
{
	struct sipalg_tcp_conn *tc = sipalg_tcp_conn_get(ct, true);
	struct sipalg_tcp_dir *d;

	if (!tc)
		return;
	spin_lock_bh(&tc->lock);
	d = &tc->d[dir];
	if (d->sync == SIPALG_TCP_NONE) {
		/* Data on a SYN (TCP Fast Open) is not followed: never parsed. */
		d->sync = data ? SIPALG_TCP_LOST : SIPALG_TCP_SYNC;
		d->next = seq + 1;
	}
	spin_unlock_bh(&tc->lock);
}

/**
 * sipalg_tcp_stream() - place a TCP segment in its direction's stream.
 * @skb: the segment (linearized here when it carries data).
 * @protoff: offset of the TCP header.
 * @ct: its conntrack (with the sipalg helper).
 * @ctinfo: conntrack info of @skb.
 * @win: result: the complete SIP messages to parse in it (len 0: none), and
 *	whether the segment was rebuilt.
 *
 * Segments are rebuilt, held and dropped as the comment at the top of this
 * file says; the caller parses and rewrites @win only, then calls
 * sipalg_tcp_fit() if the segment changed.
 *
 * Return: NF_ACCEPT, or NF_DROP for a segment held or out of order.
 */
unsigned int sipalg_tcp_stream(struct sk_buff *skb, unsigned int protoff,
			       struct nf_conn *ct, enum ip_conntrack_info ctinfo,
			       struct sipalg_tcp_win *win)
{
	int dir = CTINFO2DIR(ctinfo);
	struct sipalg_tcp_conn *tc;
	struct sipalg_tcp_seg t;
	const struct tcphdr *th;
	unsigned int verdict;
	struct tcphdr _th;

	win->base = 0;
	win->len = 0;
	win->changed = false;
	win->replay = false;
	th = skb_header_pointer(skb, protoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(_th) / 4 || th->rst)
		return NF_ACCEPT;
	t.dataoff = protoff + th->doff * 4;
	if (th->syn) {
		sipalg_tcp_syn(ct, dir, ntohl(th->seq), t.dataoff < skb->len);
		return NF_ACCEPT;
	}
	if (t.dataoff >= skb->len)
		return NF_ACCEPT;	/* no data */
	t.net = nf_ct_net(ct);
	tc = sipalg_tcp_conn_get(ct, false);
	if (!tc || (ctinfo != IP_CT_ESTABLISHED && ctinfo != IP_CT_ESTABLISHED_REPLY)) {
		sipalg_stat_inc(t.net, SIPALG_STAT_TCP_PARTIAL);
		sipalg_stat_inc(t.net, SIPALG_STAT_FWD_UNMODIFIED);
		return NF_ACCEPT;
	}
	t.seq = ntohl(th->seq);
	if (unlikely(skb->len > 65535)) {
		/* BIG TCP aggregate: not rebuilt, so not followed any more. */
		spin_lock_bh(&tc->lock);
		if (tc->d[dir].sync != SIPALG_TCP_LOST)
			sipalg_stat_inc(t.net, SIPALG_STAT_TCP_DESYNC);
		tc->d[dir].sync = SIPALG_TCP_LOST;
		sipalg_tcp_unhold(&tc->d[dir]);
		spin_unlock_bh(&tc->lock);
		sipalg_stat_inc(t.net, SIPALG_STAT_FWD_UNMODIFIED);
		return NF_ACCEPT;
	}
	if (unlikely(skb_linearize(skb))) {
		/* In sync, a segment must not pass unseen: the sender retries. */
		sipalg_stat_inc(t.net, SIPALG_STAT_DROP_NOMEM);
		return NF_DROP;
	}
	t.skb = skb;
	t.ct = ct;
	t.win = win;
	t.protoff = protoff;
	t.len = skb->len - t.dataoff;
	t.cap = sipalg_cfg_get(t.net, tcp_buffer);
	spin_lock_bh(&tc->lock);
	verdict = sipalg_tcp_seg(&t, &tc->d[dir]);
	spin_unlock_bh(&tc->lock);
	return verdict;
}

/**
 * sipalg_tcp_rewind() - the segment whose window was parsed is dropped after
 * all (no memory for the rewrite, parse_error_action drop): the stream
 * state goes back to its window's start, so that the sender's
 * retransmission is handled as this segment was, not as old data.
 * @skb: the segment, as sipalg_tcp_stream() left it.
 * @protoff: offset of the TCP header.
 * @ct: its conntrack.
 * @ctinfo: conntrack info of @skb.
 * @win: what sipalg_tcp_stream() said of it.
 */
void sipalg_tcp_rewind(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
		       enum ip_conntrack_info ctinfo, const struct sipalg_tcp_win *win)
{
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + protoff);
	struct sipalg_tcp_conn *tc = sipalg_tcp_conn_get(ct, false);
	struct sipalg_tcp_dir *d;

	if (!tc || win->replay || !win->len)
		return;
	spin_lock_bh(&tc->lock);
	d = &tc->d[CTINFO2DIR(ctinfo)];
	/* Anything before the window (the end of a skipped message) comes again too. */
	d->sync = win->base ? SIPALG_TCP_SKIP : SIPALG_TCP_SYNC;
	d->next = ntohl(th->seq) + win->base;
	sipalg_tcp_unhold(d);
	spin_unlock_bh(&tc->lock);
}

/**
 * sipalg_tcp_fit() - after a segment grew, let the output path cut it to the
 * path MTU (GSO) rather than drop it (DF) or fragment it.
 * @skb: the segment, rebuilt or rewritten (CHECKSUM_PARTIAL).
 * @protoff: offset of the TCP header.
 * @ct: its conntrack.
 */
void sipalg_tcp_fit(struct sk_buff *skb, unsigned int protoff, const struct nf_conn *ct)
{
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + protoff);
	unsigned int hlen = protoff + th->doff * 4, mtu, mss;
	struct dst_entry *dst = skb_dst(skb);
	struct skb_shared_info *si;

	if (skb->ip_summed != CHECKSUM_PARTIAL || skb->len <= hlen)
		return;
	if (skb_is_gso(skb)) {
		if (skb_unclone(skb, GFP_ATOMIC))
			return;
		si = skb_shinfo(skb);
		si->gso_segs = DIV_ROUND_UP(skb->len - hlen, si->gso_size);
		return;
	}
	if (!dst)
		return;
	mtu = dst_mtu(dst);
	if (skb->len <= mtu || hlen + 64 > mtu)
		return;
	if (skb_unclone(skb, GFP_ATOMIC))
		return;
	mss = mtu - hlen;
	si = skb_shinfo(skb);
	si->gso_size = mss;
	si->gso_type = nf_ct_l3num(ct) == NFPROTO_IPV4 ? SKB_GSO_TCPV4 : SKB_GSO_TCPV6;
	si->gso_segs = DIV_ROUND_UP(skb->len - hlen, mss);
}
