// SPDX-License-Identifier: GPL-2.0
/*
 * sipalgctl - look at and steer nf_sipalg over generic netlink (libmnl).
 *
 *   sipalgctl [--json] stats [-a]     counters of this network namespace
 *   sipalgctl reset                    zero them (CAP_NET_ADMIN)
 *   sipalgctl [--json] get [KEY]       tunables of this network namespace
 *   sipalgctl set KEY VALUE            change one (CAP_NET_ADMIN)
 *   sipalgctl [--json] calls           live calls and their pinholes
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
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

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

/* NLMSG_DONE ends a dump; it carries the dump's error, if any. */
static int done_cb(const struct nlmsghdr *nlh, void *data)
{
	(void)data;
	if (nlh->nlmsg_len >= mnl_nlmsg_size(sizeof(int)) &&
	    *(const int *)mnl_nlmsg_get_payload(nlh) < 0) {
		errno = -*(const int *)mnl_nlmsg_get_payload(nlh);
		return MNL_CB_ERROR;
	}
	return MNL_CB_STOP;
}

static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = error_cb,
	[NLMSG_DONE] = done_cb,
};

/*
 * Send one request and run cb over the reply (every message of a dump);
 * returns 0 or -errno.
 */
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

/* ---- calls ---------------------------------------------------------------- */

struct pinhole {
	int side, proto, state;
	uint8_t pub[16], real[16], src[16];
	uint16_t pub_port, real_port;
	bool has_src, has_expires, counted;
	uint32_t age, expires;
	uint64_t packets, bytes, reply_packets, reply_bytes;
};

struct call {
	bool hashed, continued;
	uint64_t id_hash;
	char id[SIPALG_CALL_ID_MAX];
	unsigned int id_kept;	/* bytes of id */
	uint32_t id_len;	/* the Call-ID's full length */
	uint16_t zone;
	int family, sig_proto, state, offer;
	uint8_t sig_src[16], sig_dst[16];
	uint16_t sig_sport, sig_dport;
	uint32_t age, idle, npinholes;
	unsigned int nph;
	struct pinhole *ph;
};

struct calls {
	unsigned int n;
	struct call *c;
};

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die("%s", "out of memory");
	return p;
}

/* An address attribute: 4 or 16 bytes. */
static void copy_addr(uint8_t *dst, const struct nlattr *attr)
{
	uint16_t len = mnl_attr_get_payload_len(attr);

	if (len == 4 || len == 16)
		memcpy(dst, mnl_attr_get_payload(attr), len);
}

static int pinhole_cb(const struct nlattr *attr, void *data)
{
	struct pinhole *p = data;
	uint64_t *u64 = NULL;

	switch (mnl_attr_get_type(attr)) {
	case SIPALG_PH_A_SIDE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			p->side = mnl_attr_get_u8(attr);
		break;
	case SIPALG_PH_A_PROTO:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			p->proto = mnl_attr_get_u8(attr);
		break;
	case SIPALG_PH_A_STATE:
		if (mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
			p->state = mnl_attr_get_u8(attr);
		break;
	case SIPALG_PH_A_PUB_ADDR:
		copy_addr(p->pub, attr);
		break;
	case SIPALG_PH_A_REAL_ADDR:
		copy_addr(p->real, attr);
		break;
	case SIPALG_PH_A_SRC_ADDR:
		copy_addr(p->src, attr);
		p->has_src = true;
		break;
	case SIPALG_PH_A_PUB_PORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			p->pub_port = mnl_attr_get_u16(attr);
		break;
	case SIPALG_PH_A_REAL_PORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			p->real_port = mnl_attr_get_u16(attr);
		break;
	case SIPALG_PH_A_AGE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
			p->age = mnl_attr_get_u32(attr);
		break;
	case SIPALG_PH_A_EXPIRES:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) >= 0) {
			p->expires = mnl_attr_get_u32(attr);
			p->has_expires = true;
		}
		break;
	case SIPALG_PH_A_PACKETS:
		u64 = &p->packets;
		p->counted = true;
		break;
	case SIPALG_PH_A_BYTES:
		u64 = &p->bytes;
		break;
	case SIPALG_PH_A_REPLY_PACKETS:
		u64 = &p->reply_packets;
		break;
	case SIPALG_PH_A_REPLY_BYTES:
		u64 = &p->reply_bytes;
		break;
	}
	if (u64 && mnl_attr_validate(attr, MNL_TYPE_U64) >= 0)
		*u64 = mnl_attr_get_u64(attr);
	return MNL_CB_OK;
}

