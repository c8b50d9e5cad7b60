// SPDX-License-Identifier: GPL-2.0
/*
 * sipalgctl - look at and steer nf_sipalg over generic netlink (libmnl).
 *
 *   sipalgctl [--json] stats [-a]     counters of this network namespace
 *   sipalgctl reset                    zero them (CAP_NET_ADMIN)
 *   sipalgctl [--json] get [KEY]       tunables of this network namespace
 *   sipalgctl set KEY VALUE            change one (CAP_NET_ADMIN)
 *   sipalgctl --version
 *
 * Nothing about counters or tunables is compiled in: names, ranges, defaults,
 * words and descriptions come from the module (SIPALG_CMD_GET_*).  Errors
 * show the module's extended ACK message when there is one.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <inttypes.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <uapi/linux/sipalg.h>

#define SIPALGCTL_VERSION "0.1.0"
#define MAX_STATS 256
#define MAX_TUNABLES 128
#define MAX_WORDS 16

struct stat_kv {
	char name[64];
	uint64_t value;
};

struct tunable {
	char name[SIPALG_CFG_NAME_MAX];
	char doc[128];
	uint32_t type, value, min, max, def;
	unsigned int nwords;
	char words[MAX_WORDS][32];
};

struct reply {
	char version[32];
	unsigned int nstats;
	struct stat_kv stats[MAX_STATS];
	unsigned int ntunables;
	struct tunable tunables[MAX_TUNABLES];
};

static struct mnl_socket *nl;
static unsigned int portid;
static uint16_t family_id;
/* The extended ACK message of the last request that failed, if any. */
static char ext_msg[256];

static _Noreturn void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sipalgctl: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The module's message for a failed request, else what errno says. */
static const char *why(int err)
{
	return ext_msg[0] ? ext_msg : strerror(-err);
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	(void)data;
	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		snprintf(ext_msg, sizeof(ext_msg), "%s", mnl_attr_get_str(attr));
	return MNL_CB_OK;
}

/* NLMSG_ERROR: the ACK, with the extended ACK attributes after the request. */
static int error_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
	unsigned int off = sizeof(*err);

	(void)data;
	if (nlh->nlmsg_len < mnl_nlmsg_size(sizeof(*err))) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	if (nlh->nlmsg_flags & NLM_F_ACK_TLVS) {
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			off += err->msg.nlmsg_len - sizeof(struct nlmsghdr);
		if (mnl_nlmsg_size(off) < nlh->nlmsg_len)
			mnl_attr_parse(nlh, off, extack_attr_cb, NULL);
	}
	if (!err->error)
		return MNL_CB_STOP;
	errno = -err->error;
	return MNL_CB_ERROR;
}

static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)nlh;
	(void)data;
	return MNL_CB_STOP;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

/* Send one request and run cb over the reply; returns 0 or -errno. */
static int transact(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = nlh->nlmsg_seq = (unsigned int)time(NULL);
	ssize_t n;
	int ret;

	ext_msg[0] = '\0';
	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run2(buf, n, seq, portid, cb, data, ctl_cbs, MNL_ARRAY_SIZE(ctl_cbs));
		if (ret < 0)
			return -errno;
		if (ret == MNL_CB_STOP)
			return 0;
	}
}

static struct nlmsghdr *genl_request(char *buf, uint16_t type, uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = version;
	return nlh;
}

static void open_family(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	int ret, one = 1;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	portid = mnl_socket_get_portid(nl);
	/* Error messages from the module; ACKs without a copy of the request. */
	mnl_socket_setsockopt(nl, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl, NETLINK_CAP_ACK, &one, sizeof(one));

	nlh = genl_request(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SIPALG_GENL_NAME);
	ret = transact(nlh, family_cb, &family_id);
	if (ret == -ENOENT || (!ret && !family_id))
		die("%s", "the nf_sipalg module is not loaded (modprobe nf_sipalg)");
	if (ret)
		die("cannot resolve the sipalg netlink family: %s", why(ret));
}

