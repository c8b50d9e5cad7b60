// SPDX-License-Identifier: GPL-2.0
/*
 * call_dump.c - SIPALG_CMD_GET_CALLS: the live calls of a namespace and
 * their pinholes, one netlink message per call.
 *
 * The walk goes over the Call-ID table one bucket at a time with the
 * namespace's call lock held, filling the dump skb and allocating nothing.
 * Between dump callbacks the lock is dropped and calls may come and go, so
 * the place to resume from is kept as numbers (bucket, calls of it already
 * sent) in cb->args, never as a pointer.
 *
 * A pinhole's state is read from conntrack: the media flow its record
 * remembers (with its packet counters when conntrack accounting is on), else
 * the expectation still waiting (with the time it has left); each is looked
 * up by tuple and belongs to the record only if its master is the record's.
 *
 * Call-IDs identify people's calls: unless log_calls_hashed is 0 only a
 * SipHash of each leaves the kernel, keyed with a secret drawn once per
 * module load, so that a dump cannot be matched against guessed Call-IDs.
 */
#include <linux/siphash.h>
#include <net/genetlink.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_acct.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_expect.h>
#include <uapi/linux/sipalg.h>

#include "call.h"
#include "call_int.h"
#include "compat.h"

#define SIPALG_DUMP_BATCH	64	/* buckets per lock hold */

static siphash_key_t sipalg_callid_key __read_mostly;

static int sipalg_put_addr(struct sk_buff *skb, int type, u16 l3num,
			   const union nf_inet_addr *addr)
{
	return nla_put(skb, type, l3num == NFPROTO_IPV6 ? sizeof(addr->in6) : sizeof(addr->in),
		       addr);
}

static bool sipalg_addr_any(const union nf_inet_addr *addr)
{
	return !(addr->all[0] | addr->all[1] | addr->all[2] | addr->all[3]);
}

static u32 sipalg_secs(unsigned long j)
{
	return min_t(unsigned long, j / HZ, U32_MAX);
}

static u8 sipalg_side_uapi(u8 side)
{
	return side == SIPALG_SIDE_CALLER ? SIPALG_CALL_SIDE_CALLER : SIPALG_CALL_SIDE_CALLEE;
}

/* A keyed hash of the Call-ID of @call: its kept bytes and its length. */
static u64 sipalg_callid_hashed(const struct sipalg_call *call)
{
	struct {
		u32 len;
		char id[SIPALG_CALLID_KEEP];
	} buf = { .len = call->id_len };
	u32 kept = min_t(u32, call->id_len, SIPALG_CALLID_KEEP);

	memcpy(buf.id, call->id, kept);
	return siphash(&buf, sizeof(buf.len) + kept, &sipalg_callid_key);
}

/* What the pinhole of @r is doing; its flow's counters (lock held). */
static int sipalg_put_rec_state(struct sk_buff *skb, struct net *net, const struct sipalg_rec *r)
{
	struct nf_conntrack_tuple_hash *h;
	struct nf_conntrack_expect *exp;
	const struct nf_conn_acct *acct;
	u8 state = SIPALG_PH_GONE;
	unsigned long left = 0;
	u64 c[4] = { 0 };
	bool counted = false;

	if (r->flags & SIPALG_REC_FLOW) {
		h = sipalg_calls_ct_find(&sipalg_pernet(net)->calls, &r->zone, &r->flow);
		if (h) {
			struct nf_conn *ct = nf_ct_tuplehash_to_ctrack(h);

			if (ct->master == r->master && !nf_ct_is_dying(ct)) {
				state = SIPALG_PH_FLOWING;
				acct = nf_conn_acct_find(ct);
				if (acct) {
					c[0] = atomic64_read(&acct->counter[IP_CT_DIR_ORIGINAL].packets);
					c[1] = atomic64_read(&acct->counter[IP_CT_DIR_ORIGINAL].bytes);
					c[2] = atomic64_read(&acct->counter[IP_CT_DIR_REPLY].packets);
					c[3] = atomic64_read(&acct->counter[IP_CT_DIR_REPLY].bytes);
					counted = true;
				}
			}
			nf_ct_put(ct);
		}
	}
	if (state == SIPALG_PH_GONE && !(r->flags & SIPALG_REC_EXP_GONE)) {
		rcu_read_lock();
		exp = nf_ct_expect_find_get(net, &r->zone, &r->exp);
		if (exp) {
			if (exp->master == r->master) {
				state = SIPALG_PH_WAITING;
				left = sipalg_expect_time_left(exp);
			}
			nf_ct_expect_put(exp);
		}
		rcu_read_unlock();
	}

	if (nla_put_u8(skb, SIPALG_PH_A_STATE, state))
		return -EMSGSIZE;
	if (state == SIPALG_PH_WAITING &&
	    nla_put_u32(skb, SIPALG_PH_A_EXPIRES, sipalg_secs(left + HZ - 1)))
		return -EMSGSIZE;
	if (counted &&
	    (nla_put_u64_64bit(skb, SIPALG_PH_A_PACKETS, c[0], SIPALG_PH_A_PAD) ||
	     nla_put_u64_64bit(skb, SIPALG_PH_A_BYTES, c[1], SIPALG_PH_A_PAD) ||
	     nla_put_u64_64bit(skb, SIPALG_PH_A_REPLY_PACKETS, c[2], SIPALG_PH_A_PAD) ||
	     nla_put_u64_64bit(skb, SIPALG_PH_A_REPLY_BYTES, c[3], SIPALG_PH_A_PAD)))
		return -EMSGSIZE;
	return 0;
}