static int call_attr_cb(const struct nlattr *attr, void *data)
{
	struct call *c = data;
	struct pinhole *p;
	uint32_t *u32 = NULL;
	int *u8 = NULL;

	switch (mnl_attr_get_type(attr)) {
	case SIPALG_CALL_A_ID_HASH:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) >= 0) {
			c->id_hash = mnl_attr_get_u64(attr);
			c->hashed = true;
		}
		break;
	case SIPALG_CALL_A_ID:
		c->id_kept = mnl_attr_get_payload_len(attr);
		if (c->id_kept > sizeof(c->id))
			c->id_kept = sizeof(c->id);
		memcpy(c->id, mnl_attr_get_payload(attr), c->id_kept);
		break;
	case SIPALG_CALL_A_ID_LEN:
		u32 = &c->id_len;
		break;
	case SIPALG_CALL_A_CONTINUED:
		c->continued = true;
		break;
	case SIPALG_CALL_A_ZONE:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			c->zone = mnl_attr_get_u16(attr);
		break;
	case SIPALG_CALL_A_FAMILY:
		u8 = &c->family;
		break;
	case SIPALG_CALL_A_SIG_PROTO:
		u8 = &c->sig_proto;
		break;
	case SIPALG_CALL_A_STATE:
		u8 = &c->state;
		break;
	case SIPALG_CALL_A_OFFER:
		u8 = &c->offer;
		break;
	case SIPALG_CALL_A_SIG_SRC:
		copy_addr(c->sig_src, attr);
		break;
	case SIPALG_CALL_A_SIG_DST:
		copy_addr(c->sig_dst, attr);
		break;
	case SIPALG_CALL_A_SIG_SPORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			c->sig_sport = mnl_attr_get_u16(attr);
		break;
	case SIPALG_CALL_A_SIG_DPORT:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) >= 0)
			c->sig_dport = mnl_attr_get_u16(attr);
		break;
	case SIPALG_CALL_A_AGE:
		u32 = &c->age;
		break;
	case SIPALG_CALL_A_IDLE:
		u32 = &c->idle;
		break;
	case SIPALG_CALL_A_NPINHOLES:
		u32 = &c->npinholes;
		break;
	case SIPALG_CALL_A_PINHOLE:
		c->ph = xrealloc(c->ph, (c->nph + 1) * sizeof(*c->ph));
		p = &c->ph[c->nph++];
		memset(p, 0, sizeof(*p));
		mnl_attr_parse_nested(attr, pinhole_cb, p);
		break;
	}
	if (u32 && mnl_attr_validate(attr, MNL_TYPE_U32) >= 0)
		*u32 = mnl_attr_get_u32(attr);
	if (u8 && mnl_attr_validate(attr, MNL_TYPE_U8) >= 0)
		*u8 = mnl_attr_get_u8(attr);
	return MNL_CB_OK;
}

static bool same_call(const struct call *a, const struct call *b)
{
	if (a->hashed != b->hashed || a->zone != b->zone)
		return false;
	if (a->hashed)
		return a->id_hash == b->id_hash;
	return a->id_len == b->id_len && a->id_kept == b->id_kept &&
	       !memcmp(a->id, b->id, a->id_kept);
}

static int calls_attr_cb(const struct nlattr *attr, void *data)
{
	struct calls *all = data;
	struct call *c;

	if (mnl_attr_get_type(attr) != SIPALG_A_CALL)
		return MNL_CB_OK;
	all->c = xrealloc(all->c, (all->n + 1) * sizeof(*all->c));
	c = &all->c[all->n++];
	memset(c, 0, sizeof(*c));
	c->offer = -1;
	mnl_attr_parse_nested(attr, call_attr_cb, c);
	/* More pinholes of the call before: append them to it. */
	if (c->continued && all->n > 1 && same_call(c, &c[-1])) {
		struct call *prev = &c[-1];

		prev->ph = xrealloc(prev->ph, (prev->nph + c->nph) * sizeof(*prev->ph));
		if (c->nph)
			memcpy(prev->ph + prev->nph, c->ph, c->nph * sizeof(*c->ph));
		prev->nph += c->nph;
		prev->npinholes = c->npinholes;
		free(c->ph);
		all->n--;
	}
	return MNL_CB_OK;
}

static int calls_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), calls_attr_cb, data);
}

static const char *proto_name(int proto)
{
	switch (proto) {
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_TCP:
		return "tcp";
	}
	return "?";
}

static const char *side_name(int side)
{
	return side == SIPALG_CALL_SIDE_CALLER ? "caller" : "callee";
}

static const char *call_state_name(int state)
{
	return state == SIPALG_CALL_CONFIRMED ? "confirmed" : "early";
}

static const char *ph_state_name(int state)
{
	switch (state) {
	case SIPALG_PH_WAITING:
		return "waiting";
	case SIPALG_PH_FLOWING:
		return "flowing";
	}
	return "gone";
}

static void format_addr(char *out, size_t size, int family, const uint8_t *addr)
{
	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, addr, out, size))
		snprintf(out, size, "?");
}

