// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "sipalg_rewrite": the edit planner and its application
 * (module/rewrite.c, built here from the same source as nf_sipalg.ko) on
 * constructed packets.
 *
 * Each case builds an IPv4 or IPv6 packet with a UDP or TCP header and a SIP
 * message, attaches it to a real, unconfirmed conntrack (nf_conntrack_alloc():
 * nf_nat_mangle_udp_packet() and __nf_nat_mangle_tcp_packet() read its address
 * family, and the TCP path its sequence-adjustment extension), parses the
 * message with the parser, plans edits and applies them with
 * sipalg_plan_apply().  It then checks the bytes of the message, the IP and
 * transport lengths and checksums, the returned length change and the
 * counters of init_net (the suite registers its own per-netns counters under
 * sipalg_net_id, which is all of struct sipalg_net that rewrite.c uses).
 *
 * Not covered here: the helper entry points (helper.c: framing, verdicts),
 * which need a conntrack attached to a helper; the planners of nat_sip.c and
 * media.c, which need a NATed conntrack and expectations.  The VM selftests
 * cover those end to end.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip6_checksum.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_core.h>
#include <net/netfilter/nf_conntrack_seqadj.h>
#include <net/netfilter/nf_conntrack_zones.h>

#include "sipalg.h"

/* The per-netns state rewrite.c counts in: only the counters (stats.c's job in nf_sipalg.ko). */
unsigned int sipalg_net_id;

static int __net_init rw_net_init(struct net *net)
{
	struct sipalg_net *sn = sipalg_pernet(net);

	sn->stats = __alloc_percpu(sizeof(u64) * SIPALG_STAT__COUNT, sizeof(u64));
	return sn->stats ? 0 : -ENOMEM;
}

static void __net_exit rw_net_exit(struct net *net)
{
	free_percpu(sipalg_pernet(net)->stats);
}

static struct pernet_operations rw_net_ops = {
	.init = rw_net_init,
	.exit = rw_net_exit,
	.id = &sipalg_net_id,
	.size = sizeof(struct sipalg_net),
};

static void rw_stats_read(u64 *out)
{
	struct sipalg_net *sn = sipalg_pernet(&init_net);
	int cpu, i;

	memset(out, 0, sizeof(*out) * SIPALG_STAT__COUNT);
	for_each_possible_cpu(cpu)
		for (i = 0; i < SIPALG_STAT__COUNT; i++)
			out[i] += READ_ONCE(per_cpu_ptr(sn->stats, cpu)[i]);
}

/* One constructed packet and the message context sipalg_plan_apply() gets. */
struct rw {
	struct kunit *test;
	struct sk_buff *skb;
	struct nf_conn *ct;
	struct sipalg_scratch *s;
	struct sipalg_ctx c;
	bool v6;
	unsigned int thlen;		/* transport header length */
	u64 before[SIPALG_STAT__COUNT];	/* counters when the packet was made */
};

enum rw_flags {
	RW_V6		= 0x1,
	RW_TCP		= 0x2,
	RW_SEQADJ	= 0x4,		/* the conntrack has sequence adjustment */
	RW_NOCSUM	= 0x8,		/* UDP checksum 0 (none) */
};

static const u8 rw_src6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const u8 rw_dst6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static struct nf_conn *rw_ct(struct kunit *test, bool v6, bool tcp, bool seqadj)
{
	struct nf_conntrack_tuple t = {};
	struct nf_conn *ct;

	t.src.l3num = v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	t.dst.protonum = tcp ? IPPROTO_TCP : IPPROTO_UDP;
	t.dst.dir = IP_CT_DIR_ORIGINAL;
	if (v6) {
		memcpy(t.src.u3.ip6, rw_src6, 16);
		memcpy(t.dst.u3.ip6, rw_dst6, 16);
	} else {
		t.src.u3.ip = htonl(0x0a000001);
		t.dst.u3.ip = htonl(0xc0000201);
	}
	t.src.u.all = htons(5060);
	t.dst.u.all = htons(5060);
	ct = nf_conntrack_alloc(&init_net, &nf_ct_zone_dflt, &t, &t, GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, ct);
	/* nf_conntrack_in() does this when it attaches a new conntrack to a packet */
	refcount_set(&ct->ct_general.use, 1);
	if (seqadj)
		KUNIT_ASSERT_NOT_NULL(test, nfct_seqadj_ext_add(ct));
	return ct;
}

