/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - per-netns, per-CPU counters.  counters.h is the single list of
 * counter ids and names; the netlink dump and sipalgctl take names from it.
 * stats.c also owns the per-netns state (struct sipalg_net, net.h).
 */
#ifndef SIPALG_STATS_H
#define SIPALG_STATS_H

#include <linux/percpu.h>
#include <net/net_namespace.h>

#include "net.h"

enum sipalg_stat {
#define SIPALG_COUNTER(id, name) SIPALG_STAT_##id,
#include "counters.h"
#undef SIPALG_COUNTER
	SIPALG_STAT__COUNT
};

extern const char * const sipalg_stat_names[SIPALG_STAT__COUNT];

/**
 * sipalg_stat_add() - count events in a namespace (any context, no lock).
 * @net: the namespace the events happened in.
 * @id: which counter.
 * @n: how many.
 */
static inline void sipalg_stat_add(const struct net *net, enum sipalg_stat id, u64 n)
{
	this_cpu_add(sipalg_pernet(net)->stats[id], n);
}

/**
 * sipalg_stat_inc() - count one event in a namespace.
 * @net: the namespace the event happened in.
 * @id: which counter.
 */
static inline void sipalg_stat_inc(const struct net *net, enum sipalg_stat id)
{
	this_cpu_inc(sipalg_pernet(net)->stats[id]);
}

void sipalg_stats_read(const struct net *net, u64 *out);
void sipalg_stats_reset(const struct net *net);
int sipalg_stats_init(void);
void sipalg_stats_exit(void);

#endif /* SIPALG_STATS_H */