/* addr:port, [addr]:port for IPv6. */
static void format_endpoint(char *out, size_t size, int family, const uint8_t *addr,
			    uint16_t port)
{
	char a[INET6_ADDRSTRLEN];

	format_addr(a, sizeof(a), family, addr);
	snprintf(out, size, family == AF_INET6 ? "[%s]:%u" : "%s:%u", a, port);
}

/* The Call-ID as shown: hex of the hash, or the clear bytes (\xNN escaped). */
static void format_call_id(char *out, size_t size, const struct call *c)
{
	size_t len = 0;
	unsigned int i;

	if (c->hashed) {
		snprintf(out, size, "%016" PRIx64, c->id_hash);
		return;
	}
	out[0] = '\0';
	for (i = 0; i < c->id_kept && len + 5 < size; i++) {
		unsigned char ch = c->id[i];

		if (ch > ' ' && ch < 0x7f && ch != '\\')
			out[len++] = ch;
		else
			len += snprintf(out + len, size - len, "\\x%02x", ch);
	}
	out[len] = '\0';
	if (c->id_len > c->id_kept && len + 4 < size)
		strcat(out, "...");
}

/* A JSON string of n bytes; bytes that are not printable ASCII as \u00XX. */
static void json_strn(const char *s, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++) {
		unsigned char ch = s[i];

		if (ch == '"' || ch == '\\')
			printf("\\%c", ch);
		else if (ch < 0x20 || ch >= 0x7f)
			printf("\\u%04x", ch);
		else
			putchar(ch);
	}
	putchar('"');
}

static void json_addr(int family, const uint8_t *addr)
{
	char a[INET6_ADDRSTRLEN];

	format_addr(a, sizeof(a), family, addr);
	json_str(a);
}

static void print_calls_json(const struct calls *all)
{
	unsigned int i, j;
	char id[32];

	printf("{\"calls\":[");
	for (i = 0; i < all->n; i++) {
		const struct call *c = &all->c[i];

		printf("%s{\"call_id\":", i ? "," : "");
		if (c->hashed) {
			snprintf(id, sizeof(id), "%016" PRIx64, c->id_hash);
			json_str(id);
			printf(",\"call_id_hashed\":true");
			printf(",\"call_id_length\":null,\"call_id_truncated\":false");
		} else {
			json_strn(c->id, c->id_kept);
			printf(",\"call_id_hashed\":false,\"call_id_length\":%" PRIu32
			       ",\"call_id_truncated\":%s", c->id_len,
			       c->id_len > c->id_kept ? "true" : "false");
		}
		printf(",\"zone\":%u,\"family\":\"%s\",\"signalling\":{\"proto\":\"%s\",\"src\":",
		       c->zone, c->family == AF_INET6 ? "ipv6" : "ipv4", proto_name(c->sig_proto));
		json_addr(c->family, c->sig_src);
		printf(",\"sport\":%u,\"dst\":", c->sig_sport);
		json_addr(c->family, c->sig_dst);
		printf(",\"dport\":%u},\"state\":\"%s\",\"offer\":", c->sig_dport,
		       call_state_name(c->state));
		if (c->offer < 0)
			printf("null");
		else
			printf("\"%s\"", side_name(c->offer));
		printf(",\"age\":%" PRIu32 ",\"idle\":%" PRIu32 ",\"npinholes\":%" PRIu32
		       ",\"pinholes\":[", c->age, c->idle, c->npinholes);
		for (j = 0; j < c->nph; j++) {
			const struct pinhole *p = &c->ph[j];

			printf("%s{\"side\":\"%s\",\"proto\":\"%s\",\"public\":{\"addr\":",
			       j ? "," : "", side_name(p->side), proto_name(p->proto));
			json_addr(c->family, p->pub);
			printf(",\"port\":%u},\"real\":{\"addr\":", p->pub_port);
			json_addr(c->family, p->real);
			printf(",\"port\":%u},\"source\":", p->real_port);
			if (p->has_src)
				json_addr(c->family, p->src);
			else
				printf("null");
			printf(",\"state\":\"%s\",\"age\":%" PRIu32 ",\"expires\":",
			       ph_state_name(p->state), p->age);
			if (p->has_expires)
				printf("%" PRIu32, p->expires);
			else
				printf("null");
			if (p->counted)
				printf(",\"packets\":%" PRIu64 ",\"bytes\":%" PRIu64
				       ",\"reply_packets\":%" PRIu64 ",\"reply_bytes\":%" PRIu64,
				       p->packets, p->bytes, p->reply_packets, p->reply_bytes);
			else
				printf(",\"packets\":null,\"bytes\":null%s",
				       ",\"reply_packets\":null,\"reply_bytes\":null");
			printf("}");
		}
		printf("]}");
	}
	printf("]}\n");
}

#define W(w, s) do { if (strlen(s) > (w)) (w) = strlen(s); } while (0)