/* Transport checksum of the packet as a receiver would verify it: 0 when valid. */
static __sum16 rw_l4_csum(struct rw *r)
{
	struct sk_buff *skb = r->skb;
	unsigned int len = skb->len - r->c.protoff;
	__wsum sum = csum_partial(skb->data + r->c.protoff, len, 0);
	u8 proto = r->c.tcp ? IPPROTO_TCP : IPPROTO_UDP;

	if (r->v6)
		return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
				       len, proto, sum);
	return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, len, proto, sum);
}

static void rw_free(struct rw *r)
{
	if (r->skb)
		kfree_skb(r->skb);	/* puts the conntrack */
	else if (r->ct)
		nf_ct_put(r->ct);
	kfree(r->s);
}

/*
 * A packet of the given kind holding msg[0, len) (at msgoff in the transport
 * payload: what comes before is filled with 'x'), parsed into r->s->msg.
 */
static void rw_make(struct rw *r, struct kunit *test, unsigned int flags,
		    const char *msg, unsigned int len, unsigned int msgoff)
{
	bool v6 = flags & RW_V6, tcp = flags & RW_TCP;
	unsigned int nhlen = v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int thlen = tcp ? sizeof(struct tcphdr) : sizeof(struct udphdr);
	unsigned int l4len = thlen + msgoff + len;
	struct sk_buff *skb;
	u8 *data;
	int ret;

	memset(r, 0, sizeof(*r));
	r->test = test;
	r->v6 = v6;
	r->thlen = thlen;
	r->ct = rw_ct(test, v6, tcp, flags & RW_SEQADJ);

	/* The packet as the helper sees it: data at the network header. */
	skb = alloc_skb(LL_MAX_HEADER + nhlen + l4len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	r->skb = skb;
	skb_reserve(skb, LL_MAX_HEADER);
	skb_reset_network_header(skb);
	data = skb_put_zero(skb, nhlen + l4len);
	skb_set_transport_header(skb, nhlen);
	nf_ct_set(skb, r->ct, IP_CT_ESTABLISHED);
	skb->protocol = htons(v6 ? ETH_P_IPV6 : ETH_P_IP);

	if (v6) {
		struct ipv6hdr *ip6 = (struct ipv6hdr *)data;

		ip6->version = 6;
		ip6->payload_len = htons(l4len);
		ip6->nexthdr = tcp ? IPPROTO_TCP : IPPROTO_UDP;
		ip6->hop_limit = 64;
		memcpy(&ip6->saddr, rw_src6, 16);
		memcpy(&ip6->daddr, rw_dst6, 16);
	} else {
		struct iphdr *iph = (struct iphdr *)data;

		iph->version = 4;
		iph->ihl = 5;
		iph->tot_len = htons(nhlen + l4len);
		iph->ttl = 64;
		iph->protocol = tcp ? IPPROTO_TCP : IPPROTO_UDP;
		iph->saddr = htonl(0x0a000001);
		iph->daddr = htonl(0xc0000201);
		ip_send_check(iph);
	}
	memset(data + nhlen + thlen, 'x', msgoff);
	memcpy(data + nhlen + thlen + msgoff, msg, len);

	r->c.protoff = nhlen;
	r->c.tcp = tcp;
	if (tcp) {
		struct tcphdr *th = (struct tcphdr *)(data + nhlen);

		th->source = htons(5060);
		th->dest = htons(5060);
		th->seq = htonl(1000);
		th->doff = sizeof(*th) / 4;
		th->ack = 1;
		th->window = htons(65535);
		th->check = 0;
		th->check = rw_l4_csum(r);
	} else {
		struct udphdr *uh = (struct udphdr *)(data + nhlen);

		uh->source = htons(5060);
		uh->dest = htons(5060);
		uh->len = htons(l4len);
		uh->check = 0;
		if (!(flags & RW_NOCSUM))
			uh->check = rw_l4_csum(r) ?: CSUM_MANGLED_0;
	}
	skb->ip_summed = CHECKSUM_NONE;
	if (tcp || !(flags & RW_NOCSUM))
		KUNIT_ASSERT_EQ(test, rw_l4_csum(r), 0);

	/*
	 * Exactly up to the end of the span buffer, without the struct's tail
	 * padding: KASAN then reports a write of even one byte past it.
	 */
	r->s = kzalloc(offsetofend(struct sipalg_scratch, span), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r->s);
	r->c.s = r->s;
	r->c.skb = skb;
	r->c.ct = r->ct;
	r->c.ctinfo = IP_CT_ESTABLISHED;
	r->c.net = &init_net;
	r->c.msgoff = msgoff;
	r->c.buf = (const char *)data + nhlen + thlen + msgoff;
	r->c.len = len;
	r->c.dir = IP_CT_DIR_ORIGINAL;
	sipalg_cfg_defaults(&r->c.cfg);

	ret = sipalg_parse_msg(r->c.buf, len, &r->s->msg, tcp ? SIPALG_PF_STREAM : 0);
	KUNIT_ASSERT_GE_MSG(test, ret, 0, "the test message does not parse");
	rw_stats_read(r->before);
}

/* How much a counter moved since rw_make(). */
static u64 rw_counted(struct rw *r, enum sipalg_stat id)
{
	u64 now[SIPALG_STAT__COUNT];

	rw_stats_read(now);
	return now[id] - r->before[id];
}

/* The packet is consistent and holds want[0, wlen) at the message's place. */
static void rw_expect_msg(struct rw *r, const char *want, unsigned int wlen)
{
	struct kunit *test = r->test;
	struct sk_buff *skb = r->skb;
	unsigned int off = r->c.protoff + r->thlen + r->c.msgoff;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, skb->len, off + wlen);
	for (i = 0; i < wlen && skb->data[off + i] == (u8)want[i]; i++)
		;
	KUNIT_EXPECT_EQ_MSG(test, i, wlen, "message differs at byte %u: got \"%.*s\", want \"%.*s\"",
			    i, (int)min(wlen - i, 24U), skb->data + off + i,
			    (int)min(wlen - i, 24U), want + i);
	for (i = 0; i < r->c.msgoff; i++)
		if (skb->data[r->c.protoff + r->thlen + i] != 'x')
			break;
	KUNIT_EXPECT_EQ_MSG(test, i, r->c.msgoff, "bytes before the message changed");

	if (r->v6) {
		KUNIT_EXPECT_EQ(test, ntohs(ipv6_hdr(skb)->payload_len),
				skb->len - sizeof(struct ipv6hdr));
	} else {
		KUNIT_EXPECT_EQ(test, ntohs(ip_hdr(skb)->tot_len), skb->len);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(ip_hdr(skb), ip_hdr(skb)->ihl), 0);
	}
	if (!r->c.tcp)
		KUNIT_EXPECT_EQ(test, ntohs(udp_hdr(skb)->len), skb->len - r->c.protoff);
	/* A mangled packet leaves with CHECKSUM_PARTIAL: finish it as a NIC would. */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		KUNIT_ASSERT_EQ(test, skb_checksum_help(skb), 0);
	if (r->c.tcp || udp_hdr(skb)->check)
		KUNIT_EXPECT_EQ_MSG(test, rw_l4_csum(r), 0, "bad transport checksum");
}

