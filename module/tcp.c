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
 * direction while a message is incomplete, a copy of the last
 * reassembled message (see below), and at most SIPALG_TCP_CORRS
 * corrections (with the copy of their message if reassembled) until
 * acknowledged; no timer, no unbounded loop.
 *
 * Retransmissions of data already forwarded (entirely before @next): a
 * piece of a reassembled message whose correction is not acknowledged yet
 * (or of the last reassembled message) is rebuilt to carry the whole
 * message from a copy of its original bytes and rewritten again: same
 * bytes, same length, and seqadj ignores a second correction at the same
 * sequence number, so a lost rebuilt segment is repaired consistently.  One
 * that starts where a parsed segment started is parsed and rewritten again.
 * Any other is forwarded as it is, counted, as the kernel's own helpers do
 * (the receiver has that data already).  A segment that starts before
 * @next and ends after it has the old part cut off.
 *
 * Several corrections in flight.  seqadj keeps one correction point per
 * direction (nf_conntrack_seqadj.c: a sequence number at or before it gets
 * the offset before it, one after it the offset after); a new point forgets
 * the offset before the old one.  Were the window at the old point lost on
 * its way to the receiver, its retransmission would be moved by its own
 * length change, and the receiver's duplicate ACKs, translated with the new
 * offset, would acknowledge bytes it never got: the sender would go on from
 * inside the message, unrewritten.  So each direction remembers the
 * corrections (point, offset before and after) whose window the receiver
 * has not acknowledged (d->corr[]), and sipalg_tcp_preadjust(), called last
 * in the helper (nf_confirm() runs nf_ct_seq_adjust() right after it),
 * moves a sequence number, ACK or SACK edge that an older correction covers
 * by the difference between the offset it must get and the one seqadj will
 * apply.  Nothing waits: every segment goes on at once.
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
#include <net/netfilter/nf_conntrack_seqadj.h>

#include "sipalg.h"
#include "tcp.h"

