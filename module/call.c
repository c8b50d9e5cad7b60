// SPDX-License-Identifier: GPL-2.0
/*
 * call.c - calls (dialogs), their offer/answer state, and the pinholes each
 * one holds.
 *
 * A call is found by Call-ID (per netns and conntrack zone).  The party that
 * sent the request that made it is the caller; later messages are placed by
 * their From tag (requests carry the sender's tag in From, responses the
 * requester's).  Each side's SDP bodies are numbered (gen); a pinhole record
 * carries the number of the last body of its side that asked for it.
 *
 * Offer/answer (RFC 3264, RFC 6337): an SDP in INVITE or UPDATE is an offer;
 * in ACK an answer; in a response or PRACK an answer when the other side has
 * an offer outstanding (or when it replaces this side's answer to the same
 * request, as a 200 after a 183 does), else an offer (late offer).  When an
 * answer is in, each side keeps exactly the pinholes its last body asked for:
 * the others are closed and the media flows they let in are ended.  A failed
 * re-INVITE/UPDATE drops the pinholes that were never part of an answer.
 * BYE, CANCEL before the call is answered, a final error to the initial
 * INVITE, and the death of the call's signalling conntrack end the call.
 *
 * Records hold the expectation's tuple and, once media arrived through it
 * (sipalg_call_flow() from the expectfn), the original tuple of the media
 * flow: closing a record is two hash lookups, never a table walk, and takes
 * no reference on any conntrack while the call lives.
 *
 * One spinlock per namespace protects the tables, every call and record.
 * Conntracks are only looked up (RCU, sipalg_calls_ct_find()) under it;
 * expectations are inserted under it (nf_conntrack_expect_lock nests inside);
 * removals and kills happen after it is dropped.  A lookup may kill an
 * expired conntrack it passes, and so call sipalg_calls_ct_destroy() with
 * the lock held: that one then leaves its work to a work item.
 */
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "call.h"
#include "call_int.h"

#define SIPALG_UNANSWERED_TTL	(300 * HZ)	/* an unanswered call is forgotten after */
#define SIPALG_GC_INTERVAL	(10 * HZ)
#define SIPALG_TOMBSTONE_TTL	(32 * HZ)	/* 64*T1: retransmissions are over */
/*
 * The tables start at nf_conntrack_htable_size / 4 buckets (at least 2^8)
 * and double, up to 2^18, whenever calls or records outnumber the buckets
 * twice: a lookup stays O(1) however many calls are held.
 */
#define SIPALG_MIN_BITS		8
#define SIPALG_MAX_BITS		18
#define SIPALG_GC_BATCH		64	/* buckets per lock hold */

static struct sipalg_calls *sipalg_calls_of(const struct net *net)
{
	return &sipalg_pernet(net)->calls;
}

static u32 sipalg_bucket(const struct sipalg_calls *cs, u32 hash)
{
	return hash & ((1U << cs->bits) - 1);
}

/* More calls or records than twice the buckets: grow (lock held). */
static void sipalg_calls_check_size(struct sipalg_calls *cs)
{
	if (unlikely(max(cs->ncalls, cs->nrecs) > (2U << cs->bits)) &&
	    cs->bits < SIPALG_MAX_BITS && !cs->dead)
		queue_work(system_unbound_wq, &cs->grow);
}

static u32 sipalg_master_hash(const struct nf_conn *ct)
{
	return hash_ptr(ct, 32);
}

static u32 sipalg_port_hash(const struct sipalg_calls *cs, const struct nf_conntrack_tuple *t)
{
	return jhash2((const u32 *)t->dst.u3.all, 4,
		      cs->seed ^ ((u32)t->dst.u.all << 16) ^ t->src.l3num);
}

static u32 sipalg_addr_hash(const struct sipalg_calls *cs, const union nf_inet_addr *a, u16 l3num)
{
	return jhash2((const u32 *)a->all, 4, cs->seed ^ l3num);
}

static u32 sipalg_real_hash(const struct sipalg_calls *cs, const union nf_inet_addr *a, u16 port)
{
	return jhash2((const u32 *)a->all, 4, cs->seed ^ ((u32)port << 8));
}

/* This CPU is in sipalg_calls_ct_find(), with a call lock held. */
static DEFINE_PER_CPU(bool, sipalg_ct_finding);

/**
 * sipalg_calls_ct_find() - nf_conntrack_find_get() with the call lock held.
 * @cs: the namespace's calls, locked (bottom halves off).
 * @zone: conntrack zone.
 * @t: the tuple.
 *
 * The lookup kills the expired conntracks it passes, of any namespace (the
 * table is shared); a signalling one's helper destroy is
 * sipalg_calls_ct_destroy(), which then must not take a call lock: it sees
 * sipalg_ct_finding.
 *
 * Return: the conntrack's tuple hash, with a reference, or NULL.
 */
struct nf_conntrack_tuple_hash *sipalg_calls_ct_find(struct sipalg_calls *cs,
						     const struct nf_conntrack_zone *zone,
						     const struct nf_conntrack_tuple *t)
{
	struct nf_conntrack_tuple_hash *h;

	lockdep_assert_held(&cs->lock);
	__this_cpu_write(sipalg_ct_finding, true);
	h = nf_conntrack_find_get(cs->net, zone, t);
	__this_cpu_write(sipalg_ct_finding, false);
	return h;
}

/* ---- records ---------------------------------------------------------- */

/* The media flow or the expectation of @r still exists (lock held). */
static bool sipalg_rec_alive(struct sipalg_calls *cs, const struct sipalg_rec *r)
{
	struct net *net = cs->net;
	struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_expect *exp;
	bool alive = false;

	if (r->flags & SIPALG_REC_FLOW) {
		h = sipalg_calls_ct_find(cs, &r->zone, &r->flow);
		if (h) {
			struct nf_conn *ct = nf_ct_tuplehash_to_ctrack(h);

			alive = ct->master == r->master && !nf_ct_is_dying(ct);
			nf_ct_put(ct);
			if (alive)
				return true;
		}
	}
	exp = nf_ct_expect_find_get(net, &r->zone, &r->exp);
	if (exp) {
		alive = exp->master == r->master;
		nf_ct_expect_put(exp);
	}
	return alive;
}

