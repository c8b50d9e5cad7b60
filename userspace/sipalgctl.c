// SPDX-License-Identifier: GPL-2.0
/*
 * sipalgctl - look at and steer nf_sipalg over generic netlink (libmnl).
 *
 *   sipalgctl [--json] stats [-a]     counters of this network namespace
 *   sipalgctl reset                    zero them (CAP_NET_ADMIN)
 *   sipalgctl --version
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <inttypes.h>

#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <uapi/linux/sipalg.h>

#define SIPALGCTL_VERSION "0.1.0"
#define MAX_STATS 256

struct stat_kv {
	char name[64];
	uint64_t value;
};

struct reply {
	char version[32];
	unsigned int nstats;
	struct stat_kv stats[MAX_STATS];
};

static struct mnl_socket *nl;
static unsigned int portid;
static uint16_t family_id;

static void die(const char *fmt, const char *arg)
{
	fprintf(stderr, "sipalgctl: ");
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
	exit(1);
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

/* Send one request and run cb over the reply; returns 0 or -errno. */
static int transact(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	unsigned int seq = nlh->nlmsg_seq = (unsigned int)time(NULL);
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_ACK;
	if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, seq, portid, cb, data);
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
	int ret;

	nl = mnl_socket_open(NETLINK_GENERIC);
	if (!nl || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
		die("cannot open a generic netlink socket: %s", strerror(errno));
	portid = mnl_socket_get_portid(nl);

	nlh = genl_request(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SIPALG_GENL_NAME);
	ret = transact(nlh, family_cb, &family_id);
	if (ret == -ENOENT || (!ret && !family_id))
		die("%s", "the nf_sipalg module is not loaded (modprobe nf_sipalg)");
	if (ret)
		die("cannot resolve the sipalg netlink family: %s", strerror(-ret));
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

static int cmd_stats(bool json, bool all)
{
	char buf[MNL_SOCKET_BUFFER_SIZE];
	static struct reply r;
	unsigned int i, shown = 0;
	int ret;

	ret = transact(genl_request(buf, family_id, SIPALG_CMD_GET_STATS, SIPALG_GENL_VERSION),
		       reply_cb, &r);
	if (ret)
		die("reading counters failed: %s", strerror(-ret));
	if (json) {
		printf("{\"version\":");
		json_str(r.version);
		printf(",\"stats\":{");
		for (i = 0; i < r.nstats; i++) {
			printf("%s", i ? "," : "");
			json_str(r.stats[i].name);
			printf(":%" PRIu64, r.stats[i].value);
		}
		printf("}}\n");
		return 0;
	}
	for (i = 0; i < r.nstats; i++) {
		if (!all && !r.stats[i].value)
			continue;
		printf("%-32s %" PRIu64 "\n", r.stats[i].name, r.stats[i].value);
		shown++;
	}
	if (!shown)
		printf("(all counters are zero; -a shows them)\n");
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
		die("reset failed: %s", strerror(-ret));
	return 0;
}

static void print_usage(FILE *f)
{
	fprintf(f,
		"usage: sipalgctl [--json] stats [-a]   counters of this network namespace\n"
		"       sipalgctl reset                  zero the counters (CAP_NET_ADMIN)\n"
		"       sipalgctl --version\n");
}

int main(int argc, char **argv)
{
	bool json = false, all = false;
	const char *cmd = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j")) {
			json = true;
		} else if (!strcmp(argv[i], "-a") || !strcmp(argv[i], "--all")) {
			all = true;
		} else if (!strcmp(argv[i], "--version") || !strcmp(argv[i], "-V")) {
			printf("sipalgctl %s\n", SIPALGCTL_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			print_usage(stdout);
			return 0;
		} else if (!cmd) {
			cmd = argv[i];
		} else {
			print_usage(stderr);
			return 2;
		}
	}
	if (!cmd)
		cmd = "stats";
	if (strcmp(cmd, "stats") && strcmp(cmd, "reset")) {
		print_usage(stderr);
		return 2;
	}
	open_family();
	if (!strcmp(cmd, "reset"))
		return cmd_reset();
	return cmd_stats(json, all);
}
