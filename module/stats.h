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

void sipalg_stat_inc(const struct net *net, enum sipalg_stat id);
void sipalg_stats_read(const struct net *net, u64 *out);
void sipalg_stats_reset(const struct net *net);
int sipalg_stats_init(void);
void sipalg_stats_exit(void);

#endif /* SIPALG_STATS_H */