static void print_calls_table(const struct calls *all)
{
	size_t wid = 7, wsrc = 4, wpub = 6, wreal = 4, wfrom = 3;
	char id[4 * SIPALG_CALL_ID_MAX + 8], src[64], dst[64], pub[64], real[64], from[64];
	unsigned int i, j;

	if (!all->n) {
		printf("(no calls)\n");
		return;
	}
	for (i = 0; i < all->n; i++) {
		const struct call *c = &all->c[i];

		format_call_id(id, sizeof(id), c);
		format_endpoint(src, sizeof(src), c->family, c->sig_src, c->sig_sport);
		W(wid, id);
		W(wsrc, src);
		for (j = 0; j < c->nph; j++) {
			const struct pinhole *p = &c->ph[j];

			format_endpoint(pub, sizeof(pub), c->family, p->pub, p->pub_port);
			format_endpoint(real, sizeof(real), c->family, p->real, p->real_port);
			if (p->has_src)
				format_addr(from, sizeof(from), c->family, p->src);
			else
				snprintf(from, sizeof(from), "any");
			W(wpub, pub);
			W(wreal, real);
			W(wfrom, from);
		}
	}
	printf("%-*s  %-9s  %-6s  %6s  %6s  %-5s  %-*s  %s\n", (int)wid, "CALL-ID", "STATE",
	       "OFFER", "AGE", "IDLE", "PROTO", (int)wsrc, "FROM", "TO");
	printf("  %-6s  %-5s  %-*s  %-*s  %-*s  %s\n", "SIDE", "PROTO", (int)wpub, "PUBLIC",
	       (int)wreal, "REAL", (int)wfrom, "SRC", "STATE");
	for (i = 0; i < all->n; i++) {
		const struct call *c = &all->c[i];

		format_call_id(id, sizeof(id), c);
		format_endpoint(src, sizeof(src), c->family, c->sig_src, c->sig_sport);
		format_endpoint(dst, sizeof(dst), c->family, c->sig_dst, c->sig_dport);
		printf("%-*s  %-9s  %-6s  %5" PRIu32 "s  %5" PRIu32 "s  %-5s  %-*s  %s", (int)wid, id,
		       call_state_name(c->state), c->offer < 0 ? "-" : side_name(c->offer),
		       c->age, c->idle, proto_name(c->sig_proto), (int)wsrc, src, dst);
		if (c->zone)
			printf("  zone %u", c->zone);
		if (c->nph < c->npinholes)
			printf("  (%u of %" PRIu32 " pinholes shown)", c->nph, c->npinholes);
		printf("\n");
		for (j = 0; j < c->nph; j++) {
			const struct pinhole *p = &c->ph[j];

			format_endpoint(pub, sizeof(pub), c->family, p->pub, p->pub_port);
			format_endpoint(real, sizeof(real), c->family, p->real, p->real_port);
			if (p->has_src)
				format_addr(from, sizeof(from), c->family, p->src);
			else
				snprintf(from, sizeof(from), "any");
			printf("  %-6s  %-5s  %-*s  %-*s  %-*s  %s", side_name(p->side),
			       proto_name(p->proto), (int)wpub, pub, (int)wreal, real, (int)wfrom,
			       from, ph_state_name(p->state));
			if (p->has_expires)
				printf(" expires %" PRIu32 "s", p->expires);
			if (p->counted)
				printf(" %" PRIu64 " pkts %" PRIu64 " bytes, back %" PRIu64 " pkts %"
				       PRIu64 " bytes", p->packets, p->bytes, p->reply_packets,
				       p->reply_bytes);
			printf("\n");
		}
	}
}

static int cmd_calls(bool json)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct calls all = { 0 };
	struct nlmsghdr *nlh;
	unsigned int i;
	int ret;

	nlh = genl_request(buf, family_id, SIPALG_CMD_GET_CALLS, SIPALG_GENL_VERSION);
	nlh->nlmsg_flags |= NLM_F_DUMP;
	ret = transact(nlh, calls_cb, &all);
	if (ret == -EOPNOTSUPP)
		die("%s", "this nf_sipalg cannot list calls (older than sipalgctl?)");
	if (ret)
		die("listing calls failed: %s", why(ret));
	if (json)
		print_calls_json(&all);
	else
		print_calls_table(&all);
	for (i = 0; i < all.n; i++)
		free(all.c[i].ph);
	free(all.c);
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
		"       sipalgctl [--json] calls         live calls and their pinholes\n"
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
	if (!strcmp(cmd, "stats") || !strcmp(cmd, "reset") || !strcmp(cmd, "calls"))
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
	if (!strcmp(cmd, "calls"))
		return cmd_calls(json);
	return cmd_stats(prom ? FMT_PROMETHEUS : json ? FMT_JSON : FMT_TABLE, all, watch, count);
}