/* Offset of the first occurrence of needle in the message (the test fails if none). */
static struct sipalg_span rw_find(struct rw *r, const char *needle)
{
	unsigned int n = strlen(needle), i;

	for (i = 0; i + n <= r->c.len; i++)
		if (!memcmp(r->c.buf + i, needle, n))
			return (struct sipalg_span){ .off = i, .len = n };
	KUNIT_FAIL_AND_ABORT(r->test, "\"%s\" not in the test message", needle);
	return (struct sipalg_span){};
}

static void rw_text(struct rw *r, const char *old, const char *text)
{
	KUNIT_ASSERT_EQ(r->test, sipalg_plan_text(&r->s->plan, rw_find(r, old), text,
						  strlen(text)), 0);
}

static __printf(2, 3) char *rw_asprintf(struct kunit *test, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	p = kunit_kzalloc(test, n + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	va_start(ap, fmt);
	vsnprintf(p, n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static char *rw_memdup(struct kunit *test, const char *s, size_t n)
{
	char *p = kunit_kzalloc(test, n + 1, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	return memcpy(p, s, n);
}

/* ---- the planners ---------------------------------------------------- */

static void rw_fmt_port(struct kunit *test)
{
	static const struct { u16 port; const char *text; } cases[] = {
		{ 0, "0" }, { 7, "7" }, { 10, "10" }, { 5060, "5060" }, { 65535, "65535" },
	};
	char out[6];
	unsigned int i, n;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(out, '#', sizeof(out));
		n = sipalg_fmt_port(out, cases[i].port);
		KUNIT_EXPECT_EQ(test, n, strlen(cases[i].text));
		KUNIT_EXPECT_MEMEQ(test, out, cases[i].text, strlen(cases[i].text));
		KUNIT_EXPECT_EQ(test, out[n], '#');
	}
}

static void rw_plan_full(struct kunit *test)
{
	struct sipalg_plan *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	char big[SIPALG_EDIT_TEXT + 1];
	struct sipalg_span at = { .off = 3, .len = 2 };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memset(big, 'a', sizeof(big));
	/* the longest text fits, one byte more does not */
	KUNIT_EXPECT_EQ(test, sipalg_plan_text(p, at, big, SIPALG_EDIT_TEXT), 0);
	KUNIT_EXPECT_FALSE(test, p->overflow);
	KUNIT_EXPECT_EQ(test, sipalg_plan_text(p, at, big, SIPALG_EDIT_TEXT + 1), -ENOSPC);
	KUNIT_EXPECT_TRUE(test, p->overflow);
	KUNIT_EXPECT_EQ(test, p->n, 1);
	KUNIT_EXPECT_EQ(test, p->e[0].off, 3);
	KUNIT_EXPECT_EQ(test, p->e[0].len, 2);
	KUNIT_EXPECT_EQ(test, p->e[0].tlen, SIPALG_EDIT_TEXT);

	/* SIPALG_MAX_EDITS edits fit, one more does not */
	memset(p, 0, sizeof(*p));
	for (i = 0; i < SIPALG_MAX_EDITS; i++) {
		at.off = 2 * i;
		KUNIT_ASSERT_EQ(test, sipalg_plan_text(p, at, "z", 1), 0);
	}
	KUNIT_EXPECT_FALSE(test, p->overflow);
	KUNIT_EXPECT_EQ(test, sipalg_plan_text(p, at, "z", 1), -ENOSPC);
	KUNIT_EXPECT_TRUE(test, p->overflow);
	KUNIT_EXPECT_EQ(test, p->n, SIPALG_MAX_EDITS);
}

static void rw_expect_edit(struct kunit *test, const struct sipalg_plan *p, unsigned int i,
			   u16 off, u16 len, const char *text)
{
	KUNIT_ASSERT_LT(test, i, p->n);
	KUNIT_EXPECT_EQ(test, p->e[i].off, off);
	KUNIT_EXPECT_EQ(test, p->e[i].len, len);
	KUNIT_EXPECT_EQ(test, p->e[i].tlen, strlen(text));
	KUNIT_EXPECT_MEMEQ(test, p->e[i].text, text, min_t(size_t, strlen(text), p->e[i].tlen));
}

static void rw_plan_addr_host_port(struct kunit *test)
{
	struct sipalg_plan *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	union nf_inet_addr a4 = { .ip = htonl(0xc0000201) }, a6 = {};
	union nf_inet_addr a6full = {};
	struct sipalg_span at = { .off = 10, .len = 8 };
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, p);
	memcpy(a6.ip6, rw_dst6, 16);
	for (i = 0; i < 16; i++)
		((u8 *)a6full.ip6)[i] = 0xf0 + (i & 7);

	KUNIT_EXPECT_EQ(test, sipalg_plan_addr(p, at, NFPROTO_IPV4, &a4), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_addr(p, at, NFPROTO_IPV6, &a6), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_host(p, at, true, NFPROTO_IPV6, &a6), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_host(p, at, false, NFPROTO_IPV6, &a6), 0);
	/* brackets are for IPv6 only */
	KUNIT_EXPECT_EQ(test, sipalg_plan_host(p, at, true, NFPROTO_IPV4, &a4), 0);
	/* the longest IPv6 text, bracketed */
	KUNIT_EXPECT_EQ(test, sipalg_plan_host(p, at, true, NFPROTO_IPV6, &a6full), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_port(p, at, 65535), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_port(p, at, 0), 0);
	KUNIT_EXPECT_FALSE(test, p->overflow);

	rw_expect_edit(test, p, 0, 10, 8, "192.0.2.1");
	rw_expect_edit(test, p, 1, 10, 8, "2001:db8::2");
	rw_expect_edit(test, p, 2, 10, 8, "[2001:db8::2]");
	rw_expect_edit(test, p, 3, 10, 8, "2001:db8::2");
	rw_expect_edit(test, p, 4, 10, 8, "192.0.2.1");
	rw_expect_edit(test, p, 5, 10, 8,
		       "[f0f1:f2f3:f4f5:f6f7:f0f1:f2f3:f4f5:f6f7]");
	rw_expect_edit(test, p, 6, 10, 8, "65535");
	rw_expect_edit(test, p, 7, 10, 8, "0");
}

/* ---- application ----------------------------------------------------- */

/* An INVITE with SDP; %s: Request-URI host, Via host, c= address, m= port. */
#define RW_INVITE_FMT							\
	"INVITE sip:bob@%s SIP/2.0\r\n"					\
	"Via: SIP/2.0/%s %s:5060;branch=z9hG4bK-1\r\n"			\
	"From: <sip:alice@10.0.0.1>;tag=1\r\n"				\
	"To: <sip:bob@192.0.2.1>\r\n"					\
	"Call-ID: c1@10.0.0.1\r\n"					\
	"CSeq: 1 INVITE\r\n"						\
	"Content-Type: application/sdp\r\n"				\
	"Content-Length: %u\r\n"					\
	"\r\n"
#define RW_SDP_FMT							\
	"v=0\r\n"							\
	"o=- 1 1 IN IP4 10.0.0.1\r\n"					\
	"s=-\r\n"							\
	"c=IN IP4 %s\r\n"						\
	"t=0 0\r\n"							\
	"m=audio %s RTP/AVP 0\r\n"

/* The INVITE with the given fields, in a kunit-managed buffer. */
static char *rw_invite(struct kunit *test, bool tcp, const char *ruri, const char *via,
		       const char *conn, const char *port, unsigned int *len)
{
	char *sdp = rw_asprintf(test, RW_SDP_FMT, conn, port);
	char *msg;

	KUNIT_ASSERT_NOT_NULL(test, sdp);
	msg = rw_asprintf(test, RW_INVITE_FMT "%s", ruri,
			      tcp ? "TCP" : "UDP", via, (unsigned int)strlen(sdp), sdp);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	*len = strlen(msg);
	return msg;
}

/*
 * Plan the four rewrites of the INVITE, out of order, apply them, and compare
 * with the INVITE written with the new values (its Content-Length computed
 * independently).
 */
static void rw_apply_invite(struct kunit *test, unsigned int flags, unsigned int msgoff)
{
	bool tcp = flags & RW_TCP;
	unsigned int len, wlen;
	char *msg = rw_invite(test, tcp, "10.0.0.2", "10.0.0.1", "10.0.0.1", "4000", &len);
	char *want = rw_invite(test, tcp, "bob.example.net", "203.0.113.200", "203.0.113.200",
			       "10", &wlen);
	struct sipalg_span sdp_c, sdp_m;
	struct rw r;
	int delta = 12345;

	rw_make(&r, test, flags, msg, len, msgoff);
	/* body first, then header, body again, header again: the applier sorts */
	sdp_m = rw_find(&r, "4000");
	KUNIT_ASSERT_EQ(test, sipalg_plan_port(&r.s->plan, sdp_m, 10), 0);
	rw_text(&r, "10.0.0.2", "bob.example.net");
	sdp_c = rw_find(&r, "IN IP4 10.0.0.1\r\nt=");
	sdp_c.off += 7;
	sdp_c.len = 8;
	rw_text(&r, "P 10.0.0.1:", "P 203.0.113.200:");
	KUNIT_ASSERT_EQ(test, sipalg_plan_text(&r.s->plan, sdp_c, "203.0.113.200", 13), 0);

	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, (int)wlen - (int)len);
	rw_expect_msg(&r, want, wlen);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_CLEN), 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_FWD_UNMODIFIED), 0);
	rw_free(&r);
}

