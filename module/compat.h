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

#endif /* SIPALG_COMPAT_H */
