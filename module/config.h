/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - per-netns tunables: one value, two doors.
 *
 * Every tunable is described once, in tunables.h.  config.c makes the table
 * (struct sipalg_tunable) that both doors are derived from: the sysctls
 * net.netfilter.sipalg.* (sysctl.c) and SIPALG_CMD_GET_CONFIG / SET_CONFIG
 * over generic netlink (netlink.c, sipalgctl get / set).  Both doors write
 * through sipalg_cfg_set(): one storage, one validation.
 *
 * The packet path reads a tunable with sipalg_cfg_get(net, name) (net.h): one
 * READ_ONCE of a u32, no lock.  A writer may change a value at any time;
 * read a tunable once per decision and use that copy.
 */
#ifndef SIPALG_CONFIG_H
#define SIPALG_CONFIG_H

#include <linux/types.h>
#include <uapi/linux/sipalg.h>

/* Values of the enum tunables; config.c names them (netlink, sipalgctl). */
enum sipalg_mode {
	SIPALG_MODE_ENFORCE,		/* rewrite and open pinholes */
	SIPALG_MODE_OBSERVE,		/* parse and count, change nothing */
};

enum sipalg_ice {
	SIPALG_ICE_LEAVE,		/* ICE attributes stay in the SDP */
	SIPALG_ICE_STRIP,		/* ICE attributes are removed */
};

enum sipalg_parse_err {
	SIPALG_PARSE_ERR_FORWARD,	/* forward unmodified (and count) */
	SIPALG_PARSE_ERR_DROP,		/* drop (and count) */
};

/**
 * struct sipalg_cfg - the tunables of one network namespace.
 *
 * One u32 per SIPALG_TUNABLE() of tunables.h, of the same name (config.c
 * fails to build otherwise); ranges and defaults are there.  Read on the
 * packet path with sipalg_cfg_get(), written only by sipalg_cfg_set().
 */
struct sipalg_cfg {
	u32 mode;			/* enum sipalg_mode */
	u32 ice;			/* enum sipalg_ice */
	u32 direct_media;		/* bool */
	u32 min_media_port;
	u32 max_media;			/* SDP media sections per message */
	u32 max_calls;
	u32 max_pinholes_per_call;
	u32 max_pinholes_per_source;
	u32 pinhole_timeout;		/* seconds */
	u32 signalling_timeout;		/* seconds */
	u32 max_register_expires;	/* seconds */
	u32 tcp_buffer;			/* bytes */
	u32 parse_error_action;		/* enum sipalg_parse_err */
	u32 log_calls_hashed;		/* bool */
};

#define SIPALG_CFG_COUNT	(sizeof(struct sipalg_cfg) / sizeof(u32))

/**
 * struct sipalg_tunable - the description of one tunable.
 * @name: stable name (sysctl, netlink, sipalgctl).
 * @doc: one-line description.
 * @words: SIPALG_TUNABLE_ENUM: the names of @min..@max; else NULL.
 * @type: enum sipalg_tunable_type.
 * @min: smallest valid value.
 * @max: largest valid value.
 * @def: the value every namespace starts with.
 * @offset: offset of the value in struct sipalg_cfg.
 */
struct sipalg_tunable {
	const char *name;
	const char *doc;
	const char * const *words;
	enum sipalg_tunable_type type;
	u32 min;
	u32 max;
	u32 def;
	unsigned int offset;
};

extern const struct sipalg_tunable sipalg_tunables[];

void sipalg_cfg_init(void);
void sipalg_cfg_defaults(struct sipalg_cfg *cfg);
const struct sipalg_tunable *sipalg_tunable_find(const char *name);
const char *sipalg_tunable_range_msg(const struct sipalg_tunable *t);
u32 sipalg_cfg_read(const struct sipalg_cfg *cfg, const struct sipalg_tunable *t);
int sipalg_cfg_set(struct sipalg_cfg *cfg, const struct sipalg_tunable *t, u32 val);

/* sysctl.c */
int sipalg_sysctl_init(void);
void sipalg_sysctl_exit(void);

#endif /* SIPALG_CONFIG_H */