static void rw_apply_udp4(struct kunit *test)
{
	rw_apply_invite(test, 0, 0);
}

static void rw_apply_udp4_nocsum(struct kunit *test)
{
	rw_apply_invite(test, RW_NOCSUM, 0);
}

static void rw_apply_udp6(struct kunit *test)
{
	rw_apply_invite(test, RW_V6, 0);
}

/* TCP with sequence adjustment: the second message of a segment */
static void rw_apply_tcp4_seqadj(struct kunit *test)
{
	rw_apply_invite(test, RW_TCP | RW_SEQADJ, 37);
}

static void rw_apply_tcp6_seqadj(struct kunit *test)
{
	rw_apply_invite(test, RW_V6 | RW_TCP | RW_SEQADJ, 0);
}

/* Over TCP without sequence adjustment a length change would break the stream. */
static void rw_apply_tcp_no_seqadj(struct kunit *test)
{
	unsigned int len;
	char *msg = rw_invite(test, true, "10.0.0.2", "10.0.0.1", "10.0.0.1", "4000", &len);
	char *copy = rw_memdup(test, msg, len);
	struct rw r;
	int delta = 12345;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	rw_make(&r, test, RW_TCP, msg, len, 0);
	rw_text(&r, "10.0.0.2", "10.0.0.22");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, delta, 12345);
	rw_expect_msg(&r, copy, len);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_FWD_UNMODIFIED), 1);
	rw_free(&r);

	/* the same length is fine */
	rw_make(&r, test, RW_TCP, msg, len, 0);
	memcpy(copy + rw_find(&r, "10.0.0.2").off, "10.0.0.3", 8);
	rw_text(&r, "10.0.0.2", "10.0.0.3");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 0);
	rw_expect_msg(&r, copy, len);
	rw_free(&r);
}

