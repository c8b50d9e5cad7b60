// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - generic netlink family "sipalg" (include/uapi/linux/sipalg.h):
 * counters, tunables and live calls (call_dump.c) of the caller's network
 * namespace.  Reading is open
 * to any process in the namespace; changing anything needs CAP_NET_ADMIN over
 * it.  Tunables are the netlink door of config.h: described by its table,
 * stored and validated by sipalg_cfg_set(), like the sysctls.
 */
#include <linux/module.h>
#include <linux/string.h>
#include <net/genetlink.h>
#include <uapi/linux/sipalg.h>

#include "sipalg.h"
#include "call.h"
#include "compat.h"

static const struct nla_policy sipalg_nl_policy[SIPALG_A_MAX + 1] = {
	[SIPALG_A_VERSION]	= { .type = NLA_NUL_STRING, .len = 32 },
	[SIPALG_A_STATS]	= { .type = NLA_REJECT },
	[SIPALG_A_STAT]		= { .type = NLA_REJECT },
	[SIPALG_A_CONFIG]	= { .type = NLA_REJECT },
	[SIPALG_A_TUNABLE]	= { .type = NLA_REJECT },
	[SIPALG_A_CFG_NAME]	= { .type = NLA_NUL_STRING, .len = SIPALG_CFG_NAME_MAX - 1 },
	[SIPALG_A_CFG_VALUE]	= { .type = NLA_U32 },
	[SIPALG_A_CALL]		= { .type = NLA_REJECT },
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

/* The size of one SIPALG_A_TUNABLE. */
static size_t sipalg_nl_tunable_size(const struct sipalg_tunable *t)
{
	size_t size = nla_total_size(0) +
		      nla_total_size(strlen(t->name) + 1) +
		      5 * nla_total_size(sizeof(u32)) +
		      nla_total_size(strlen(t->doc) + 1);
	u32 v;

	if (t->words)
		for (v = t->min; v <= t->max; v++)
			size += nla_total_size(strlen(t->words[v - t->min]) + 1);
	return size;
}

static int sipalg_nl_put_tunable(struct sk_buff *msg, const struct sipalg_cfg *cfg,
				 const struct sipalg_tunable *t)
{
	struct nlattr *one;
	u32 v;

	one = nla_nest_start(msg, SIPALG_A_TUNABLE);
	if (!one ||
	    nla_put_string(msg, SIPALG_TUNABLE_A_NAME, t->name) ||
	    nla_put_u32(msg, SIPALG_TUNABLE_A_TYPE, t->type) ||
	    nla_put_u32(msg, SIPALG_TUNABLE_A_VALUE, sipalg_cfg_read(cfg, t)) ||
	    nla_put_u32(msg, SIPALG_TUNABLE_A_MINIMUM, t->min) ||
	    nla_put_u32(msg, SIPALG_TUNABLE_A_MAXIMUM, t->max) ||
	    nla_put_u32(msg, SIPALG_TUNABLE_A_DEFAULT, t->def) ||
	    nla_put_string(msg, SIPALG_TUNABLE_A_DOC, t->doc))
		return -EMSGSIZE;
	if (t->words)
		for (v = t->min; v <= t->max; v++)
			if (nla_put_string(msg, SIPALG_TUNABLE_A_WORD, t->words[v - t->min]))
				return -EMSGSIZE;
	nla_nest_end(msg, one);
	return 0;
}

/* The tunable SIPALG_A_CFG_NAME names; NULL (and why, in extack) if none. */
static const struct sipalg_tunable *sipalg_nl_tunable(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[SIPALG_A_CFG_NAME];
	const struct sipalg_tunable *t;

	t = sipalg_tunable_find(nla_data(attr));
	if (!t) {
		NL_SET_BAD_ATTR(info->extack, attr);
		sipalg_extack_fmt(info->extack, "unknown tunable",
				  "unknown tunable \"%s\"", (const char *)nla_data(attr));
	}
	return t;
}

static int sipalg_nl_get_config(struct sk_buff *skb, struct genl_info *info)
{
	const struct sipalg_cfg *cfg = sipalg_cfg(genl_info_net(info));
	const struct sipalg_tunable *t, *only = NULL;
	size_t size = nla_total_size(sizeof(SIPALG_VERSION)) + nla_total_size(0);
	struct nlattr *all;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;
	int ret = -EMSGSIZE;

	if (info->attrs[SIPALG_A_CFG_NAME]) {
		only = sipalg_nl_tunable(info);
		if (!only)
			return -ENOENT;
	}
	for (i = 0; i < SIPALG_CFG_COUNT; i++)
		if (!only || only == &sipalg_tunables[i])
			size += sipalg_nl_tunable_size(&sipalg_tunables[i]);

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &sipalg_genl_family, 0, SIPALG_CMD_GET_CONFIG);
	if (!hdr || nla_put_string(msg, SIPALG_A_VERSION, SIPALG_VERSION))
		goto err;
	all = nla_nest_start(msg, SIPALG_A_CONFIG);
	if (!all)
		goto err;
	for (i = 0; i < SIPALG_CFG_COUNT; i++) {
		t = &sipalg_tunables[i];
		if (only && only != t)
			continue;
		ret = sipalg_nl_put_tunable(msg, cfg, t);
		if (ret)
			goto err;
	}
	nla_nest_end(msg, all);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return ret;
}

static int sipalg_nl_set_config(struct sk_buff *skb, struct genl_info *info)
{
	struct sipalg_net *sn = sipalg_pernet(genl_info_net(info));
	const struct sipalg_tunable *t;
	u32 val;
	int ret;

	if (GENL_REQ_ATTR_CHECK(info, SIPALG_A_CFG_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, SIPALG_A_CFG_VALUE))
		return -EINVAL;
	t = sipalg_nl_tunable(info);
	if (!t)
		return -ENOENT;
	val = nla_get_u32(info->attrs[SIPALG_A_CFG_VALUE]);
	ret = sipalg_cfg_set(&sn->cfg, t, val);
	if (ret) {
		NL_SET_BAD_ATTR(info->extack, info->attrs[SIPALG_A_CFG_VALUE]);
		sipalg_extack_fmt(info->extack, sipalg_tunable_range_msg(t),
				  "%s, not %u", sipalg_tunable_range_msg(t), val);
	}
	return ret;
}

static int sipalg_nl_get_calls(struct sk_buff *skb, struct netlink_callback *cb)
{
	return sipalg_calls_dump(skb, cb, &sipalg_genl_family);
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
	{
		.cmd	= SIPALG_CMD_GET_CONFIG,
		.doit	= sipalg_nl_get_config,
	},
	{
		.cmd	= SIPALG_CMD_SET_CONFIG,
		.doit	= sipalg_nl_set_config,
		.flags	= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd	= SIPALG_CMD_GET_CALLS,
		.dumpit	= sipalg_nl_get_calls,
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
