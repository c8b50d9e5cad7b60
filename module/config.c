// SPDX-License-Identifier: GPL-2.0
/*
 * config.c - the table of tunables, made from tunables.h, and the one place
 * their values are validated and stored (for the sysctl and netlink doors).
 */
#include <linux/build_bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stddef.h>
#include <linux/string.h>

#include "config.h"
#include "parse.h"

/* The words of the enum tunables, in value order: sipalg_<name>_words. */
static const char * const sipalg_mode_words[] = {
	[SIPALG_MODE_ENFORCE]		= "enforce",
	[SIPALG_MODE_OBSERVE]		= "observe",
};

static const char * const sipalg_ice_words[] = {
	[SIPALG_ICE_LEAVE]		= "leave",
	[SIPALG_ICE_STRIP]		= "strip",
};

static const char * const sipalg_parse_error_action_words[] = {
	[SIPALG_PARSE_ERR_FORWARD]	= "forward",
	[SIPALG_PARSE_ERR_DROP]		= "drop",
};

#define SIPALG_WORDS_NUM(name)	NULL
#define SIPALG_WORDS_BOOL(name)	NULL
#define SIPALG_WORDS_ENUM(name)	sipalg_##name##_words

/*
 * What tunables.h promises, checked at compile time: a default in min..max,
 * a name that fits, a bool that is 0..1, an enum that is 0.. with a word for
 * every value.
 */
#define SIPALG_BAD_NUM(name, min, max)	0
#define SIPALG_BAD_BOOL(name, min, max)	((min) != 0 || (max) != 1)
#define SIPALG_BAD_ENUM(name, min, max)	\
	((min) != 0 || ARRAY_SIZE(sipalg_##name##_words) != (max) + 1)
#define SIPALG_BAD(name, kind, min, max, def)					\
	BUILD_BUG_ON_ZERO((def) < (min) || (def) > (max) ||			\
			  sizeof(#name) > SIPALG_CFG_NAME_MAX ||		\
			  SIPALG_BAD_##kind(name, min, max))

const struct sipalg_tunable sipalg_tunables[] = {
#define SIPALG_TUNABLE(_name, kind, _min, _max, _def, _doc) {			\
	.name	= #_name,							\
	.doc	= _doc,								\
	.words	= SIPALG_WORDS_##kind(_name),					\
	.type	= SIPALG_TUNABLE_##kind,					\
	.min	= _min,								\
	.max	= _max,								\
	.def	= _def,								\
	.offset	= offsetof(struct sipalg_cfg, _name) +				\
		  SIPALG_BAD(_name, kind, _min, _max, _def),			\
},
#include "tunables.h"
#undef SIPALG_TUNABLE
};

/*
 * "<name> must be <min>..<max>[ (<word>|<word>...)]" per tunable, made once
 * at load: extended ACK messages point at them where the kernel cannot
 * format one.
 */
#define SIPALG_RANGE_MSG_LEN	64
static char sipalg_range_msgs[SIPALG_CFG_COUNT][SIPALG_RANGE_MSG_LEN];

/**
 * sipalg_cfg_init() - prepare the tables derived from the tunables (once, at
 * module load, before either door opens).
 */
void sipalg_cfg_init(void)
{
	unsigned int i;
	u32 v;

	/* Every field of struct sipalg_cfg is a tunable (and offsetof() above
	 * makes every tunable a field).
	 */
	BUILD_BUG_ON(sizeof(struct sipalg_cfg) != ARRAY_SIZE(sipalg_tunables) * sizeof(u32));
	for (i = 0; i < SIPALG_CFG_COUNT; i++) {
		const struct sipalg_tunable *t = &sipalg_tunables[i];
		char *m = sipalg_range_msgs[i];
		size_t n = SIPALG_RANGE_MSG_LEN, len;

		len = scnprintf(m, n, "%s must be %u..%u", t->name, t->min, t->max);
		if (!t->words)
			continue;
		for (v = t->min; v <= t->max; v++)
			len += scnprintf(m + len, n - len, "%s%s", v == t->min ? " (" : "|",
					 t->words[v - t->min]);
		scnprintf(m + len, n - len, ")");
	}
}

/**
 * sipalg_cfg_defaults() - every tunable at its default (a new namespace).
 * @cfg: the namespace's tunables, not yet visible to anyone else.
 */
void sipalg_cfg_defaults(struct sipalg_cfg *cfg)
{
	unsigned int i;

	for (i = 0; i < SIPALG_CFG_COUNT; i++)
		*(u32 *)((char *)cfg + sipalg_tunables[i].offset) = sipalg_tunables[i].def;
}

/**
 * sipalg_tunable_find() - look a tunable up by name.
 * @name: its name.
 *
 * Return: its description, or NULL if there is none of that name.
 */
const struct sipalg_tunable *sipalg_tunable_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < SIPALG_CFG_COUNT; i++)
		if (!strcmp(sipalg_tunables[i].name, name))
			return &sipalg_tunables[i];
	return NULL;
}

/**
 * sipalg_tunable_range_msg() - "<name> must be <range>", for error messages.
 * @t: the tunable.
 *
 * Return: a string that lives as long as the module.
 */
const char *sipalg_tunable_range_msg(const struct sipalg_tunable *t)
{
	return sipalg_range_msgs[t - sipalg_tunables];
}

/**
 * sipalg_cfg_read() - the current value of a tunable.
 * @cfg: a namespace's tunables.
 * @t: the tunable.
 *
 * Return: its value.
 */
u32 sipalg_cfg_read(const struct sipalg_cfg *cfg, const struct sipalg_tunable *t)
{
	return READ_ONCE(*(const u32 *)((const char *)cfg + t->offset));
}

/**
 * sipalg_cfg_set() - validate and store a tunable's new value (both doors).
 * @cfg: a namespace's tunables.
 * @t: the tunable.
 * @val: the new value.
 *
 * Takes effect for the packets handled after it; no lock (one u32 store).
 *
 * Return: 0, or -ERANGE if @val is outside @t's min..max (nothing stored).
 */
int sipalg_cfg_set(struct sipalg_cfg *cfg, const struct sipalg_tunable *t, u32 val)
{
	if (val < t->min || val > t->max)
		return -ERANGE;
	WRITE_ONCE(*(u32 *)((char *)cfg + t->offset), val);
	return 0;
}
