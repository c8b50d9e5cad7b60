/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.h - sipalg's state of a network namespace, and the packet path's way to
 * its tunables: sipalg_cfg_get(net, name).
 */
#ifndef SIPALG_NET_H
#define SIPALG_NET_H

#include <linux/compiler.h>
#include <linux/percpu.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "config.h"

struct ctl_table_header;

/**
 * struct sipalg_net - per network namespace state (allocated by stats.c's
 * pernet operations, set up before any packet of the namespace is seen).
 * @stats: per-CPU counter array, SIPALG_STAT__COUNT entries per CPU.
 * @cfg: tunables, at their defaults in a new namespace.
 * @sysctl: the namespace's net.netfilter.sipalg sysctl directory (sysctl.c).
 */
struct sipalg_net {
	u64 __percpu *stats;
	struct sipalg_cfg cfg;
	struct ctl_table_header *sysctl;
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
