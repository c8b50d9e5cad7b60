/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.h - sipalg's state of a network namespace, and the packet path's way to
 * its tunables: sipalg_cfg_get(net, name).
 */
#ifndef SIPALG_NET_H
#define SIPALG_NET_H

#include <linux/compiler.h>
#include <linux/percpu.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "config.h"

struct ctl_table_header;

/**
 * struct sipalg_calls - a namespace's calls (call.c owns the fields).
 * @lock: protects everything below, every call and record.
 * @dead: the namespace is going away: the tables are gone.
 * @ncalls: calls in the table.
 * @nrecs: pinhole records of all calls.
 * @seed: hash seed.
 * @bits: log2 of the number of buckets of each table.
 * @by_id: calls by Call-ID.
 * @by_master: calls by their latest signalling conntrack.
 * @by_port: pinhole records by public media endpoint.
 * @by_src: pinhole counts by media source address.
 * @by_real: pinhole records by real (inside) media endpoint.
 * @resizes: how often the tables grew (netlink dumps check it).
 * @net: the namespace.
 * @gc: periodic expiry of calls nobody ends.
 * @grow: doubles the tables (process context) when they fill up.
 */
struct sipalg_calls {
	spinlock_t lock;
	bool dead;
	u32 ncalls;
	u32 nrecs;
	u32 seed;
	unsigned int bits;
	struct hlist_head *by_id;
	struct hlist_head *by_master;
	struct hlist_head *by_port;
	struct hlist_head *by_src;
	struct hlist_head *by_real;
	unsigned int resizes;
	struct net *net;
	struct delayed_work gc;
	struct work_struct grow;
	spinlock_t defer_lock;		/* protects @deferred, @defer_closed */
	struct list_head deferred;	/* see sipalg_calls_ct_destroy() */
	bool defer_closed;		/* the namespace is going: nothing more */
	struct work_struct defer;
};

/**
 * struct sipalg_net - per network namespace state (allocated by stats.c's
 * pernet operations, set up before any packet of the namespace is seen).
 * @stats: per-CPU counter array, SIPALG_STAT__COUNT entries per CPU.
 * @cfg: tunables, at their defaults in a new namespace.
 * @sysctl: the namespace's net.netfilter.sipalg sysctl directory (sysctl.c).
 * @calls: calls and their pinholes (call.c).
 */
struct sipalg_net {
	u64 __percpu *stats;
	struct sipalg_cfg cfg;
	struct ctl_table_header *sysctl;
	struct sipalg_calls calls;
};

extern unsigned int sipalg_net_id;

/**
 * sipalg_pernet() - sipalg's state of a network namespace.
 * @net: the namespace.
 *
 * Return: the namespace's struct sipalg_net.
 */
static inline struct sipalg_net *sipalg_pernet(const struct net *net)
{
	return net_generic(net, sipalg_net_id);
}

/**
 * sipalg_cfg() - the tunables of a network namespace.
 * @net: the namespace.
 *
 * Read fields with READ_ONCE(), or use sipalg_cfg_get().
 *
 * Return: the namespace's tunables.
 */
static inline const struct sipalg_cfg *sipalg_cfg(const struct net *net)
{
	return &sipalg_pernet(net)->cfg;
}

/*
 * sipalg_cfg_get(net, name) - the current value (u32) of tunable @name of
 * @net, e.g. sipalg_cfg_get(c->net, pinhole_timeout).  Any context.
 */
#define sipalg_cfg_get(net, name)	READ_ONCE(sipalg_cfg(net)->name)

/**
 * sipalg_cfg_snapshot() - copy a namespace's tunables, each read once.
 * @net: the namespace.
 * @out: the copy; one message is handled with one consistent set.
 */
static inline void sipalg_cfg_snapshot(const struct net *net, struct sipalg_cfg *out)
{
	const u32 *src = (const u32 *)sipalg_cfg(net);
	u32 *dst = (u32 *)out;
	unsigned int i;

	for (i = 0; i < SIPALG_CFG_COUNT; i++)
		dst[i] = READ_ONCE(src[i]);
}

#endif /* SIPALG_NET_H */