static int stat_cb(const struct nlattr *attr, void *data)
{
	struct stat_kv *kv = data;

	switch (mnl_attr_get_type(attr)) {
	case SIPALG_STAT_A_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(kv->name, sizeof(kv->name), "%s", mnl_attr_get_str(attr));
		break;
	case SIPALG_STAT_A_VALUE:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
			kv->value = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static void copy_str(char *dst, size_t size, const struct nlattr *attr)
{
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
		snprintf(dst, size, "%s", mnl_attr_get_str(attr));
}

static int tunable_cb(const struct nlattr *attr, void *data)
{
	struct tunable *t = data;
	uint32_t *u32 = NULL;

	switch (mnl_attr_get_type(attr)) {
	case SIPALG_TUNABLE_A_NAME:
		copy_str(t->name, sizeof(t->name), attr);
		break;
	case SIPALG_TUNABLE_A_DOC:
		copy_str(t->doc, sizeof(t->doc), attr);
		break;
	case SIPALG_TUNABLE_A_WORD:
		if (t->nwords < MAX_WORDS)
			copy_str(t->words[t->nwords++], sizeof(t->words[0]), attr);
		break;
	case SIPALG_TUNABLE_A_TYPE:
		u32 = &t->type;
		break;
	case SIPALG_TUNABLE_A_VALUE:
		u32 = &t->value;
		break;
	case SIPALG_TUNABLE_A_MINIMUM:
		u32 = &t->min;
		break;
	case SIPALG_TUNABLE_A_MAXIMUM:
		u32 = &t->max;
		break;
	case SIPALG_TUNABLE_A_DEFAULT:
		u32 = &t->def;
		break;
	}
	if (u32 && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		*u32 = mnl_attr_get_u32(attr);
	return MNL_CB_OK;
}

static int top_attr_cb(const struct nlattr *attr, void *data)
{
	struct reply *r = data;
	struct nlattr *pos;

	switch (mnl_attr_get_type(attr)) {
	case SIPALG_A_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0)
			snprintf(r->version, sizeof(r->version), "%s", mnl_attr_get_str(attr));
		break;
	case SIPALG_A_STATS:
		mnl_attr_for_each_nested(pos, attr) {
			struct stat_kv *kv;

			if (r->nstats >= MAX_STATS || mnl_attr_get_type(pos) != SIPALG_A_STAT)
				continue;
			kv = &r->stats[r->nstats];
			memset(kv, 0, sizeof(*kv));
			mnl_attr_parse_nested(pos, stat_cb, kv);
			if (kv->name[0])
				r->nstats++;
		}
		break;
	case SIPALG_A_CONFIG:
		mnl_attr_for_each_nested(pos, attr) {
			struct tunable *t;

			if (r->ntunables >= MAX_TUNABLES || mnl_attr_get_type(pos) != SIPALG_A_TUNABLE)
				continue;
			t = &r->tunables[r->ntunables];
			memset(t, 0, sizeof(*t));
			mnl_attr_parse_nested(pos, tunable_cb, t);
			/* Words name min..max; a tunable without all of them shows numbers. */
			if (t->max < t->min || t->max - t->min + 1 != t->nwords)
				t->nwords = 0;
			if (t->name[0])
				r->ntunables++;
		}
		break;
	}
	return MNL_CB_OK;
}

static int reply_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), top_attr_cb, data);
}

static void json_str(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			putchar('\\');
		putchar(*s);
	}
	putchar('"');
}

enum stats_format { FMT_TABLE, FMT_JSON, FMT_PROMETHEUS };

static void fetch_stats(struct reply *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	memset(r, 0, sizeof(*r));
	ret = transact(genl_request(buf, family_id, SIPALG_CMD_GET_STATS, SIPALG_GENL_VERSION),
		       reply_cb, r);
	if (ret)
		die("reading counters failed: %s", why(ret));
}

static void print_stats(const struct reply *r, const struct reply *prev, unsigned int secs,
			enum stats_format fmt, bool all)
{
	unsigned int i, shown = 0;

	switch (fmt) {
	case FMT_JSON:
		printf("{\"version\":");
		json_str(r->version);
		printf(",\"stats\":{");
		for (i = 0; i < r->nstats; i++) {
			printf("%s", i ? "," : "");
			json_str(r->stats[i].name);
			printf(":%" PRIu64, r->stats[i].value);
		}
		printf("}}\n");
		break;
	case FMT_PROMETHEUS:
		/* Text exposition format: one counter family per counter. */
		for (i = 0; i < r->nstats; i++) {
			printf("# TYPE sipalg_%s_total counter\n", r->stats[i].name);
			printf("sipalg_%s_total %" PRIu64 "\n", r->stats[i].name, r->stats[i].value);
		}
		break;
	case FMT_TABLE:
		for (i = 0; i < r->nstats; i++) {
			if (!all && !r->stats[i].value)
				continue;
			printf("%-32s %12" PRIu64, r->stats[i].name, r->stats[i].value);
			if (prev && i < prev->nstats && r->stats[i].value >= prev->stats[i].value)
				printf(" %10.1f/s",
				       (double)(r->stats[i].value - prev->stats[i].value) / secs);
			printf("\n");
			shown++;
		}
		if (!shown)
			printf("(all counters are zero; -a shows them)\n");
		break;
	}
	fflush(stdout);
}

