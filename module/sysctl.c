// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl.c - the sysctl door to the tunables: net.netfilter.sipalg.<name> in
 * every network namespace, one file per entry of the tunables table.
 *
 * Values are integers (enum tunables take the number of the word).  Writes
 * go through sipalg_cfg_set(), like netlink's: out of range is ERANGE, not a
 * number EINVAL.  Standard net sysctl permissions: anyone in the namespace
 * reads; writing needs CAP_NET_ADMIN over the namespace's user namespace, so
 * the root of a container writes its own values and no one else's.
 */
#include <linux/slab.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "net.h"

#define SIPALG_SYSCTL_PATH	"net/netfilter/sipalg"

/*
 * table->data: the namespace's struct sipalg_cfg; table->extra1: the
 * tunable.  Format and parse as proc_douintvec() does, on a copy.
 */
static int sipalg_sysctl_handler(SIPALG_CTL_TABLE_CONST struct ctl_table *table, int write,
				 void *buffer, size_t *lenp, loff_t *ppos)
{
	const struct sipalg_tunable *t = table->extra1;
	struct sipalg_cfg *cfg = table->data;
	u32 val = sipalg_cfg_read(cfg, t);
	struct ctl_table tmp = {
		.procname	= table->procname,
		.data		= &val,
		.maxlen		= sizeof(val),
		.mode		= table->mode,
	};
	int ret;

	ret = proc_douintvec(&tmp, write, buffer, lenp, ppos);
	if (write && !ret)
		ret = sipalg_cfg_set(cfg, t, val);
	return ret;
}

static int __net_init sipalg_sysctl_net_init(struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);
	struct ctl_table *table;
	unsigned int i;

	/* One more, empty, entry: the end of the table for kernels that need one. */
	table = kcalloc(SIPALG_CFG_COUNT + 1, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < SIPALG_CFG_COUNT; i++) {
		table[i].procname = sipalg_tunables[i].name;
		table[i].data = &sn->cfg;
		table[i].maxlen = sizeof(u32);
		table[i].mode = 0644;
		table[i].proc_handler = sipalg_sysctl_handler;
		table[i].extra1 = (void *)&sipalg_tunables[i];
	}
	sn->sysctl = register_net_sysctl_sz(net, SIPALG_SYSCTL_PATH, table, SIPALG_CFG_COUNT);
	if (!sn->sysctl) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

static void __net_exit sipalg_sysctl_net_exit(struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);
	const struct ctl_table *table = sn->sysctl->ctl_table_arg;

	unregister_net_sysctl_table(sn->sysctl);
	kfree(table);
}

/* Registered after stats.c's operations, which allocate struct sipalg_net. */
static struct pernet_operations sipalg_sysctl_net_ops = {
	.init = sipalg_sysctl_net_init,
	.exit = sipalg_sysctl_net_exit,
};

/**
 * sipalg_sysctl_init() - add net.netfilter.sipalg.* to every namespace.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_sysctl_init(void)
{
	return register_pernet_subsys(&sipalg_sysctl_net_ops);
}

/**
 * sipalg_sysctl_exit() - remove net.netfilter.sipalg.* from every namespace.
 */
void sipalg_sysctl_exit(void)
{
	unregister_pernet_subsys(&sipalg_sysctl_net_ops);
}