/* Take @r out of its call and the tables onto @closing (lock held). */
static void sipalg_rec_unlink(struct sipalg_calls *cs, struct sipalg_rec *r,
			      struct list_head *closing)
{
	list_del(&r->cnode);
	hlist_del(&r->hnode);
	hlist_del(&r->rnode);
	r->call->nrec--;
	cs->nrecs--;
	if (r->src && !--r->src->n) {
		hlist_del(&r->src->hnode);
		kfree(r->src);
	}
	r->src = NULL;
	list_add_tail(&r->cnode, closing);
}

/* Remove the expectation of @r if it is still waiting. */
static void sipalg_rec_unexpect(struct net *net, struct sipalg_rec *r)
{
	struct nf_conntrack_expect *exp;

	r->flags |= SIPALG_REC_EXP_GONE;
	exp = nf_ct_expect_find_get(net, &r->zone, &r->exp);
	if (!exp)
		return;
	if (exp->master == r->master) {
		nf_ct_unexpect_related(exp);
		sipalg_stat_inc(net, SIPALG_STAT_PH_CLOSED);
	}
	nf_ct_expect_put(exp);
}

/*
 * Retire @r now (lock held) because a new pinhole may get the same tuple:
 * its expectation goes at once (a later close could otherwise remove the new
 * one), its media flow once the lock is dropped.
 */
static void sipalg_rec_retire(struct sipalg_calls *cs, struct sipalg_rec *r,
			      struct list_head *closing)
{
	sipalg_rec_unexpect(cs->net, r);
	sipalg_rec_unlink(cs, r, closing);
}

/*
 * Close what a record opened (lock not held): the expectation if it is still
 * waiting, and the media flow it let in.  Only objects whose master is the
 * record's are touched (a tuple may have been reused since).
 */
static void sipalg_rec_close(struct net *net, struct sipalg_rec *r)
{
	const struct nf_conntrack_zone *zone = &r->zone;
	struct nf_conntrack_tuple_hash *h;

	if (!(r->flags & SIPALG_REC_EXP_GONE))
		sipalg_rec_unexpect(net, r);
	if (!(r->flags & SIPALG_REC_FLOW))
		return;
	h = nf_conntrack_find_get(net, zone, &r->flow);
	if (!h)
		return;
	if (nf_ct_tuplehash_to_ctrack(h)->master == r->master &&
	    nf_ct_kill(nf_ct_tuplehash_to_ctrack(h)))
		sipalg_stat_inc(net, SIPALG_STAT_MEDIA_FLOW_ENDED);
	nf_ct_put(nf_ct_tuplehash_to_ctrack(h));
}

/* Close and free a list of records (lock not held). */
static void sipalg_close_list(struct net *net, struct list_head *closing)
{
	struct sipalg_rec *r, *tmp;

	list_for_each_entry_safe(r, tmp, closing, cnode) {
		sipalg_rec_close(net, r);
		list_del(&r->cnode);
		kfree(r);
	}
}

/* ---- calls ------------------------------------------------------------- */

static u32 sipalg_callid_hash(const struct sipalg_calls *cs, const char *id, u32 len)
{
	return jhash(id, len, cs->seed);
}

static struct sipalg_call *sipalg_call_find(struct sipalg_calls *cs, const char *id,
					    u32 len, u32 hash, u16 zone)
{
	struct sipalg_call *call;

	hlist_for_each_entry(call, &cs->by_id[sipalg_bucket(cs, hash)], hnode) {
		if (call->hash == hash && call->id_len == len && call->zone.id == zone &&
		    !memcmp(call->id, id, min_t(u32, len, SIPALG_CALLID_KEEP)))
			return call;
	}
	return NULL;
}

/* The call of message c (lock held), or NULL. */
static struct sipalg_call *sipalg_call_of(struct sipalg_calls *cs, struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;

	if (!m->call_id.len)
		return NULL;
	return sipalg_call_find(cs, c->buf + m->call_id.off, m->call_id.len,
				sipalg_callid_hash(cs, c->buf + m->call_id.off, m->call_id.len),
				nf_ct_zone(c->ct)->id);
}

/* A message of @call went by on c->ct: the call follows its latest flow. */
static void sipalg_call_touch(struct sipalg_calls *cs, struct sipalg_call *call,
			      struct sipalg_ctx *c)
{
	call->last_seen = jiffies;
	if (call->master == c->ct)
		return;
	hlist_del(&call->mnode);
	call->master = c->ct;
	call->sig = c->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	hlist_add_head(&call->mnode, &cs->by_master[sipalg_bucket(cs, sipalg_master_hash(c->ct))]);
}

/* Which side sent message c of @call. */
static u8 sipalg_call_side(const struct sipalg_call *call, const struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;
	bool caller_tag = m->from.tag.len == call->tag_len &&
			  jhash(c->buf + m->from.tag.off, m->from.tag.len, 0) == call->tag_hash;

	/* Requests carry their sender's tag in From, responses the requester's. */
	if (m->flags & SIPALG_MF_REQUEST)
		return caller_tag ? SIPALG_SIDE_CALLER : SIPALG_SIDE_CALLEE;
	return caller_tag ? SIPALG_SIDE_CALLEE : SIPALG_SIDE_CALLER;
}