/* One SIPALG_CALL_A_PINHOLE (lock held). */
static int sipalg_put_rec(struct sk_buff *skb, struct net *net, const struct sipalg_rec *r)
{
	u16 l3num = r->exp.src.l3num;
	struct nlattr *nest;

	nest = nla_nest_start(skb, SIPALG_CALL_A_PINHOLE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SIPALG_PH_A_SIDE, sipalg_side_uapi(r->side)) ||
	    nla_put_u8(skb, SIPALG_PH_A_PROTO, r->exp.dst.protonum) ||
	    sipalg_put_addr(skb, SIPALG_PH_A_PUB_ADDR, l3num, &r->exp.dst.u3) ||
	    nla_put_u16(skb, SIPALG_PH_A_PUB_PORT, ntohs(r->exp.dst.u.all)) ||
	    sipalg_put_addr(skb, SIPALG_PH_A_REAL_ADDR, l3num, &r->real) ||
	    nla_put_u16(skb, SIPALG_PH_A_REAL_PORT, r->real_port) ||
	    (!sipalg_addr_any(&r->exp.src.u3) &&
	     sipalg_put_addr(skb, SIPALG_PH_A_SRC_ADDR, l3num, &r->exp.src.u3)) ||
	    nla_put_u32(skb, SIPALG_PH_A_AGE, sipalg_secs(jiffies - r->created)) ||
	    sipalg_put_rec_state(skb, net, r)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message for @call (lock held), with its pinholes from number @from on.
 * Return: 0 when they all went in; else -EMSGSIZE and *@next, the pinhole
 * to go on with in the next skb: a message with some of the pinholes is kept
 * (a continuation follows), one with none of them is taken out again.
 */
static int sipalg_put_call(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct genl_family *family, struct net *net,
			   const struct sipalg_call *call, bool hashed, u32 from, u32 *next)
{
	const struct nf_conntrack_tuple *sig = &call->sig;
	u16 l3num = sig->src.l3num;
	const struct sipalg_rec *r;
	struct nlattr *nest;
	u32 i = 0, put = 0;
	void *hdr;

	BUILD_BUG_ON(SIPALG_CALLID_KEEP != SIPALG_CALL_ID_MAX);
	*next = from;
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq, family,
			  NLM_F_MULTI, SIPALG_CMD_GET_CALLS);
	if (!hdr)
		return -EMSGSIZE;
	/* NLM_F_DUMP_INTR if the tables grew since the dump began. */
	nl_dump_check_consistent(cb, nlmsg_hdr(skb));
	nest = nla_nest_start(skb, SIPALG_A_CALL);
	if (!nest)
		goto cancel;
	if (hashed) {
		if (nla_put_u64_64bit(skb, SIPALG_CALL_A_ID_HASH, sipalg_callid_hashed(call),
				      SIPALG_CALL_A_PAD))
			goto cancel;
	} else if (nla_put(skb, SIPALG_CALL_A_ID, min_t(u32, call->id_len, SIPALG_CALLID_KEEP),
			   call->id) ||
		   nla_put_u32(skb, SIPALG_CALL_A_ID_LEN, call->id_len)) {
		goto cancel;
	}
	if ((from && nla_put_flag(skb, SIPALG_CALL_A_CONTINUED)) ||
	    nla_put_u16(skb, SIPALG_CALL_A_ZONE, call->zone.id) ||
	    nla_put_u8(skb, SIPALG_CALL_A_FAMILY, l3num) ||
	    nla_put_u8(skb, SIPALG_CALL_A_SIG_PROTO, sig->dst.protonum) ||
	    sipalg_put_addr(skb, SIPALG_CALL_A_SIG_SRC, l3num, &sig->src.u3) ||
	    nla_put_u16(skb, SIPALG_CALL_A_SIG_SPORT, ntohs(sig->src.u.all)) ||
	    sipalg_put_addr(skb, SIPALG_CALL_A_SIG_DST, l3num, &sig->dst.u3) ||
	    nla_put_u16(skb, SIPALG_CALL_A_SIG_DPORT, ntohs(sig->dst.u.all)) ||
	    nla_put_u8(skb, SIPALG_CALL_A_STATE,
		       call->confirmed ? SIPALG_CALL_CONFIRMED : SIPALG_CALL_EARLY) ||
	    (call->pending != SIPALG_NO_SIDE &&
	     nla_put_u8(skb, SIPALG_CALL_A_OFFER, sipalg_side_uapi(call->pending))) ||
	    nla_put_u32(skb, SIPALG_CALL_A_AGE, sipalg_secs(jiffies - call->created)) ||
	    nla_put_u32(skb, SIPALG_CALL_A_IDLE, sipalg_secs(jiffies - call->last_seen)) ||
	    nla_put_u32(skb, SIPALG_CALL_A_NPINHOLES, call->nrec))
		goto cancel;
	list_for_each_entry(r, &call->recs, cnode) {
		if (i++ < from)
			continue;
		if (sipalg_put_rec(skb, net, r)) {
			if (!put)
				goto cancel;
			*next = from + put;
			nla_nest_end(skb, nest);
			genlmsg_end(skb, hdr);
			return -EMSGSIZE;
		}
		put++;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/**
 * sipalg_calls_dump() - the dumpit of SIPALG_CMD_GET_CALLS: one message per
 *	live call of the caller's namespace (not the tombstones of ended
 *	ones), with its pinholes (and more messages for a call whose pinholes
 *	do not fit in one skb).
 * @skb: the dump skb to fill.
 * @cb: the dump; args[0] is the Call-ID table bucket to go on with,
 *	args[1] the number of its calls sent already, args[2] the pinhole of
 *	the next call to go on with and args[3] that call's hash (another call
 *	in its place is sent from its first pinhole).
 * @family: the generic netlink family the messages belong to.
 *
 * Return: the length of @skb (0 when the dump is complete), or -EMSGSIZE
 * when not even a call's first attributes fit in an empty skb.
 */
int sipalg_calls_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      const struct genl_family *family)
{
	struct net *net = sock_net(skb->sk);
	struct sipalg_calls *cs = &sipalg_pernet(net)->calls;
	bool hashed = sipalg_cfg_get(net, log_calls_hashed);
	unsigned long bucket = cb->args[0], skip = cb->args[1], pos = 0, end;
	const struct sipalg_call *call;
	u32 from, next = 0;
	int ret = 0;

	if (READ_ONCE(cs->dead))
		return 0;
	net_get_random_once(&sipalg_callid_key, sizeof(sipalg_callid_key));
	/*
	 * In batches of buckets under the lock.  A call added meanwhile may
	 * be missed, as it may anyway; if the tables grow in between, the
	 * buckets change and the messages say so (NLM_F_DUMP_INTR).
	 */
	for (;;) {
		spin_lock_bh(&cs->lock);
		if (cs->dead || bucket >= (1UL << cs->bits)) {
			spin_unlock_bh(&cs->lock);
			break;
		}
		cb->seq = cs->resizes + 1;
		end = min(bucket + SIPALG_DUMP_BATCH, 1UL << cs->bits);
		for (; bucket < end; bucket++, skip = 0) {
			pos = 0;
			hlist_for_each_entry(call, &cs->by_id[bucket], hnode) {
				/* Ended calls are kept a while as tombstones: not live. */
				if (pos < skip || call->ended) {
					pos++;
					continue;
				}
				from = pos == skip && call->hash == cb->args[3] ? cb->args[2] : 0;
				ret = sipalg_put_call(skb, cb, family, net, call, hashed, from, &next);
				if (ret) {
					cb->args[3] = call->hash;
					break;
				}
				pos++;
			}
			if (ret)
				break;
		}
		spin_unlock_bh(&cs->lock);
		if (ret) {
			cb->args[0] = bucket;
			cb->args[1] = pos;
			cb->args[2] = next;
			return skb->len ? skb->len : ret;
		}
		cond_resched();
	}
	cb->args[0] = bucket;
	cb->args[1] = 0;
	cb->args[2] = 0;
	return skb->len;
}