/* Edits that touch (one ends where the next starts) are both applied. */
static void rw_apply_adjacent(struct kunit *test)
{
	static const char msg[] = "OPTIONS sip:abcdef SIP/2.0\r\nCall-ID: x\r\n\r\n";
	static const char want[] = "OPTIONS sip:ABCDEFGH SIP/2.0\r\nCall-ID: x\r\n\r\n";
	struct rw r;
	int delta;

	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	rw_text(&r, "def", "DEFGH");
	rw_text(&r, "abc", "ABC");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 2);
	rw_expect_msg(&r, want, sizeof(want) - 1);
	rw_free(&r);
}

/* Overlapping edits, or one past the message: nothing is changed, and it is counted. */
static void rw_apply_inconsistent(struct kunit *test)
{
	static const char msg[] = "OPTIONS sip:abcdef SIP/2.0\r\nCall-ID: x\r\n\r\n";
	struct sipalg_span past = { .off = sizeof(msg) - 3, .len = 3 };
	struct rw r;
	int delta = 12345;

	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	rw_text(&r, "cde", "CDE");
	rw_text(&r, "abc", "ABC");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -EINVAL);
	KUNIT_EXPECT_EQ(test, delta, 12345);
	rw_expect_msg(&r, msg, sizeof(msg) - 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_FWD_UNMODIFIED), 1);
	rw_free(&r);

	/* the same edit twice */
	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	rw_text(&r, "abc", "ABC");
	rw_text(&r, "abc", "ABC");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -EINVAL);
	rw_expect_msg(&r, msg, sizeof(msg) - 1);
	rw_free(&r);

	/* ends one byte past the message */
	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	rw_text(&r, "abc", "ABC");
	KUNIT_ASSERT_EQ(test, sipalg_plan_text(&r.s->plan, past, "zz", 2), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -EINVAL);
	rw_expect_msg(&r, msg, sizeof(msg) - 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_FWD_UNMODIFIED), 1);
	rw_free(&r);
}

