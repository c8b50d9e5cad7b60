// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - nf_sipalg: a SIP application-level gateway for netfilter.
 *
 * Registers the conntrack helper "sipalg" (UDP and TCP, IPv4 and IPv6).
 * Attach it with nftables (ct helper object of type "sipalg") or iptables
 * (-t raw ... -j CT --helper sipalg).
 */
#include <linux/module.h>

#include "sipalg.h"

static int __init sipalg_init(void)
{
	int ret;

	sipalg_cfg_init();
	ret = sipalg_stats_init();
	if (ret)
		return ret;
	ret = sipalg_sysctl_init();
	if (ret)
		goto err_stats;
	ret = sipalg_pinholes_init();
	if (ret)
		goto err_sysctl;
	ret = sipalg_helpers_init();
	if (ret)
		goto err_pinholes;
	ret = sipalg_netlink_init();
	if (ret)
		goto err_helpers;
	return 0;

err_helpers:
	sipalg_helpers_exit();
err_pinholes:
	sipalg_pinholes_exit();
err_sysctl:
	sipalg_sysctl_exit();
err_stats:
	sipalg_stats_exit();
	return ret;
}

static void __exit sipalg_exit(void)
{
	sipalg_netlink_exit();
	sipalg_helpers_exit();
	sipalg_pinholes_exit();
	sipalg_sysctl_exit();
	sipalg_stats_exit();
}

module_init(sipalg_init);
module_exit(sipalg_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("SIP application-level gateway (conntrack helper \"sipalg\")");
MODULE_ALIAS("nfct-helper-" SIPALG_NAME);
MODULE_VERSION(SIPALG_VERSION);
