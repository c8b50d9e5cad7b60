/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the one place where kernel API differences are bridged.
 *
 * Every difference is detected by a compile-time probe of the kernel headers
 * (module/Kbuild defines SIPALG_HAVE_*), never by LINUX_VERSION_CODE alone,
 * because distribution kernels backport APIs.
 */
#ifndef SIPALG_COMPAT_H
#define SIPALG_COMPAT_H

#include <linux/netlink.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_expect.h>

#ifndef SIPALG_HAVE_EXPECT_PAIR
/*
 * nf_ct_expect_related_pair() (Debian 6.12 has it) inserts RTP and RTCP
 * expectations atomically.  Without it, insert one after the other and take
 * the first back if the second fails: the same outcome, with a short window
 * in which only the RTP expectation exists.
 */
static inline int nf_ct_expect_related_pair(struct nf_conntrack_expect *expect[],
					    unsigned int flags)
{
	int ret;

	ret = nf_ct_expect_related(expect[0], flags);
	if (ret < 0)
		return ret;
	ret = nf_ct_expect_related(expect[1], flags);
	if (ret < 0)
		nf_ct_unexpect_related(expect[0]);
	return ret;
}
#endif

/*
 * proc_handler takes a const struct ctl_table on 6.12, a mutable one on 6.1:
 * declare handlers as (SIPALG_CTL_TABLE_CONST struct ctl_table *table, ...).
 */
#ifdef SIPALG_HAVE_CONST_CTL_TABLE
#define SIPALG_CTL_TABLE_CONST const
#else
#define SIPALG_CTL_TABLE_CONST
#endif

#ifndef SIPALG_HAVE_REGISTER_NET_SYSCTL_SZ
/*
 * Without register_net_sysctl_sz() (6.1) a table ends at an empty entry and
 * has no size: callers allocate one more entry than @table_size, zeroed.
 */
static inline struct ctl_table_header *register_net_sysctl_sz(struct net *net, const char *path,
							      struct ctl_table *table,
							      size_t table_size)
{
	return register_net_sysctl(net, path, table);
}
#endif

/*
 * sipalg_extack_fmt(extack, fixed, fmt, args...) - set an extended ACK
 * message: @fmt formatted with @args where the kernel can format one
 * (NL_SET_ERR_MSG_FMT, 6.12), else @fixed, a string that outlives the request
 * (6.1).  @args are not evaluated in the second case.
 */
#ifdef SIPALG_HAVE_NL_SET_ERR_MSG_FMT
#define sipalg_extack_fmt(extack, fixed, fmt, args...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##args)
#else
#define sipalg_extack_fmt(extack, fixed, fmt, args...) do {	\
	struct netlink_ext_ack *__extack = (extack);		\
								\
	if (__extack)						\
		__extack->_msg = (fixed);			\
} while (0)
#endif

/*
 * Expectations expire by time stamp (no timer) in both Debian kernels;
 * upstream kernels of the same versions still arm a timer.
 */
#ifdef SIPALG_HAVE_EXPECT_TIMESTAMP
static inline void sipalg_expect_set_timeout(struct nf_conntrack_expect *exp, u32 secs)
{
	WRITE_ONCE(exp->timeout, nfct_time_stamp + secs * HZ);
}

/* Jiffies until @exp expires (0 if it is due). */
static inline unsigned long sipalg_expect_time_left(const struct nf_conntrack_expect *exp)
{
	s32 left = (s32)(READ_ONCE(exp->timeout) - nfct_time_stamp);

	return left > 0 ? left : 0;
}
#else
static inline void sipalg_expect_set_timeout(struct nf_conntrack_expect *exp, u32 secs)
{
	mod_timer_pending(&exp->timeout, jiffies + secs * HZ);
}

static inline unsigned long sipalg_expect_time_left(const struct nf_conntrack_expect *exp)
{
	unsigned long expires = READ_ONCE(exp->timeout.expires);

	return timer_pending(&exp->timeout) && time_after(expires, jiffies) ?
	       expires - jiffies : 0;
}
#endif

/* nf_ct_refresh() lost its skb argument (Debian 6.12 has the new form). */
#ifdef SIPALG_HAVE_CT_REFRESH_NO_SKB
#define sipalg_ct_refresh(ct, skb, extra)	nf_ct_refresh(ct, extra)
#else
#define sipalg_ct_refresh(ct, skb, extra)	nf_ct_refresh(ct, skb, extra)
#endif

#endif /* SIPALG_COMPAT_H */