/* A plan that overflowed is not applied at all: half a rewrite is worse than none. */
static void rw_apply_overflow(struct kunit *test)
{
	static const char msg[] = "OPTIONS sip:abcdef SIP/2.0\r\nCall-ID: x\r\n\r\n";
	char big[SIPALG_EDIT_TEXT + 1];
	struct rw r;
	int delta = 12345;

	memset(big, 'a', sizeof(big));
	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	rw_text(&r, "abc", "ABC");
	KUNIT_EXPECT_EQ(test, sipalg_plan_text(&r.s->plan, rw_find(&r, "x\r\n"), big,
					       sizeof(big)), -ENOSPC);
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -ENOSPC);
	KUNIT_EXPECT_EQ(test, delta, 12345);
	rw_expect_msg(&r, msg, sizeof(msg) - 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_TOO_MANY), 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_FWD_UNMODIFIED), 1);
	rw_free(&r);
}

/*
 * A message whose body edits fill the plan: the Content-Length fix does not
 * fit, so nothing is applied.  One edit fewer and everything is.
 */
static void rw_apply_clen_no_room(struct kunit *test)
{
	unsigned int blen = 2 * SIPALG_MAX_EDITS, i, len, n;
	char *body = kunit_kzalloc(test, blen + 1, GFP_KERNEL);
	char *msg, *want, *p;
	struct rw r;
	int delta = 12345;

	KUNIT_ASSERT_NOT_NULL(test, body);
	memset(body, '.', blen);
	msg = rw_asprintf(test,
			      "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: %u\r\n\r\n%s", blen, body);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	len = strlen(msg);

	for (n = SIPALG_MAX_EDITS; n >= SIPALG_MAX_EDITS - 1; n--) {
		struct sipalg_span at = { .len = 1 };

		rw_make(&r, test, 0, msg, len, 0);
		for (i = 0; i < n; i++) {
			at.off = r.s->msg.body.off + 2 * i;
			KUNIT_ASSERT_EQ(test, sipalg_plan_text(&r.s->plan, at, "::", 2), 0);
		}
		if (n == SIPALG_MAX_EDITS) {
			KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -ENOSPC);
			KUNIT_EXPECT_EQ(test, delta, 12345);
			rw_expect_msg(&r, msg, len);
			KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_TOO_MANY), 1);
			KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_CLEN), 0);
		} else {
			/* each edited '.' becomes "::", the Content-Length as many more */
			want = rw_asprintf(test, "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: %u\r\n\r\n%s%s",
					   blen + n, body, body);
			p = want + strlen(want) - 2 * blen;
			for (i = 0; i < n; i++)
				memcpy(p + 3 * i, "::.", 3);
			want[strlen(want) - blen + n] = '\0';
			KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
			KUNIT_EXPECT_EQ(test, delta, n);	/* 160 -> 160 + n: as many digits */
			rw_expect_msg(&r, want, strlen(want));
			KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_CLEN), 1);
		}
		rw_free(&r);
	}
}