static struct sipalg_call *sipalg_call_create(struct sipalg_calls *cs, struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;
	const char *id = c->buf + m->call_id.off;
	struct sipalg_call *call;

	if (cs->ncalls >= c->cfg.max_calls) {
		sipalg_stat_inc(c->net, SIPALG_STAT_CALL_REFUSED_LIMIT);
		return NULL;
	}
	call = kzalloc(sizeof(*call), GFP_ATOMIC);
	if (!call) {
		sipalg_stat_inc(c->net, SIPALG_STAT_CALL_REFUSED_NOMEM);
		return NULL;
	}
	INIT_LIST_HEAD(&call->recs);
	call->id_len = m->call_id.len;
	call->hash = sipalg_callid_hash(cs, id, m->call_id.len);
	memcpy(call->id, id, min_t(u32, m->call_id.len, SIPALG_CALLID_KEEP));
	call->zone = *nf_ct_zone(c->ct);
	/*
	 * The From tag of the request that made the call names the caller;
	 * a response's From names the requester, i.e. the caller, too.
	 */
	call->tag_len = min_t(u32, m->from.tag.len, 255);
	call->tag_hash = jhash(c->buf + m->from.tag.off, m->from.tag.len, 0);
	call->pending = SIPALG_NO_SIDE;
	call->created = jiffies;
	call->last_seen = jiffies;
	call->master = c->ct;
	call->sig = c->ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	hlist_add_head(&call->hnode, &cs->by_id[sipalg_bucket(cs, call->hash)]);
	hlist_add_head(&call->mnode, &cs->by_master[sipalg_bucket(cs, sipalg_master_hash(c->ct))]);
	cs->ncalls++;
	sipalg_calls_check_size(cs);
	sipalg_stat_inc(c->net, SIPALG_STAT_CALL_CREATED);
	return call;
}

/* Free @call, its records onto @closing (lock held). */
static void sipalg_call_free(struct sipalg_calls *cs, struct sipalg_call *call,
			     struct list_head *closing)
{
	struct sipalg_rec *r, *tmp;

	list_for_each_entry_safe(r, tmp, &call->recs, cnode)
		sipalg_rec_unlink(cs, r, closing);
	hlist_del(&call->hnode);
	hlist_del(&call->mnode);
	if (!call->ended)
		cs->ncalls--;
	kfree(call);	/* records no longer point at it once closed */
}

/* End and free @call (lock held): its signalling is gone, or it expired. */
static void sipalg_call_end(struct sipalg_calls *cs, struct sipalg_call *call,
			    struct list_head *closing, enum sipalg_stat why)
{
	if (!call->ended)
		sipalg_stat_inc(cs->net, why);
	sipalg_call_free(cs, call, closing);
}

/*
 * BYE, CANCEL or a failed INVITE ended @call (lock held): its pinholes go
 * now, the call stays as a tombstone for SIPALG_TOMBSTONE_TTL so that late
 * retransmissions (a 200 OK with SDP crossing the BYE) cannot bring it back
 * with new pinholes.  A new INVITE transaction (higher CSeq: the retry after
 * an authentication challenge) revives it.
 */
static void sipalg_call_terminate(struct sipalg_calls *cs, struct sipalg_call *call,
				  struct list_head *closing, enum sipalg_stat why)
{
	struct sipalg_rec *r, *tmp;

	list_for_each_entry_safe(r, tmp, &call->recs, cnode)
		sipalg_rec_unlink(cs, r, closing);
	call->ended = true;
	call->last_seen = jiffies;
	cs->ncalls--;
	sipalg_stat_inc(cs->net, why);
}

/*
 * Keep only the pinholes each side's last SDP asked for (an answer is in).
 * Pinholes never part of an answer go when the offer failed (@failed).
 */
static void sipalg_call_prune(struct sipalg_calls *cs, struct sipalg_call *call,
			      bool failed, struct list_head *closing)
{
	struct sipalg_rec *r, *tmp;

	list_for_each_entry_safe(r, tmp, &call->recs, cnode) {
		if (failed ? !(r->flags & SIPALG_REC_COMMITTED) : r->gen != call->gen[r->side]) {
			sipalg_rec_unlink(cs, r, closing);
			sipalg_stat_inc(cs->net, SIPALG_STAT_PH_DROPPED_OFFER_ANSWER);
		} else if (!failed) {
			r->flags |= SIPALG_REC_COMMITTED;
		}
	}
	call->pending = SIPALG_NO_SIDE;
}

/**
 * sipalg_call_msg() - what a message does to its call besides SDP: BYE,
 *	CANCEL and final responses to INVITE, UPDATE and PRACK.
 * @c: the parsed message.
 */
void sipalg_call_msg(struct sipalg_ctx *c)
{
	struct sipalg_calls *cs = sipalg_calls_of(c->net);
	const struct sipalg_msg *m = &c->s->msg;
	struct sipalg_call *call;
	enum sipalg_stat why = 0;
	LIST_HEAD(closing);
	bool request = m->flags & SIPALG_MF_REQUEST;
	u8 method = request ? m->method : m->cseq_method;

	if (request ? method != SIPALG_M_BYE && method != SIPALG_M_CANCEL
		    : m->status < 200 || !(m->flags & SIPALG_MF_CSEQ) ||
		      (method != SIPALG_M_INVITE && method != SIPALG_M_UPDATE &&
		       method != SIPALG_M_PRACK))
		return;

	spin_lock_bh(&cs->lock);
	call = cs->dead ? NULL : sipalg_call_of(cs, c);
	if (!call || call->ended)
		goto out;
	sipalg_call_touch(cs, call, c);
	if (request) {
		if (method == SIPALG_M_BYE)
			why = SIPALG_STAT_CALL_ENDED_BYE;
		else if (!call->confirmed)	/* CANCEL after 200 OK: no effect */
			why = SIPALG_STAT_CALL_ENDED_CANCEL;
	} else if (m->status < 300) {
		if (method == SIPALG_M_INVITE)
			call->confirmed = 1;
	} else if (method == SIPALG_M_INVITE && !call->confirmed) {
		why = SIPALG_STAT_CALL_ENDED_ERROR;
	} else if (call->pending != SIPALG_NO_SIDE) {
		/* A re-INVITE or UPDATE failed: the session stays as it was. */
		sipalg_call_prune(cs, call, true, &closing);
	}
	if (why)
		sipalg_call_terminate(cs, call, &closing, why);
out:
	spin_unlock_bh(&cs->lock);
	sipalg_close_list(c->net, &closing);
}

