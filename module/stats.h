/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - per-netns, per-CPU counters.  counters.h is the single list of
 * counter ids and names; the netlink dump and sipalgctl take names from it.
 */
#ifndef SIPALG_STATS_H
#define SIPALG_STATS_H

#include <linux/percpu.h>
#include <net/net_namespace.h>

enum sipalg_stat {
#define SIPALG_COUNTER(id, name) SIPALG_STAT_##id,
#include "counters.h"
#undef SIPALG_COUNTER
	SIPALG_STAT__COUNT
};

extern const char * const sipalg_stat_names[SIPALG_STAT__COUNT];

/**
 * struct sipalg_net - per network namespace state.
 * @stats: per-CPU counter array, SIPALG_STAT__COUNT entries per CPU.
 */
struct sipalg_net {
	u64 __percpu *stats;
};

struct sipalg_net *sipalg_pernet(const struct net *net);
void sipalg_stat_inc(const struct net *net, enum sipalg_stat id);
void sipalg_stats_read(const struct net *net, u64 *out);
void sipalg_stats_reset(const struct net *net);
int sipalg_stats_init(void);
void sipalg_stats_exit(void);

#endif /* SIPALG_STATS_H */