/* Observe mode: everything is planned and counted, no byte changes. */
static void rw_apply_observe(struct kunit *test)
{
	unsigned int len;
	char *msg = rw_invite(test, false, "10.0.0.2", "10.0.0.1", "10.0.0.1", "4000", &len);
	char *copy = rw_memdup(test, msg, len);
	struct rw r;
	int delta = 12345;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	rw_make(&r, test, 0, msg, len, 0);
	r.c.cfg.mode = SIPALG_MODE_OBSERVE;
	rw_text(&r, "10.0.0.2", "192.0.2.1");
	KUNIT_ASSERT_EQ(test, sipalg_plan_port(&r.s->plan, rw_find(&r, "4000"), 40000), 0);
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), -EPERM);
	KUNIT_EXPECT_EQ(test, delta, 12345);
	rw_expect_msg(&r, copy, len);
	/* the two edits and the Content-Length fix */
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_OBSERVE_REWRITES), 3);
	rw_free(&r);
}

/* Header edits only: Content-Length stays, and is not counted. */
static void rw_apply_headers_only(struct kunit *test)
{
	unsigned int len, wlen;
	char *msg = rw_invite(test, false, "10.0.0.2", "10.0.0.1", "10.0.0.1", "4000", &len);
	char *want = rw_invite(test, false, "a.b", "10.0.0.1", "10.0.0.1", "4000", &wlen);
	struct rw r;
	int delta;

	rw_make(&r, test, 0, msg, len, 0);
	rw_text(&r, "10.0.0.2", "a.b");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, -5);
	rw_expect_msg(&r, want, wlen);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_CLEN), 0);
	rw_free(&r);
}

/* No Content-Length (allowed over UDP): body edits, no length to fix. */
static void rw_apply_no_clen(struct kunit *test)
{
	static const char msg[] = "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello world";
	static const char want[] = "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\nhello, big world";
	struct rw r;
	int delta;

	rw_make(&r, test, 0, msg, sizeof(msg) - 1, 0);
	KUNIT_ASSERT_FALSE(test, r.s->msg.flags & SIPALG_MF_CLEN);
	rw_text(&r, "o w", "o, big w");
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, 5);
	rw_expect_msg(&r, want, sizeof(want) - 1);
	KUNIT_EXPECT_EQ(test, rw_counted(&r, SIPALG_STAT_RW_CLEN), 0);
	rw_free(&r);
}

/*
 * Edits spread over more than SIPALG_SPAN_BUF bytes are applied one by one
 * instead of in one mangle of their covering span; the result is the same.
 * gap: bytes of body between the two edits.
 */
static void rw_apply_spread(struct kunit *test, unsigned int gap, int growth)
{
	const char *text = growth > 1 ? "A-much-longer-text-of-forty-five-characters.." :
			   growth > 0 ? "LONGER" : "S";
	char *pad = kunit_kzalloc(test, gap + 1, GFP_KERNEL);
	char *msg, *want;
	struct rw r;
	int delta;

	KUNIT_ASSERT_NOT_NULL(test, pad);
	memset(pad, '-', gap);
	msg = rw_asprintf(test,
			      "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: %u\r\n\r\nAAA%sZZZ",
			      gap + 6, pad);
	want = rw_asprintf(test,
			       "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: %u\r\n\r\n%s%s%s",
			       gap + 2 * (unsigned int)strlen(text), text, pad, text);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_NOT_NULL(test, want);

	rw_make(&r, test, 0, msg, strlen(msg), 0);
	rw_text(&r, "AAA", text);
	rw_text(&r, "ZZZ", text);
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, (int)strlen(want) - (int)strlen(msg));
	rw_expect_msg(&r, want, strlen(want));
	rw_free(&r);
}