/* An INVITE, or a response to one. */
static bool sipalg_msg_invite(const struct sipalg_msg *m)
{
	if (m->flags & SIPALG_MF_REQUEST)
		return m->method == SIPALG_M_INVITE;
	return (m->flags & SIPALG_MF_CSEQ) && m->cseq_method == SIPALG_M_INVITE;
}

/*
 * SDP for an ended call: a new INVITE transaction brings it back as a new
 * call (the retry after a 401/407); anything else is a late retransmission
 * and is left alone (no pinholes).
 */
static bool sipalg_call_revive(struct sipalg_calls *cs, struct sipalg_call *call,
			       struct sipalg_ctx *c)
{
	const struct sipalg_msg *m = &c->s->msg;

	if (!sipalg_msg_invite(m) || m->cseq <= call->invite_cseq) {
		sipalg_stat_inc(c->net, SIPALG_STAT_CALL_SDP_AFTER_END);
		return false;
	}
	if (cs->ncalls >= c->cfg.max_calls) {
		sipalg_stat_inc(c->net, SIPALG_STAT_CALL_REFUSED_LIMIT);
		return false;
	}
	call->ended = false;
	call->confirmed = 0;
	call->answered = false;
	call->pending = SIPALG_NO_SIDE;
	cs->ncalls++;
	sipalg_stat_inc(c->net, SIPALG_STAT_CALL_REVIVED);
	return true;
}

/**
 * sipalg_call_sdp_begin() - find or make the call of an SDP body's message
 *	and take the call lock for its pinholes.
 * @c: the message.
 * @cs: filled in; pass to sipalg_call_media() and sipalg_call_sdp_end().
 */
void sipalg_call_sdp_begin(struct sipalg_ctx *c, struct sipalg_call_sdp *cs)
{
	struct sipalg_calls *calls = sipalg_calls_of(c->net);
	struct sipalg_call *call;

	INIT_LIST_HEAD(&cs->closing);
	cs->call = NULL;
	spin_lock_bh(&calls->lock);
	if (calls->dead)
		return;
	if (!c->s->msg.call_id.len) {
		sipalg_stat_inc(c->net, SIPALG_STAT_CALL_NO_CALL_ID);
		return;
	}
	call = sipalg_call_of(calls, c);
	if (call && call->ended && !sipalg_call_revive(calls, call, c))
		return;
	if (!call)
		call = sipalg_call_create(calls, c);
	if (!call)
		return;
	sipalg_call_touch(calls, call, c);
	if (sipalg_msg_invite(&c->s->msg))
		call->invite_cseq = max(call->invite_cseq, c->s->msg.cseq);
	/* Made from a 200 OK or ACK (we missed the INVITE): answered already. */
	if (c->s->msg.flags & SIPALG_MF_REQUEST ? c->s->msg.method == SIPALG_M_ACK :
	    c->s->msg.cseq_method == SIPALG_M_INVITE && c->s->msg.status >= 200)
		call->confirmed = 1;
	cs->side = sipalg_call_side(call, c);
	call->gen[cs->side]++;
	cs->call = call;
}

/* The record of @call's @side for media endpoint addr:port, if any. */
static struct sipalg_rec *sipalg_rec_find(struct sipalg_call *call, u8 side, u16 l3num,
					  const union nf_inet_addr *addr, u16 port)
{
	struct sipalg_rec *r;

	list_for_each_entry(r, &call->recs, cnode) {
		if (r->side == side && r->real_port == port &&
		    r->exp.src.l3num == l3num && nf_inet_addr_cmp(&r->real, addr))
			return r;
	}
	return NULL;
}

static struct sipalg_src *sipalg_src_get(struct sipalg_calls *cs, const union nf_inet_addr *a,
					 u16 l3num)
{
	struct hlist_head *b = &cs->by_src[sipalg_bucket(cs, sipalg_addr_hash(cs, a, l3num))];
	struct sipalg_src *s;

	hlist_for_each_entry(s, b, hnode) {
		if (s->l3num == l3num && nf_inet_addr_cmp(&s->addr, a))
			return s;
	}
	s = kzalloc(sizeof(*s), GFP_ATOMIC);
	if (!s)
		return NULL;
	s->addr = *a;
	s->l3num = l3num;
	hlist_add_head(&s->hnode, b);
	return s;
}

static void sipalg_src_put_unused(struct sipalg_src *s)
{
	if (s && !s->n) {
		hlist_del(&s->hnode);
		kfree(s);
	}
}

static void sipalg_rec_add(struct sipalg_calls *cs, struct sipalg_ctx *c,
			   struct sipalg_call_sdp *sdp, struct sipalg_rec *r,
			   struct sipalg_src *src, const struct nf_conntrack_tuple *t,
			   const union nf_inet_addr *addr, u16 port)
{
	struct sipalg_call *call = sdp->call;

	r->call = call;
	r->src = src;
	src->n++;
	r->master = c->ct;
	r->zone = *nf_ct_zone(c->ct);
	r->exp = *t;
	r->real = *addr;
	r->real_port = port;
	r->side = sdp->side;
	r->gen = call->gen[sdp->side];
	r->created = jiffies;
	list_add_tail(&r->cnode, &call->recs);
	hlist_add_head(&r->hnode, &cs->by_port[sipalg_bucket(cs, sipalg_port_hash(cs, t))]);
	hlist_add_head(&r->rnode, &cs->by_real[sipalg_bucket(cs, sipalg_real_hash(cs, addr, port))]);
	call->nrec++;
	cs->nrecs++;
	sipalg_calls_check_size(cs);
}

/*
 * An endpoint uses one port for one call at a time: a record of another call
 * for the same real endpoint is stale (its BYE was lost, say).  The new call
 * takes the endpoint over.
 */
static void sipalg_take_over(struct sipalg_calls *cs, struct sipalg_ctx *c,
			     struct sipalg_call_sdp *sdp, const union nf_inet_addr *addr,
			     u16 port)
{
	u16 l3num = nf_ct_l3num(c->ct);
	struct sipalg_rec *r;
	struct hlist_node *tmp;

	hlist_for_each_entry_safe(r, tmp,
				  &cs->by_real[sipalg_bucket(cs, sipalg_real_hash(cs, addr, port))],
				  rnode) {
		if (r->call == sdp->call || r->real_port != port ||
		    r->exp.src.l3num != l3num || !nf_inet_addr_cmp(&r->real, addr))
			continue;
		sipalg_rec_retire(cs, r, &sdp->closing);
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_TAKEN_OVER);
	}
}

