/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * sipalg.h - the generic netlink contract of nf_sipalg (family "sipalg").
 *
 * Every request and reply carries attributes of enum sipalg_attr.  Replies
 * are self-describing: counters come as nested (name, value) pairs, so a
 * newer module can add counters without a new sipalgctl.
 */
#ifndef _UAPI_LINUX_SIPALG_H
#define _UAPI_LINUX_SIPALG_H

#define SIPALG_GENL_NAME	"sipalg"
#define SIPALG_GENL_VERSION	1

/**
 * enum sipalg_cmd - generic netlink commands.
 * @SIPALG_CMD_UNSPEC: unused.
 * @SIPALG_CMD_GET_STATS: read the counters of the caller's network
 *	namespace; reply: SIPALG_A_VERSION, SIPALG_A_STATS.
 * @SIPALG_CMD_RESET_STATS: zero the counters (needs CAP_NET_ADMIN).
 */
enum sipalg_cmd {
	SIPALG_CMD_UNSPEC,
	SIPALG_CMD_GET_STATS,
	SIPALG_CMD_RESET_STATS,
	__SIPALG_CMD_MAX,
};
#define SIPALG_CMD_MAX (__SIPALG_CMD_MAX - 1)

/**
 * enum sipalg_attr - top-level attributes.
 * @SIPALG_A_UNSPEC: unused.
 * @SIPALG_A_VERSION: string, module version.
 * @SIPALG_A_STATS: nested, one SIPALG_A_STAT per counter.
 * @SIPALG_A_STAT: nested enum sipalg_stat_attr.
 * @SIPALG_A_PAD: padding for 64-bit attributes.
 */
enum sipalg_attr {
	SIPALG_A_UNSPEC,
	SIPALG_A_VERSION,
	SIPALG_A_STATS,
	SIPALG_A_STAT,
	SIPALG_A_PAD,
	__SIPALG_A_MAX,
};
#define SIPALG_A_MAX (__SIPALG_A_MAX - 1)

/**
 * enum sipalg_stat_attr - one counter.
 * @SIPALG_STAT_A_UNSPEC: unused.
 * @SIPALG_STAT_A_NAME: string, stable counter name.
 * @SIPALG_STAT_A_VALUE: u64.
 * @SIPALG_STAT_A_PAD: padding.
 */
enum sipalg_stat_attr {
	SIPALG_STAT_A_UNSPEC,
	SIPALG_STAT_A_NAME,
	SIPALG_STAT_A_VALUE,
	SIPALG_STAT_A_PAD,
	__SIPALG_STAT_A_MAX,
};
#define SIPALG_STAT_A_MAX (__SIPALG_STAT_A_MAX - 1)

#endif /* _UAPI_LINUX_SIPALG_H */