static void rw_apply_span_limits(struct kunit *test)
{
	/* covering span well inside the buffer: one mangle */
	rw_apply_spread(test, 100, 1);
	/* the Content-Length edit and the body edits span more than the buffer */
	rw_apply_spread(test, SIPALG_SPAN_BUF, 1);
	rw_apply_spread(test, SIPALG_SPAN_BUF, -1);
	/*
	 * The covering span runs from the Content-Length digits (8 bytes
	 * before the body) to the end of the body (gap + 6 bytes): it fits the
	 * buffer before the growth of 6 bytes, not after; shrinking by 4 it
	 * fills the buffer exactly; one byte more and it does not fit.
	 */
	rw_apply_spread(test, SIPALG_SPAN_BUF - 16, 1);
	rw_apply_spread(test, SIPALG_SPAN_BUF - 14, -1);
	rw_apply_spread(test, SIPALG_SPAN_BUF - 13, -1);
	/* a span that fits, and a growth of 84 bytes that does not */
	rw_apply_spread(test, SIPALG_SPAN_BUF - 20, 2);
	/* the message near the 64 KB limit of a UDP datagram */
	rw_apply_spread(test, 60000, 1);
}

/* Growth beyond the packet's tailroom: the packet is reallocated. */
static void rw_apply_grow(struct kunit *test)
{
	union nf_inet_addr a6 = {};
	unsigned int i, n = 70, len;
	char *msg, *want, *p;
	struct rw r;
	int delta;

	for (i = 0; i < 16; i++)
		((u8 *)a6.ip6)[i] = 0xa0 + i;
	msg = kunit_kzalloc(test, 64 + 2 * n, GFP_KERNEL);
	want = kunit_kzalloc(test, 64 + 42 * n, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	KUNIT_ASSERT_NOT_NULL(test, want);
	p = msg + sprintf(msg, "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "h,");
	p = want + sprintf(want, "MESSAGE sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n");
	for (i = 0; i < n; i++)
		p += sprintf(p, "[a0a1:a2a3:a4a5:a6a7:a8a9:aaab:acad:aeaf],");
	len = strlen(msg);

	rw_make(&r, test, 0, msg, len, 0);
	for (i = 0; i < n; i++) {
		struct sipalg_span at = { .off = r.s->msg.body.off + 2 * i, .len = 1 };

		KUNIT_ASSERT_EQ(test, sipalg_plan_host(&r.s->plan, at, true, NFPROTO_IPV6, &a6), 0);
	}
	KUNIT_EXPECT_LT(test, skb_tailroom(r.skb), (int)(strlen(want) - len));
	KUNIT_EXPECT_EQ(test, sipalg_plan_apply(&r.c, &delta), 0);
	KUNIT_EXPECT_EQ(test, delta, (int)(strlen(want) - len));
	rw_expect_msg(&r, want, strlen(want));
	rw_free(&r);
}

static int rw_suite_init(struct kunit_suite *suite)
{
	return register_pernet_subsys(&rw_net_ops);
}

static void rw_suite_exit(struct kunit_suite *suite)
{
	unregister_pernet_subsys(&rw_net_ops);
}

static struct kunit_case sipalg_rewrite_cases[] = {
	KUNIT_CASE(rw_fmt_port),
	KUNIT_CASE(rw_plan_full),
	KUNIT_CASE(rw_plan_addr_host_port),
	KUNIT_CASE(rw_apply_udp4),
	KUNIT_CASE(rw_apply_udp4_nocsum),
	KUNIT_CASE(rw_apply_udp6),
	KUNIT_CASE(rw_apply_tcp4_seqadj),
	KUNIT_CASE(rw_apply_tcp6_seqadj),
	KUNIT_CASE(rw_apply_tcp_no_seqadj),
	KUNIT_CASE(rw_apply_adjacent),
	KUNIT_CASE(rw_apply_inconsistent),
	KUNIT_CASE(rw_apply_overflow),
	KUNIT_CASE(rw_apply_clen_no_room),
	KUNIT_CASE(rw_apply_observe),
	KUNIT_CASE(rw_apply_headers_only),
	KUNIT_CASE(rw_apply_no_clen),
	KUNIT_CASE(rw_apply_span_limits),
	KUNIT_CASE(rw_apply_grow),
	{}
};

static struct kunit_suite sipalg_rewrite_suite = {
	.name = "sipalg_rewrite",
	.suite_init = rw_suite_init,
	.suite_exit = rw_suite_exit,
	.test_cases = sipalg_rewrite_cases,
};
kunit_test_suite(sipalg_rewrite_suite);
