// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - per-netns state (struct sipalg_net) and its per-CPU counters:
 * incremented without a shared cache line on the packet path, summed on read.
 */
#include <linux/module.h>
#include <linux/percpu.h>
#include <net/netns/generic.h>

#include "stats.h"
#include "call.h"

const char * const sipalg_stat_names[SIPALG_STAT__COUNT] = {
#define SIPALG_COUNTER(id, name) name,
#include "counters.h"
#undef SIPALG_COUNTER
};

unsigned int sipalg_net_id __read_mostly;

/**
 * sipalg_stats_read() - sum the per-CPU counters of a namespace.
 * @net: the namespace.
 * @out: SIPALG_STAT__COUNT values.
 */
void sipalg_stats_read(const struct net *net, u64 *out)
{
	struct sipalg_net *sn = sipalg_pernet(net);
	int cpu, i;

	memset(out, 0, sizeof(*out) * SIPALG_STAT__COUNT);
	for_each_possible_cpu(cpu) {
		const u64 *c = per_cpu_ptr(sn->stats, cpu);

		for (i = 0; i < SIPALG_STAT__COUNT; i++)
			out[i] += READ_ONCE(c[i]);
	}
	sipalg_calls_gauges(net, &out[SIPALG_STAT_CALLS_ACTIVE],
			    &out[SIPALG_STAT_PINHOLES_ACTIVE], &out[SIPALG_STAT_CALL_TABLE_BUCKETS]);
}

/**
 * sipalg_stats_reset() - zero the counters of a namespace.
 * @net: the namespace.
 *
 * Events counted while this runs on other CPUs may survive or be lost.
 */
void sipalg_stats_reset(const struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);
	int cpu, i;

	for_each_possible_cpu(cpu) {
		u64 *c = per_cpu_ptr(sn->stats, cpu);

		for (i = 0; i < SIPALG_STAT__COUNT; i++)
			WRITE_ONCE(c[i], 0);
	}
}

/* A new namespace: counters at zero, tunables at their defaults. */
static int __net_init sipalg_net_init(struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);

	int ret;

	sipalg_cfg_defaults(&sn->cfg);
	sn->stats = __alloc_percpu(sizeof(u64) * SIPALG_STAT__COUNT, sizeof(u64));
	if (!sn->stats)
		return -ENOMEM;
	ret = sipalg_calls_net_init(net);
	if (ret)
		free_percpu(sn->stats);
	return ret;
}

static void __net_exit sipalg_net_exit(struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);

	sipalg_calls_net_exit(net);
	free_percpu(sn->stats);
}

static struct pernet_operations sipalg_net_ops = {
	.init = sipalg_net_init,
	.exit = sipalg_net_exit,
	.id = &sipalg_net_id,
	.size = sizeof(struct sipalg_net),
};

/**
 * sipalg_stats_init() - register the per-netns state (first: everything else
 * per-netns lives in it).
 *
 * Return: 0 or a negative errno.
 */
int sipalg_stats_init(void)
{
	return register_pernet_subsys(&sipalg_net_ops);
}

/**
 * sipalg_stats_exit() - unregister the per-netns state.
 */
void sipalg_stats_exit(void)
{
	unregister_pernet_subsys(&sipalg_net_ops);
}
