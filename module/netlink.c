// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - generic netlink family "sipalg" (include/uapi/linux/sipalg.h):
 * counters of the caller's network namespace.  Reading is open to any
 * process in the namespace; changing anything needs CAP_NET_ADMIN over it.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/sipalg.h>

#include "sipalg.h"

static const struct nla_policy sipalg_nl_policy[SIPALG_A_MAX + 1] = {
	[SIPALG_A_VERSION]	= { .type = NLA_NUL_STRING, .len = 32 },
	[SIPALG_A_STATS]	= { .type = NLA_REJECT },
	[SIPALG_A_STAT]		= { .type = NLA_REJECT },
};

static struct genl_family sipalg_genl_family;

static int sipalg_nl_put_stats(struct sk_buff *msg, const struct net *net)
{
	u64 vals[SIPALG_STAT__COUNT];
	struct nlattr *all, *one;
	int i;

	sipalg_stats_read(net, vals);
	all = nla_nest_start(msg, SIPALG_A_STATS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; i < SIPALG_STAT__COUNT; i++) {
		one = nla_nest_start(msg, SIPALG_A_STAT);
		if (!one ||
		    nla_put_string(msg, SIPALG_STAT_A_NAME, sipalg_stat_names[i]) ||
		    nla_put_u64_64bit(msg, SIPALG_STAT_A_VALUE, vals[i], SIPALG_STAT_A_PAD))
			return -EMSGSIZE;
		nla_nest_end(msg, one);
	}
	nla_nest_end(msg, all);
	return 0;
}

static int sipalg_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sipalg_genl_family, 0, SIPALG_CMD_GET_STATS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = nla_put_string(msg, SIPALG_A_VERSION, SIPALG_VERSION);
	if (!ret)
		ret = sipalg_nl_put_stats(msg, genl_info_net(info));
	if (ret)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return ret;
}

static int sipalg_nl_reset_stats(struct sk_buff *skb, struct genl_info *info)
{
	sipalg_stats_reset(genl_info_net(info));
	return 0;
}

static const struct genl_small_ops sipalg_nl_ops[] = {
	{
		.cmd	= SIPALG_CMD_GET_STATS,
		.doit	= sipalg_nl_get_stats,
	},
	{
		.cmd	= SIPALG_CMD_RESET_STATS,
		.doit	= sipalg_nl_reset_stats,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
};

static struct genl_family sipalg_genl_family __ro_after_init = {
	.name		= SIPALG_GENL_NAME,
	.version	= SIPALG_GENL_VERSION,
	.maxattr	= SIPALG_A_MAX,
	.policy		= sipalg_nl_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.small_ops	= sipalg_nl_ops,
	.n_small_ops	= ARRAY_SIZE(sipalg_nl_ops),
	.resv_start_op	= SIPALG_CMD_RESET_STATS + 1,
};

/**
 * sipalg_netlink_init() - register the generic netlink family.
 *
 * Return: 0 or a negative errno.
 */
int sipalg_netlink_init(void)
{
	return genl_register_family(&sipalg_genl_family);
}

/**
 * sipalg_netlink_exit() - unregister the generic netlink family.
 */
void sipalg_netlink_exit(void)
{
	genl_unregister_family(&sipalg_genl_family);
}