/* Held bytes wait at most this long for the rest of their message. */
#define SIPALG_TCP_HOLD_TIME	(2 * HZ)
/* Message starts remembered per direction, to parse retransmissions again. */
#define SIPALG_TCP_STARTS	8
/* Length-changing corrections remembered per direction until acknowledged. */
#define SIPALG_TCP_CORRS	8

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
 * struct sipalg_tcp_corr - a seqadj correction point set for a window whose
 * rewrite changed its length.
 * @pos: sender sequence number where the window starts (the point).
 * @len: the window's original length.
 * @before: seqadj's offset for sequence numbers at or before @pos.
 * @after: its offset after @pos (@before plus the window's length change).
 * @orig: a copy of the window's original bytes (a reassembled message), or
 *	NULL.
 */
struct sipalg_tcp_corr {
	u32 pos;
	u32 len;
	s32 before;
	s32 after;
	u8 *orig;
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
 * @ncorr: entries of @corr in use (read without the lock as a hint).
 * @corr: the seqadj corrections made for this direction whose window the
 *	receiver has not acknowledged yet, oldest first; the last one is
 *	seqadj's current correction point.
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
	u8 ncorr;
	struct sipalg_tcp_corr corr[SIPALG_TCP_CORRS];
};

/**
 * struct sipalg_tcp_conn - TCP state of one conntrack.
 * @list: on sipalg_tcp_all.
 * @lock: protects @d and @dead.
 * @dead: the conntrack is being destroyed: @d is not to be touched.
 * @rcu: freed after a grace period (see sipalg_tcp_destroy()).
 * @d: per direction (IP_CT_DIR_ORIGINAL, IP_CT_DIR_REPLY).
 *
 * The helper's destroy callback runs when the conntrack is deleted, while
 * another CPU may still be handling one of its packets: that CPU found
 * this through sipalg_tcp_conn_get() in an RCU read-side section (the
 * netfilter hook's), so the memory stays until a grace period has passed,
 * and it sees @dead once it has the lock.
 */
struct sipalg_tcp_conn {
	struct list_head list;
	spinlock_t lock;	/* protects d, dead */
	bool dead;
	struct rcu_head rcu;
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
	unsigned int i;

	kfree(d->buf);
	kfree(d->last);
	for (i = 0; i < d->ncorr; i++)
		kfree(d->corr[i].orig);
}

static void sipalg_tcp_conn_free(struct sipalg_tcp_conn *tc)
{
	sipalg_tcp_dir_free(&tc->d[0]);
	sipalg_tcp_dir_free(&tc->d[1]);
	kfree(tc);
}

static void sipalg_tcp_conn_free_rcu(struct rcu_head *head)
{
	sipalg_tcp_conn_free(container_of(head, struct sipalg_tcp_conn, rcu));
}

/* Lock @tc; false (unlocked) if its conntrack is being destroyed. */
static bool sipalg_tcp_lock(struct sipalg_tcp_conn *tc)
{
	spin_lock_bh(&tc->lock);
	if (likely(!tc->dead))
		return true;
	spin_unlock_bh(&tc->lock);
	return false;
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
	/*
	 * The other direction's SYN won; or the conntrack is dying: its
	 * destroy callback (after IPS_DYING, under this lock) may have run.
	 */
	if (cd->tcp || nf_ct_is_dying(ct)) {
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
 * @ct: the conntrack, being deleted; other CPUs may still be handling its
 *	packets (see struct sipalg_tcp_conn).
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
	if (!tc)
		return;
	spin_lock_bh(&tc->lock);
	tc->dead = true;
	spin_unlock_bh(&tc->lock);
	call_rcu(&tc->rcu, sipalg_tcp_conn_free_rcu);
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
	/* Those the destroy callback handed to RCU, before this module goes. */
	rcu_barrier();
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
 * A segment of data already forwarded (it ends at or before d->next).  A
 * piece of an unacknowledged window kept in d->corr[] with its original
 * bytes (a reassembled message whose rewrite changed its length) is rebuilt
 * to carry that whole window from its start and no more, and parsed again;
 * one that starts before such a window loses its part in it (the sender
 * sends it again).  Else, if it starts where a parsed segment started, its
 * whole messages are parsed and rewritten again (the same bytes: the same
 * rewrite; seqadj ignores a second correction at the same place); a piece
 * of the last reassembled message is rebuilt whole from its copy first.
 * Else it goes as it is (sipalg_tcp_preadjust() gives it the offset seqadj
 * gave it the first time).
 */
static unsigned int sipalg_tcp_old(struct sipalg_tcp_seg *t, struct sipalg_tcp_dir *d)
{
	const struct sipalg_tcp_corr *c;
	u32 end = t->seq + t->len, cend, skip;
	unsigned int i;

	sipalg_stat_inc(t->net, SIPALG_STAT_TCP_RETRANSMIT);
	for (i = 0; i < d->ncorr; i++) {
		c = &d->corr[i];
		cend = c->pos + c->len;
		if (!c->orig || !before(t->seq, cend) || !after(end, c->pos))
			continue;
		if (before(t->seq, c->pos)) {
			if (!sipalg_tcp_rebuild(t, NULL, 0, 0, t->seq, c->pos - t->seq)) {
				sipalg_stat_inc(t->net, SIPALG_STAT_DROP_NOMEM);
				return NF_DROP;
			}
			break;
		}
		if (t->seq == c->pos && !before(end, cend))
			return sipalg_tcp_frame(t, d, 0, false, true);
		skip = min(cend - t->seq, t->len);
		if (memcmp(t->skb->data + t->dataoff, c->orig + (t->seq - c->pos), skip) ||
		    !sipalg_tcp_rebuild(t, c->orig, c->len, skip, c->pos, c->len))
			return NF_ACCEPT;
		return sipalg_tcp_frame(t, d, 0, false, true);
	}
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
		if (!after(end, d->next)) {
			/* Inside the message skipped, or a window before it again. */
			if (d->ncorr && before(t->seq, d->corr[d->ncorr - 1].pos +
					       d->corr[d->ncorr - 1].len))
				return sipalg_tcp_old(t, d);
			return NF_ACCEPT;
		}
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

	if (!tc || !sipalg_tcp_lock(tc))
		return;
	d = &tc->d[dir];
	if (d->sync == SIPALG_TCP_NONE) {
		/* Data on a SYN (TCP Fast Open) is not followed: never parsed. */
		d->sync = data ? SIPALG_TCP_LOST : SIPALG_TCP_SYNC;
		d->next = seq + 1;
	}
	spin_unlock_bh(&tc->lock);
}

/**
 * sipalg_tcp_correct() - the rewrite of a window changed its length: set
 * seqadj's correction point at the window's start and remember it until the
 * receiver acknowledges the window (see sipalg_tcp_preadjust()).
 * @skb: the segment, rewritten.
 * @protoff: offset of the TCP header.
 * @ct: its conntrack.
 * @ctinfo: conntrack info of @skb.
 * @win: what sipalg_tcp_stream() said of it.
 * @delta: how much longer the rewrite made the window (< 0: shorter).
 */
void sipalg_tcp_correct(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
			enum ip_conntrack_info ctinfo, const struct sipalg_tcp_win *win, int delta)
{
	const struct tcphdr *th = (const struct tcphdr *)(skb->data + protoff);
	struct sipalg_tcp_conn *tc = sipalg_tcp_conn_get(ct, false);
	struct nf_conn_seqadj *sa = nfct_seqadj(ct);
	u32 pos = ntohl(th->seq) + win->base;
	int dir = CTINFO2DIR(ctinfo);
	struct sipalg_tcp_corr *c;
	struct sipalg_tcp_dir *d;
	struct nf_ct_seqadj cur;

	/*
	 * The point is where the window starts, not where the segment does
	 * (after the end of a skipped message): a retransmission starting in
	 * what comes before keeps the offset before.
	 */
	if (!tc || !sa || !sipalg_tcp_lock(tc)) {
		nf_ct_seqadj_set(ct, ctinfo, htonl(pos), delta);
		return;
	}
	nf_ct_seqadj_set(ct, ctinfo, htonl(pos), delta);
	spin_lock_bh(&ct->lock);
	cur = sa->seq[dir];
	spin_unlock_bh(&ct->lock);
	d = &tc->d[dir];
	/* Not taken (a window parsed again: the point is past it already)? */
	if (cur.correction_pos != pos || cur.offset_after - cur.offset_before != delta ||
	    (d->ncorr && !after(pos, d->corr[d->ncorr - 1].pos)))
		goto out;
	if (d->ncorr == SIPALG_TCP_CORRS) {
		/* The oldest is forgotten: its retransmissions get seqadj's offset. */
		kfree(d->corr[0].orig);
		memmove(&d->corr[0], &d->corr[1], sizeof(d->corr[0]) * (SIPALG_TCP_CORRS - 1));
		d->ncorr--;
	}
	c = &d->corr[d->ncorr];
	c->pos = pos;
	c->len = win->len;
	c->before = cur.offset_before;
	c->after = cur.offset_after;
	c->orig = NULL;
	if (d->last && d->last_seq == pos && d->last_len == win->len) {
		/* The reassembled message's copy now lives as long as this. */
		c->orig = d->last;
		d->last = NULL;
		d->last_len = 0;
	}
	WRITE_ONCE(d->ncorr, d->ncorr + 1);
out:
	spin_unlock_bh(&tc->lock);
}

/*
 * The offset a sequence number @v of @d's sender (@ack: an acknowledgement
 * or SACK edge of its receiver, in the receiver's space) must get when an
 * older correction than seqadj's current one (d->corr[ncorr - 1]) covers
 * it: the offset before the earliest window it is at or before, as seqadj
 * itself decides (nf_ct_seq_adjust(), nf_ct_sack_block_adjust()).  False
 * if seqadj's own offset is right.
 */
static bool sipalg_tcp_corr_off(const struct sipalg_tcp_dir *d, u32 v, bool ack, s32 *off)
{
	unsigned int i;

	for (i = 0; i + 1 < d->ncorr; i++) {
		if (!after(ack ? v - d->corr[i].before : v, d->corr[i].pos)) {
			*off = d->corr[i].before;
			return true;
		}
	}
	return false;
}

/* seqadj's state for @d's sender is the last correction remembered. */
static bool sipalg_tcp_corr_cur(const struct sipalg_tcp_dir *d, const struct nf_ct_seqadj *cur)
{
	return d->ncorr >= 2 && cur->correction_pos == d->corr[d->ncorr - 1].pos &&
	       cur->offset_before == d->corr[d->ncorr - 1].before;
}

/* Move one SACK edge as an ACK (see sipalg_tcp_preadjust()). */
static bool sipalg_tcp_sack_edge(struct sk_buff *skb, struct tcphdr *th, u8 *edge,
				 const struct sipalg_tcp_dir *r, s32 before)
{
	__be32 ov, nv;
	s32 off;

	memcpy(&ov, edge, sizeof(ov));
	if (!sipalg_tcp_corr_off(r, ntohl(ov), true, &off))
		return false;
	nv = htonl(ntohl(ov) + before - off);
	inet_proto_csum_replace4(&th->check, skb, ov, nv, false);
	memcpy(edge, &nv, sizeof(nv));
	return true;
}

/* The SACK edges of @th (writable), as seqadj walks them. */
static bool sipalg_tcp_sack(struct sk_buff *skb, struct tcphdr *th, unsigned int protoff,
			    const struct sipalg_tcp_dir *r, s32 before)
{
	unsigned int off = protoff + sizeof(*th), end = protoff + th->doff * 4, i;
	bool moved = false;
	u8 *op;

	while (off < end) {
		op = skb->data + off;
		if (op[0] == TCPOPT_EOL)
			break;
		if (op[0] == TCPOPT_NOP) {
			off++;
			continue;
		}
		if (off + 1 == end || off + op[1] > end || op[1] < 2)
			break;
		if (op[0] == TCPOPT_SACK && op[1] >= 2 + TCPOLEN_SACK_PERBLOCK &&
		    (op[1] - 2) % TCPOLEN_SACK_PERBLOCK == 0)
			for (i = 2; i < op[1]; i += 4)
				moved |= sipalg_tcp_sack_edge(skb, th, op + i, r, before);
		off += op[1];
	}
	return moved;
}

/**
 * sipalg_tcp_preadjust() - correct what seqadj is about to get wrong in a
 * segment, because it keeps one correction point per direction.
 * @skb: the segment, about to go to nf_ct_seq_adjust().
 * @protoff: offset of the TCP header.
 * @ct: its conntrack.
 * @ctinfo: conntrack info of @skb.
 *
 * seqadj gives a sequence number at or before its point the offset before
 * it, one after it the offset after.  A new point forgets the offset before
 * the old one: were the window at the old point not acknowledged yet (lost
 * on the way to the receiver), its retransmission would get the new "before"
 * offset (its own length change), and the receiver's duplicate ACKs would be
 * translated to acknowledge bytes it never got, so that the sender
 * retransmits from inside the message and the receiver gets a message
 * without its first bytes.  Each direction keeps the corrections whose
 * window is not acknowledged (d->corr[]); a sequence number (ACK, SACK
 * edge) that an older one covers is moved here by the difference between
 * the offset it must get and the one seqadj will apply, so that seqadj's
 * result is the right one.  ACKs also forget what they acknowledge.  One
 * race is left: a correction set by the other CPU between this and
 * nf_ct_seq_adjust() (as with seqadj alone).
 */
void sipalg_tcp_preadjust(struct sk_buff *skb, unsigned int protoff, struct nf_conn *ct,
			  enum ip_conntrack_info ctinfo)
{
	struct sipalg_tcp_conn *tc = sipalg_tcp_conn_get(ct, false);
	struct nf_ct_seqadj cur[IP_CT_DIR_MAX];
	int dir = CTINFO2DIR(ctinfo);
	struct sipalg_tcp_dir *d, *r;
	const struct sipalg_tcp_corr *c;
	struct nf_conn_seqadj *sa;
	bool moved = false;
	u32 seq, ack, nseq;
	struct tcphdr *th;
	struct tcphdr _th;
	s32 off;

	if (!tc)
		return;
	d = &tc->d[dir];
	r = &tc->d[!dir];
	if (READ_ONCE(d->ncorr) < 2 && !READ_ONCE(r->ncorr))
		return;
	sa = nfct_seqadj(ct);
	th = skb_header_pointer(skb, protoff, sizeof(_th), &_th);
	if (!sa || !th || th->doff < sizeof(_th) / 4)
		return;
	seq = ntohl(th->seq);
	ack = ntohl(th->ack_seq);
	if (!sipalg_tcp_lock(tc))
		return;
	if (th->ack) {
		/* The receiver has these windows: their retransmissions are over. */
		while (r->ncorr) {
			c = &r->corr[0];
			if (before(ack, c->pos + c->len + c->after))
				break;
			kfree(c->orig);
			memmove(&r->corr[0], &r->corr[1], sizeof(r->corr[0]) * (r->ncorr - 1));
			WRITE_ONCE(r->ncorr, r->ncorr - 1);
		}
	}
	if (d->ncorr < 2 && (r->ncorr < 2 || !th->ack))
		goto out;
	/* Only now: a clone (the gateway's own TCP) is copied for nothing else. */
	if (skb_ensure_writable(skb, protoff + th->doff * 4))
		goto out;
	th = (struct tcphdr *)(skb->data + protoff);
	spin_lock_bh(&ct->lock);
	cur[0] = sa->seq[0];
	cur[1] = sa->seq[1];
	spin_unlock_bh(&ct->lock);
	if (sipalg_tcp_corr_cur(d, &cur[dir]) && sipalg_tcp_corr_off(d, seq, false, &off)) {
		/* seqadj adds its offset_before: it must come out as @off. */
		nseq = seq + off - cur[dir].offset_before;
		if (!after(nseq, cur[dir].correction_pos)) {
			inet_proto_csum_replace4(&th->check, skb, th->seq, htonl(nseq), false);
			th->seq = htonl(nseq);
			moved = true;
		}
	}
	if (th->ack && sipalg_tcp_corr_cur(r, &cur[!dir])) {
		/* seqadj subtracts its offset_before (ack - off stays before its point). */
		if (sipalg_tcp_corr_off(r, ack, true, &off)) {
			__be32 nack = htonl(ack + cur[!dir].offset_before - off);

			inet_proto_csum_replace4(&th->check, skb, th->ack_seq, nack, false);
			th->ack_seq = nack;
			moved = true;
		}
		if (th->doff > sizeof(_th) / 4)
			moved |= sipalg_tcp_sack(skb, th, protoff, r, cur[!dir].offset_before);
	}
	if (moved)
		sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_TCP_PREADJUST);
out:
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
		if (sipalg_tcp_lock(tc)) {
			if (tc->d[dir].sync != SIPALG_TCP_LOST)
				sipalg_stat_inc(t.net, SIPALG_STAT_TCP_DESYNC);
			tc->d[dir].sync = SIPALG_TCP_LOST;
			sipalg_tcp_unhold(&tc->d[dir]);
			spin_unlock_bh(&tc->lock);
		}
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
	if (!sipalg_tcp_lock(tc)) {
		/* Deleted meanwhile: its last segments pass as they are. */
		sipalg_stat_inc(t.net, SIPALG_STAT_FWD_UNMODIFIED);
		return NF_ACCEPT;
	}
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

	if (!tc || win->replay || !win->len || !sipalg_tcp_lock(tc))
		return;
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