/**
 * sipalg_call_media() - pinholes for one media stream of an SDP body: the
 *	call's existing ones when the stream is unchanged, new ones otherwise,
 *	within the per-call and per-source limits.
 * @c: the message.
 * @sdp: from sipalg_call_sdp_begin().
 * @addr: real address of the media endpoint.
 * @rtp: its RTP port.
 * @rtcp: its RTCP port, 0 for none (or @rtp: RTCP on the RTP port, one
 *	pinhole; a tuple never gets two records).
 * @remap: other public ports may be used.
 * @pub_rtp: the public RTP port (what the SDP must say).
 * @pub_rtcp: the public RTCP port.
 *
 * Return: 0, or a negative errno (counted) when the stream gets no pinhole.
 */
int sipalg_call_media(struct sipalg_ctx *c, struct sipalg_call_sdp *sdp,
		      const union nf_inet_addr *addr, u16 rtp, u16 rtcp, bool remap,
		      u16 *pub_rtp, u16 *pub_rtcp)
{
	struct sipalg_calls *cs = sipalg_calls_of(c->net);
	struct sipalg_call *call = sdp->call;
	u16 l3num = nf_ct_l3num(c->ct);
	struct nf_conntrack_tuple t[2];
	struct sipalg_rec *r[2] = { NULL, NULL };
	struct sipalg_src *src;
	unsigned int need;
	int ret;

	if (!call)
		return -ENOENT;
	if (rtcp == rtp)
		rtcp = 0;
	need = rtcp ? 2 : 1;

	/* Unchanged stream (re-INVITE, 200 after 183, retransmission). */
	r[0] = sipalg_rec_find(call, sdp->side, l3num, addr, rtp);
	if (rtcp)
		r[1] = sipalg_rec_find(call, sdp->side, l3num, addr, rtcp);
	if (r[0] && (!rtcp || r[1]) && sipalg_rec_alive(cs, r[0]) &&
	    (!r[1] || sipalg_rec_alive(cs, r[1]))) {
		r[0]->gen = call->gen[sdp->side];
		*pub_rtp = ntohs(r[0]->exp.dst.u.all);
		*pub_rtcp = 0;
		if (r[1]) {
			r[1]->gen = call->gen[sdp->side];
			*pub_rtcp = ntohs(r[1]->exp.dst.u.all);
		}
		sipalg_stat_add(c->net, SIPALG_STAT_PH_KEPT, r[1] ? 2 : 1);
		return 0;
	}
	/* Gone (expired unused, flow ended) or half there: open afresh. */
	if (r[0])
		sipalg_rec_retire(cs, r[0], &sdp->closing);
	if (r[1])
		sipalg_rec_retire(cs, r[1], &sdp->closing);
	sipalg_take_over(cs, c, sdp, addr, rtp);
	if (rtcp)
		sipalg_take_over(cs, c, sdp, addr, rtcp);

	if (call->nrec + need > c->cfg.max_pinholes_per_call) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_CALL_LIMIT);
		return -EDQUOT;
	}
	src = sipalg_src_get(cs, addr, l3num);
	if (!src) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_FAILED);
		return -ENOMEM;
	}
	if (src->n + need > c->cfg.max_pinholes_per_source) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_REFUSED_SOURCE_LIMIT);
		sipalg_src_put_unused(src);
		return -EDQUOT;
	}
	r[0] = kzalloc(sizeof(*r[0]), GFP_ATOMIC);
	r[1] = rtcp ? kzalloc(sizeof(*r[1]), GFP_ATOMIC) : NULL;
	if (!r[0] || (rtcp && !r[1])) {
		sipalg_stat_inc(c->net, SIPALG_STAT_PH_FAILED);
		ret = -ENOMEM;
		goto fail;
	}
	ret = sipalg_media_pinhole(c, addr, rtp, rtcp, remap, pub_rtp, pub_rtcp, t);
	if (ret)
		goto fail;
	sipalg_rec_add(cs, c, sdp, r[0], src, &t[0], addr, rtp);
	if (rtcp)
		sipalg_rec_add(cs, c, sdp, r[1], src, &t[1], addr, rtcp);
	return 0;
fail:
	kfree(r[0]);
	kfree(r[1]);
	sipalg_src_put_unused(src);
	return ret;
}

/* Is this SDP an answer (true) or an offer (false)? */
static bool sipalg_call_is_answer(struct sipalg_call *call, const struct sipalg_msg *m, u8 side)
{
	u8 other = !side;

	if (m->flags & SIPALG_MF_REQUEST) {
		if (m->method == SIPALG_M_ACK)
			return true;
		return m->method == SIPALG_M_PRACK && call->pending == other;
	}
	if (call->pending == other)
		return true;
	/* A 200 after a 183 (or a retransmission) restates or replaces it. */
	return call->answered && call->answered_side == side &&
	       call->answered_cseq == m->cseq;
}

/**
 * sipalg_call_sdp_end() - finish an SDP body: record the offer, or settle an
 *	answer (closing what neither side asks for any more); drop the lock.
 * @c: the message.
 * @sdp: from sipalg_call_sdp_begin().
 */
void sipalg_call_sdp_end(struct sipalg_ctx *c, struct sipalg_call_sdp *sdp)
{
	struct sipalg_calls *cs = sipalg_calls_of(c->net);
	const struct sipalg_msg *m = &c->s->msg;
	struct sipalg_call *call = sdp->call;

	if (call) {
		if (sipalg_call_is_answer(call, m, sdp->side)) {
			sipalg_call_prune(cs, call, false, &sdp->closing);
			call->answered = true;
			call->answered_side = sdp->side;
			call->answered_cseq = m->cseq;
		} else {
			call->pending = sdp->side;
		}
	}
	spin_unlock_bh(&cs->lock);
	sipalg_close_list(c->net, &sdp->closing);
}