/* stats, once or every @secs seconds (@count times, 0: until interrupted). */
static int cmd_stats(enum stats_format fmt, bool all, unsigned int secs, unsigned int count)
{
	static struct reply r[2];
	unsigned int n, cur = 0;

	fetch_stats(&r[cur]);
	print_stats(&r[cur], NULL, 0, fmt, all);
	for (n = 1; secs && (!count || n < count); n++) {
		sleep(secs);
		cur ^= 1;
		fetch_stats(&r[cur]);
		if (fmt == FMT_TABLE)
			printf("\n");
		print_stats(&r[cur], &r[cur ^ 1], secs, fmt, all);
	}
	return 0;
}

static int cmd_reset(void)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	int ret;

	ret = transact(genl_request(buf, family_id, SIPALG_CMD_RESET_STATS, SIPALG_GENL_VERSION),
		       NULL, NULL);
	if (ret == -EPERM)
		die("%s", "resetting counters needs CAP_NET_ADMIN in this network namespace");
	if (ret)
		die("reset failed: %s", why(ret));
	return 0;
}

/* A value as the user writes it: the word of an enum, else the number. */
static void format_value(char *out, size_t size, const struct tunable *t, uint32_t v)
{
	if (t->nwords && v >= t->min && v - t->min < t->nwords)
		snprintf(out, size, "%s", t->words[v - t->min]);
	else
		snprintf(out, size, "%" PRIu32, v);
}

static void format_range(char *out, size_t size, const struct tunable *t)
{
	size_t len = 0;
	unsigned int i;

	out[0] = '\0';
	if (t->nwords) {
		for (i = 0; i < t->nwords && len < size; i++)
			len += snprintf(out + len, size - len, "%s%s", i ? "|" : "", t->words[i]);
	} else if (t->type == SIPALG_TUNABLE_BOOL) {
		snprintf(out, size, "0|1");
	} else {
		snprintf(out, size, "%" PRIu32 "..%" PRIu32, t->min, t->max);
	}
}

/* GET_CONFIG into r: every tunable, or only key. */
static int get_config(const char *key, struct reply *r)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;

	memset(r, 0, sizeof(*r));
	nlh = genl_request(buf, family_id, SIPALG_CMD_GET_CONFIG, SIPALG_GENL_VERSION);
	if (key)
		mnl_attr_put_strz(nlh, SIPALG_A_CFG_NAME, key);
	return transact(nlh, reply_cb, r);
}

static void json_value(const struct tunable *t, uint32_t v)
{
	char s[64];

	if (t->nwords) {
		format_value(s, sizeof(s), t, v);
		json_str(s);
	} else {
		printf("%" PRIu32, v);
	}
}

static void print_json(const struct reply *r)
{
	static const char * const types[] = {
		[SIPALG_TUNABLE_NUM] = "number",
		[SIPALG_TUNABLE_BOOL] = "bool",
		[SIPALG_TUNABLE_ENUM] = "enum",
	};
	unsigned int i, j;

	printf("{\"version\":");
	json_str(r->version);
	printf(",\"config\":{");
	for (i = 0; i < r->ntunables; i++) {
		const struct tunable *t = &r->tunables[i];

		printf("%s", i ? "," : "");
		json_str(t->name);
		printf(":{\"value\":");
		json_value(t, t->value);
		printf(",\"default\":");
		json_value(t, t->def);
		printf(",\"type\":\"%s\",\"min\":%" PRIu32 ",\"max\":%" PRIu32,
		       t->type < MNL_ARRAY_SIZE(types) ? types[t->type] : "unknown", t->min, t->max);
		if (t->nwords) {
			printf(",\"words\":[");
			for (j = 0; j < t->nwords; j++) {
				printf("%s", j ? "," : "");
				json_str(t->words[j]);
			}
			printf("]");
		}
		printf(",\"doc\":");
		json_str(t->doc);
		printf("}");
	}
	printf("}}\n");
}

static int cmd_get(const char *key, bool json)
{
	static struct reply r;
	char val[64], def[64], range[256];
	size_t wk = 3, wv = 5, wd = 7;
	unsigned int i;
	int ret;

	ret = get_config(key, &r);
	if (ret == -EOPNOTSUPP)
		die("%s", "this nf_sipalg has no tunables (older than sipalgctl?)");
	if (ret)
		die("%s", why(ret));
	if (json) {
		print_json(&r);
		return 0;
	}
	for (i = 0; i < r.ntunables; i++) {
		const struct tunable *t = &r.tunables[i];

		format_value(val, sizeof(val), t, t->value);
		format_value(def, sizeof(def), t, t->def);
		if (strlen(t->name) > wk)
			wk = strlen(t->name);
		if (strlen(val) > wv)
			wv = strlen(val);
		if (strlen(def) > wd)
			wd = strlen(def);
	}
	printf("%-*s  %-*s  %-*s  %s\n", (int)wk, "KEY", (int)wv, "VALUE", (int)wd, "DEFAULT",
	       "RANGE");
	for (i = 0; i < r.ntunables; i++) {
		const struct tunable *t = &r.tunables[i];

		format_value(val, sizeof(val), t, t->value);
		format_value(def, sizeof(def), t, t->def);
		format_range(range, sizeof(range), t);
		printf("%-*s  %-*s  %-*s  %s\n", (int)wk, t->name, (int)wv, val, (int)wd, def, range);
	}
	/* One tunable asked for: say what it is, too. */
	if (key && r.ntunables == 1 && r.tunables[0].doc[0])
		printf("# %s\n", r.tunables[0].doc);
	return 0;
}

