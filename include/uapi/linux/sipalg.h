/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * sipalg.h - the generic netlink contract of nf_sipalg (family "sipalg").
 *
 * Every request and reply carries attributes of enum sipalg_attr.  Replies
 * are self-describing: counters come as nested (name, value) pairs and
 * tunables with their name, type, range, default, words and description, so
 * a newer module can add counters and tunables without a new sipalgctl.
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
 * @SIPALG_CMD_GET_CONFIG: read the tunables of the caller's network
 *	namespace (the net.netfilter.sipalg.* sysctls); request: optional
 *	SIPALG_A_CFG_NAME to read one; reply: SIPALG_A_VERSION,
 *	SIPALG_A_CONFIG.  An unknown name fails with ENOENT.
 * @SIPALG_CMD_SET_CONFIG: set one tunable (needs CAP_NET_ADMIN); request:
 *	SIPALG_A_CFG_NAME, SIPALG_A_CFG_VALUE.  An unknown name fails with
 *	ENOENT, a value out of range with ERANGE; both with an extended ACK
 *	message naming the valid range.
 */
enum sipalg_cmd {
	SIPALG_CMD_UNSPEC,
	SIPALG_CMD_GET_STATS,
	SIPALG_CMD_RESET_STATS,
	SIPALG_CMD_GET_CONFIG,
	SIPALG_CMD_SET_CONFIG,
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
 * @SIPALG_A_CONFIG: nested, one SIPALG_A_TUNABLE per tunable.
 * @SIPALG_A_TUNABLE: nested enum sipalg_tunable_attr.
 * @SIPALG_A_CFG_NAME: string (at most SIPALG_CFG_NAME_MAX bytes with the
 *	NUL), the tunable a request is about.
 * @SIPALG_A_CFG_VALUE: u32, the value SIPALG_CMD_SET_CONFIG sets.
 */
enum sipalg_attr {
	SIPALG_A_UNSPEC,
	SIPALG_A_VERSION,
	SIPALG_A_STATS,
	SIPALG_A_STAT,
	SIPALG_A_PAD,
	SIPALG_A_CONFIG,
	SIPALG_A_TUNABLE,
	SIPALG_A_CFG_NAME,
	SIPALG_A_CFG_VALUE,
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

/* Longest tunable name, with its NUL. */
#define SIPALG_CFG_NAME_MAX	32

/**
 * enum sipalg_tunable_type - what a tunable's u32 value means.
 * @SIPALG_TUNABLE_NUM: a number in MINIMUM..MAXIMUM.
 * @SIPALG_TUNABLE_BOOL: 0 or 1.
 * @SIPALG_TUNABLE_ENUM: one of MINIMUM..MAXIMUM, each named by a word
 *	(SIPALG_TUNABLE_A_WORD); the sysctl takes the number.
 */
enum sipalg_tunable_type {
	SIPALG_TUNABLE_NUM,
	SIPALG_TUNABLE_BOOL,
	SIPALG_TUNABLE_ENUM,
};

/**
 * enum sipalg_tunable_attr - one tunable.
 * @SIPALG_TUNABLE_A_UNSPEC: unused.
 * @SIPALG_TUNABLE_A_NAME: string, stable name (also the sysctl's name under
 *	net.netfilter.sipalg).
 * @SIPALG_TUNABLE_A_TYPE: u32, enum sipalg_tunable_type.
 * @SIPALG_TUNABLE_A_VALUE: u32, the current value in this namespace.
 * @SIPALG_TUNABLE_A_MINIMUM: u32, smallest valid value.
 * @SIPALG_TUNABLE_A_MAXIMUM: u32, largest valid value.
 * @SIPALG_TUNABLE_A_DEFAULT: u32, the value a new namespace starts with.
 * @SIPALG_TUNABLE_A_DOC: string, one-line description.
 * @SIPALG_TUNABLE_A_WORD: string, repeated (SIPALG_TUNABLE_ENUM only): the
 *	names of the values MINIMUM..MAXIMUM, in that order.
 */
enum sipalg_tunable_attr {
	SIPALG_TUNABLE_A_UNSPEC,
	SIPALG_TUNABLE_A_NAME,
	SIPALG_TUNABLE_A_TYPE,
	SIPALG_TUNABLE_A_VALUE,
	SIPALG_TUNABLE_A_MINIMUM,
	SIPALG_TUNABLE_A_MAXIMUM,
	SIPALG_TUNABLE_A_DEFAULT,
	SIPALG_TUNABLE_A_DOC,
	SIPALG_TUNABLE_A_WORD,
	__SIPALG_TUNABLE_A_MAX,
};
#define SIPALG_TUNABLE_A_MAX (__SIPALG_TUNABLE_A_MAX - 1)

#endif /* _UAPI_LINUX_SIPALG_H */