/* Could the same packet match both expectations' sources?  0.0.0.0 is "any". */
static bool sipalg_src_overlap(const struct nf_conntrack_tuple *a,
			       const struct nf_conntrack_tuple *b)
{
	static const union nf_inet_addr any;

	return nf_inet_addr_cmp(&a->src.u3, &b->src.u3) ||
	       nf_inet_addr_cmp(&a->src.u3, &any) || nf_inet_addr_cmp(&b->src.u3, &any);
}

/**
 * sipalg_calls_port_taken() - does a call already use this public media
 *	endpoint (expectation waiting or media flowing) for a peer that could
 *	also send to the new one?  Call lock held.
 * @net: the namespace.
 * @t: tuple of the expectation to be: its dst address, port and l3num, and
 *	its source (the one peer media may come from, direct_media; 0 for any).
 *
 * A public port serves one call per media peer: with direct_media, calls to
 * different servers may share it (their flows differ by the server's
 * address), so a public address holds ~16k two-stream calls per server.
 *
 * Return: true if a record of any call has it.
 */
bool sipalg_calls_port_taken(struct net *net, const struct nf_conntrack_tuple *t)
{
	struct sipalg_calls *cs = sipalg_calls_of(net);
	struct sipalg_rec *r;

	lockdep_assert_held(&cs->lock);
	hlist_for_each_entry(r, &cs->by_port[sipalg_bucket(cs, sipalg_port_hash(cs, t))], hnode) {
		if (r->exp.dst.u.all == t->dst.u.all && r->exp.src.l3num == t->src.l3num &&
		    r->exp.dst.protonum == t->dst.protonum &&
		    nf_inet_addr_cmp(&r->exp.dst.u3, &t->dst.u3) && sipalg_src_overlap(&r->exp, t))
			return true;
	}
	return false;
}

/**
 * sipalg_calls_public_of() - the public endpoint a call advertised for the
 *	real media endpoint a flow comes from (symmetric RTP).
 * @net: the namespace.
 * @t: the flow's original tuple; its source is the real endpoint.
 * @pub: the public address, if found.
 * @pub_port: the public port, if found.
 *
 * Return: true if a call's pinhole maps that endpoint to another one.
 */
bool sipalg_calls_public_of(struct net *net, const struct nf_conntrack_tuple *t,
			    union nf_inet_addr *pub, __be16 *pub_port)
{
	struct sipalg_calls *cs = sipalg_calls_of(net);
	u16 port = ntohs(t->src.u.all);
	struct sipalg_rec *r;
	bool found = false;

	spin_lock_bh(&cs->lock);
	if (cs->dead)
		goto out;
	hlist_for_each_entry(r, &cs->by_real[sipalg_bucket(cs, sipalg_real_hash(cs, &t->src.u3,
										 port))],
			     rnode) {
		if (r->real_port != port || r->exp.src.l3num != t->src.l3num ||
		    r->exp.dst.protonum != t->dst.protonum ||
		    !nf_inet_addr_cmp(&r->real, &t->src.u3))
			continue;
		if (r->exp.dst.u.all == t->src.u.all && nf_inet_addr_cmp(&r->exp.dst.u3, &r->real))
			break;	/* not translated */
		*pub = r->exp.dst.u3;
		*pub_port = r->exp.dst.u.all;
		found = true;
		break;
	}
out:
	spin_unlock_bh(&cs->lock);
	return found;
}

/**
 * sipalg_call_flow() - an expected media flow arrived: remember it in its
 *	record so that the end of the call ends it (called by the expectfn).
 * @ct: the new media conntrack.
 * @exp: the expectation it matched.
 */
void sipalg_call_flow(struct nf_conn *ct, const struct nf_conntrack_expect *exp)
{
	struct sipalg_calls *cs = sipalg_calls_of(nf_ct_net(ct));
	struct sipalg_rec *r;

	spin_lock_bh(&cs->lock);
	if (cs->dead)
		goto out;
	hlist_for_each_entry(r, &cs->by_port[sipalg_bucket(cs, sipalg_port_hash(cs, &exp->tuple))],
			     hnode) {
		if (r->master == exp->master && nf_ct_tuple_equal(&r->exp, &exp->tuple)) {
			r->flow = ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
			r->flags |= SIPALG_REC_FLOW;
			goto out;
		}
	}
	sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_MEDIA_FLOW_UNTRACKED);
out:
	spin_unlock_bh(&cs->lock);
}

/* End the calls whose latest signalling flow @ct was (lock held). */
static void sipalg_calls_end_master(struct sipalg_calls *cs, const struct nf_conn *ct,
				    struct list_head *closing)
{
	struct sipalg_call *call;
	struct hlist_node *tmp;

	if (cs->dead)
		return;
	hlist_for_each_entry_safe(call, tmp,
				  &cs->by_master[sipalg_bucket(cs, sipalg_master_hash(ct))], mnode) {
		if (call->master == ct)
			sipalg_call_end(cs, call, closing, SIPALG_STAT_CALL_ENDED_SIGNALLING);
	}
}

/* A conntrack whose calls are ended by the work item (it holds a reference). */
struct sipalg_deferred {
	struct list_head node;
	struct nf_conn *ct;
};

static void sipalg_calls_deferred(struct work_struct *work)
{
	struct sipalg_calls *cs = container_of(work, struct sipalg_calls, defer);
	struct sipalg_deferred *e, *tmp;
	LIST_HEAD(todo);
	LIST_HEAD(closing);

	spin_lock_bh(&cs->defer_lock);
	list_splice_init(&cs->deferred, &todo);
	spin_unlock_bh(&cs->defer_lock);
	list_for_each_entry_safe(e, tmp, &todo, node) {
		spin_lock_bh(&cs->lock);
		sipalg_calls_end_master(cs, e->ct, &closing);
		spin_unlock_bh(&cs->lock);
		sipalg_close_list(cs->net, &closing);
		INIT_LIST_HEAD(&closing);
		nf_ct_put(e->ct);
		kfree(e);
	}
}