/* VALUE of "set KEY VALUE" as a u32: a number, or a word of an enum tunable. */
static uint32_t parse_value(const char *key, const char *arg)
{
	static struct reply r;
	const struct tunable *t;
	char range[256], *end;
	unsigned long long v;
	unsigned int i;
	int ret;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (arg[0] >= '0' && arg[0] <= '9' && !*end && !errno && v <= UINT32_MAX)
		return (uint32_t)v;

	/* Not a number: ask the module what the key takes. */
	ret = get_config(key, &r);
	if (ret)
		die("%s", why(ret));
	if (r.ntunables != 1)
		die("%s: the module did not describe it", key);
	t = &r.tunables[0];
	for (i = 0; i < t->nwords; i++)
		if (!strcmp(arg, t->words[i]))
			return t->min + i;
	format_range(range, sizeof(range), t);
	die("%s takes %s%s, not \"%s\"", key, t->nwords ? "one of " : "", range, arg);
}

static int cmd_set(const char *key, const char *arg)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh;
	uint32_t v;
	int ret;

	if (strlen(key) >= SIPALG_CFG_NAME_MAX)
		die("unknown tunable \"%s\"", key);
	v = parse_value(key, arg);
	nlh = genl_request(buf, family_id, SIPALG_CMD_SET_CONFIG, SIPALG_GENL_VERSION);
	mnl_attr_put_strz(nlh, SIPALG_A_CFG_NAME, key);
	mnl_attr_put_u32(nlh, SIPALG_A_CFG_VALUE, v);
	ret = transact(nlh, NULL, NULL);
	if (ret == -EPERM)
		die("setting %s needs CAP_NET_ADMIN in this network namespace", key);
	if (ret)
		die("%s", why(ret));
	return 0;
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: sipalgctl [--json|--prometheus] stats [-a] [--watch SECONDS [--count N]]\n"
		"                                        counters of this network namespace\n"
		"       sipalgctl reset                  zero the counters (CAP_NET_ADMIN)\n"
		"       sipalgctl [--json] get [KEY]     tunables of this network namespace\n"
		"       sipalgctl set KEY VALUE          change one (CAP_NET_ADMIN); VALUE is a\n"
		"                                        number, or a word for word-valued keys\n"
		"       sipalgctl --version\n"
		"Tunables are also the sysctls net.netfilter.sipalg.KEY (numbers only).\n");
}

int main(int argc, char **argv)
{
	bool json = false, all = false, prom = false, ok;
	unsigned int watch = 0, count = 0;
	const char *args[3] = { NULL };
	const char *cmd;
	int i, nargs = 0;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			json = true;
		} else if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--all")) {
			all = true;
		} else if (!strcmp(argv[i], "--prometheus")) {
			prom = true;
		} else if ((!strcmp(argv[i], "--watch") || !strcmp(argv[i], "--count")) &&
			   i + 1 < argc) {
			char *end;
			unsigned long v = strtoul(argv[i + 1], &end, 10);

			if (*end || !v || v > 86400) {
				fprintf(stderr, "sipalgctl: %s takes a number 1..86400\n", argv[i]);
				return 2;
			}
			if (!strcmp(argv[i], "--watch"))
				watch = v;
			else
				count = v;
			i++;
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("sipalgctl %s\n", SIPALGCTL_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout);
			return 0;
		} else if (nargs < 3) {
			args[nargs++] = argv[i];
		} else {
			print_usage(stderr);
			return 2;
		}
	}
	cmd = nargs ? args[0] : "stats";
	if (!strcmp(cmd, "stats") || !strcmp(cmd, "reset"))
		ok = nargs <= 1;
	else if (!strcmp(cmd, "get"))
		ok = nargs <= 2;
	else if (!strcmp(cmd, "set"))
		ok = nargs == 3;
	else
		ok = false;
	if (!ok) {
		print_usage(stderr);
		return 2;
	}
	open_family();
	if (!strcmp(cmd, "reset"))
		return cmd_reset();
	if (!strcmp(cmd, "get"))
		return cmd_get(args[1], json);
	if (!strcmp(cmd, "set"))
		return cmd_set(args[1], args[2]);
	return cmd_stats(prom ? FMT_PROMETHEUS : json ? FMT_JSON : FMT_TABLE, all, watch, count);
}