/**
 * sipalg_calls_ct_destroy() - a signalling conntrack is going away: end the
 *	calls whose latest signalling flow it was (helper .destroy).
 * @ct: the dying conntrack.
 *
 * Called from inside sipalg_calls_ct_find() on this CPU (the lookup killed
 * @ct), a call lock is held already, this namespace's or another's: a work
 * item ends the calls, holding a reference on @ct so that its address is
 * no other conntrack's meanwhile.  Without memory for that, the calls are
 * left to expire (call_expired).
 */
void sipalg_calls_ct_destroy(struct nf_conn *ct)
{
	struct sipalg_calls *cs = sipalg_calls_of(nf_ct_net(ct));
	struct sipalg_deferred *e;
	LIST_HEAD(closing);

	local_bh_disable();
	if (__this_cpu_read(sipalg_ct_finding)) {
		/*
		 * @ct may be another namespace's, one going away: once its
		 * sipalg_calls_net_exit() closed the list, its calls and
		 * counters are gone, and so is anything to do.
		 */
		e = kmalloc(sizeof(*e), GFP_ATOMIC);
		spin_lock(&cs->defer_lock);
		if (e && !cs->defer_closed && refcount_inc_not_zero(&ct->ct_general.use)) {
			e->ct = ct;
			list_add_tail(&e->node, &cs->deferred);
			queue_work(system_power_efficient_wq, &cs->defer);
			sipalg_stat_inc(nf_ct_net(ct), SIPALG_STAT_CALL_END_DEFERRED);
			e = NULL;
		}
		spin_unlock(&cs->defer_lock);
		kfree(e);
		local_bh_enable();
		return;
	}
	spin_lock(&cs->lock);
	sipalg_calls_end_master(cs, ct, &closing);
	spin_unlock(&cs->lock);
	local_bh_enable();
	sipalg_close_list(nf_ct_net(ct), &closing);
}

/* ---- expiry ------------------------------------------------------------ */

/* Forget calls nobody will end: unanswered for long, or idle with no media. */
static bool sipalg_call_stale(struct sipalg_calls *cs, struct sipalg_call *call, u32 idle)
{
	struct sipalg_rec *r;

	if (call->ended)
		return time_after(jiffies, call->last_seen + SIPALG_TOMBSTONE_TTL);
	if (!call->confirmed)
		return time_after(jiffies, call->last_seen + SIPALG_UNANSWERED_TTL);
	if (!time_after(jiffies, call->last_seen + idle))
		return false;
	list_for_each_entry(r, &call->recs, cnode) {
		if (sipalg_rec_alive(cs, r))
			return false;
	}
	return true;
}

static void sipalg_calls_gc(struct work_struct *work)
{
	struct sipalg_calls *cs = container_of(to_delayed_work(work), struct sipalg_calls, gc);
	u32 idle = sipalg_cfg_get(cs->net, signalling_timeout) * HZ;
	struct sipalg_call *call;
	struct hlist_node *tmp;
	LIST_HEAD(closing);
	unsigned int i = 0, end;

	/*
	 * In batches of buckets, dropping the lock in between.  Should the
	 * tables grow meanwhile, this round may miss or revisit some calls;
	 * the next one sees them.
	 */
	for (;;) {
		spin_lock_bh(&cs->lock);
		if (cs->dead || i >= (1U << cs->bits)) {
			spin_unlock_bh(&cs->lock);
			break;
		}
		for (end = min(i + SIPALG_GC_BATCH, 1U << cs->bits); i < end; i++) {
			hlist_for_each_entry_safe(call, tmp, &cs->by_id[i], hnode) {
				if (sipalg_call_stale(cs, call, idle))
					sipalg_call_end(cs, call, &closing,
							SIPALG_STAT_CALL_EXPIRED);
			}
		}
		spin_unlock_bh(&cs->lock);
		sipalg_close_list(cs->net, &closing);
		INIT_LIST_HEAD(&closing);
		cond_resched();
	}
	queue_delayed_work(system_power_efficient_wq, &cs->gc, SIPALG_GC_INTERVAL);
}

/* Move every entry of the five tables into t (2^bits buckets each); lock held. */
static void sipalg_calls_rehash(struct sipalg_calls *cs, struct hlist_head *t, unsigned int bits)
{
	struct hlist_head *id = t, *master = t + (1U << bits), *port = master + (1U << bits);
	struct hlist_head *src = port + (1U << bits), *real = src + (1U << bits);
	unsigned int i, old = 1U << cs->bits;
	struct sipalg_call *call;
	struct hlist_node *tmp;
	struct sipalg_rec *r;
	struct sipalg_src *s;

	WRITE_ONCE(cs->bits, bits);	/* sipalg_bucket() and the hashes now use the new size */
	for (i = 0; i < old; i++) {
		hlist_for_each_entry_safe(call, tmp, &cs->by_id[i], hnode) {
			hlist_del(&call->hnode);
			hlist_add_head(&call->hnode, &id[sipalg_bucket(cs, call->hash)]);
		}
		hlist_for_each_entry_safe(call, tmp, &cs->by_master[i], mnode) {
			hlist_del(&call->mnode);
			hlist_add_head(&call->mnode,
				       &master[sipalg_bucket(cs, sipalg_master_hash(call->master))]);
		}
		hlist_for_each_entry_safe(r, tmp, &cs->by_port[i], hnode) {
			hlist_del(&r->hnode);
			hlist_add_head(&r->hnode, &port[sipalg_bucket(cs, sipalg_port_hash(cs, &r->exp))]);
		}
		hlist_for_each_entry_safe(s, tmp, &cs->by_src[i], hnode) {
			hlist_del(&s->hnode);
			hlist_add_head(&s->hnode,
				       &src[sipalg_bucket(cs, sipalg_addr_hash(cs, &s->addr, s->l3num))]);
		}
		hlist_for_each_entry_safe(r, tmp, &cs->by_real[i], rnode) {
			hlist_del(&r->rnode);
			hlist_add_head(&r->rnode,
				       &real[sipalg_bucket(cs, sipalg_real_hash(cs, &r->real,
										 r->real_port))]);
		}
	}
	cs->by_id = id;
	cs->by_master = master;
	cs->by_port = port;
	cs->by_src = src;
	cs->by_real = real;
	cs->resizes++;
}

/*
 * Double the tables until calls and records fit twice over (process
 * context: the new array may be large).  Under the lock the move is O(n),
 * as in nf_conntrack_hash_resize(); it happens log2(n) times at most.
 */
static void sipalg_calls_grow(struct work_struct *work)
{
	struct sipalg_calls *cs = container_of(work, struct sipalg_calls, grow);
	struct hlist_head *t, *old;
	unsigned int bits;
	u32 n;

	spin_lock_bh(&cs->lock);
	n = max(cs->ncalls, cs->nrecs);
	bits = cs->bits;
	spin_unlock_bh(&cs->lock);
	while (bits < SIPALG_MAX_BITS && n > (1U << bits))
		bits++;
	t = kvcalloc(5U << bits, sizeof(*t), GFP_KERNEL);
	if (!t)
		return;		/* tried again at the next insertion */
	spin_lock_bh(&cs->lock);
	if (cs->dead || bits <= cs->bits) {
		spin_unlock_bh(&cs->lock);
		kvfree(t);
		return;
	}
	old = cs->by_id;
	sipalg_calls_rehash(cs, t, bits);
	sipalg_stat_inc(cs->net, SIPALG_STAT_CALL_TABLE_GROWN);
	spin_unlock_bh(&cs->lock);
	kvfree(old);
}

/* ---- namespace --------------------------------------------------------- */

/**
 * sipalg_calls_gauges() - calls and pinhole records alive in a namespace.
 * @net: the namespace.
 * @calls: number of calls.
 * @pinholes: number of pinhole records (waiting or with media flowing).
 * @buckets: buckets of each of the call tables.
 */
void sipalg_calls_gauges(const struct net *net, u64 *calls, u64 *pinholes, u64 *buckets)
{
	struct sipalg_calls *cs = sipalg_calls_of(net);

	*calls = READ_ONCE(cs->ncalls);
	*pinholes = READ_ONCE(cs->nrecs);
	*buckets = 1U << READ_ONCE(cs->bits);
}

/**
 * sipalg_calls_net_init() - the call table of a new namespace, sized from
 *	the conntrack table.
 * @net: the namespace.
 *
 * Return: 0 or -ENOMEM.
 */
int sipalg_calls_net_init(struct net *net)
{
	unsigned int n = clamp_t(unsigned int, nf_conntrack_htable_size / 4,
				 1U << SIPALG_MIN_BITS, 1U << SIPALG_MAX_BITS);
	struct sipalg_calls *cs = sipalg_calls_of(net);

	cs->bits = ilog2(roundup_pow_of_two(n));
	cs->by_id = kvcalloc(5U << cs->bits, sizeof(struct hlist_head), GFP_KERNEL);
	if (!cs->by_id)
		return -ENOMEM;
	cs->by_master = cs->by_id + (1U << cs->bits);
	cs->by_port = cs->by_master + (1U << cs->bits);
	cs->by_src = cs->by_port + (1U << cs->bits);
	cs->by_real = cs->by_src + (1U << cs->bits);
	spin_lock_init(&cs->lock);
	cs->seed = get_random_u32();
	cs->net = net;
	INIT_DELAYED_WORK(&cs->gc, sipalg_calls_gc);
	INIT_WORK(&cs->grow, sipalg_calls_grow);
	spin_lock_init(&cs->defer_lock);
	INIT_LIST_HEAD(&cs->deferred);
	INIT_WORK(&cs->defer, sipalg_calls_deferred);
	queue_delayed_work(system_power_efficient_wq, &cs->gc, SIPALG_GC_INTERVAL);
	return 0;
}

/**
 * sipalg_calls_net_exit() - free a namespace's calls (module unload or the
 *	namespace going away).  Expectations and flows are the conntrack
 *	core's to remove then; nothing of a conntrack is touched here.  The
 *	struct stays (it is part of struct sipalg_net, freed after every
 *	pernet exit): a dying namespace's conntracks may still call
 *	sipalg_calls_ct_destroy(), which then finds it dead.
 * @net: the namespace.
 */
void sipalg_calls_net_exit(struct net *net)
{
	struct sipalg_calls *cs = sipalg_calls_of(net);
	struct sipalg_call *call;
	struct sipalg_rec *r, *rtmp;
	struct sipalg_src *s;
	struct hlist_node *tmp;
	unsigned int i;

	cancel_delayed_work_sync(&cs->gc);
	spin_lock_bh(&cs->lock);
	cs->dead = true;	/* no more growing: check_size() and grow() test it */
	spin_unlock_bh(&cs->lock);
	cancel_work_sync(&cs->grow);
	/*
	 * Deferred ends: no more (a lookup elsewhere may still kill one of this
	 * namespace's conntracks), and those queued drop their references.
	 */
	spin_lock_bh(&cs->defer_lock);
	cs->defer_closed = true;
	spin_unlock_bh(&cs->defer_lock);
	flush_work(&cs->defer);
	/* .destroy may still run while conntrack cleans up: it finds cs->dead. */
	spin_lock_bh(&cs->lock);
	for (i = 0; i < (1U << cs->bits); i++) {
		hlist_for_each_entry_safe(call, tmp, &cs->by_id[i], hnode) {
			list_for_each_entry_safe(r, rtmp, &call->recs, cnode)
				kfree(r);
			hlist_del(&call->hnode);
			kfree(call);
		}
		hlist_for_each_entry_safe(s, tmp, &cs->by_src[i], hnode)
			kfree(s);
	}
	cs->ncalls = 0;
	cs->nrecs = 0;
	spin_unlock_bh(&cs->lock);
	kvfree(cs->by_id);
	cs->by_id = NULL;
}
