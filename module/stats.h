/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - per-netns, per-CPU counters.  The list below is the single source
 * of counter ids and names; the netlink dump and sipalgctl take names from it.
 */
#ifndef SIPALG_STATS_H
#define SIPALG_STATS_H

#include <linux/percpu.h>
#include <net/net_namespace.h>

#define SIPALG_COUNTERS(X)						\
	X(MSG_REQUEST,		"msg_request")				\
	X(MSG_RESPONSE,		"msg_response")				\
	X(SDP_PARSED,		"sdp_parsed")				\
	X(PARSE_ERROR,		"parse_error")				\
	X(SDP_ERROR,		"sdp_error")				\
	X(FWD_UNMODIFIED,	"fwd_unmodified")			\
	X(DROP_NOMEM,		"drop_nomem")				\
	X(RW_SDP_ORIGIN,	"rewrite_sdp_origin")			\
	X(RW_SDP_CONN,		"rewrite_sdp_conn")			\
	X(RW_SDP_PORT,		"rewrite_sdp_port")			\
	X(RW_SDP_RTCP,		"rewrite_sdp_rtcp")			\
	X(RW_CLEN,		"rewrite_content_length")		\
	X(RW_TOO_MANY,		"rewrite_too_many_edits")		\
	X(PH_CREATED,		"pinhole_created")			\
	X(PH_MATCHED,		"pinhole_matched")			\
	X(PH_PORT_REMAPPED,	"pinhole_port_remapped")		\
	X(PH_FAILED,		"pinhole_failed")			\
	X(PH_REFUSED_LOWPORT,	"pinhole_refused_low_port")		\
	X(PH_REFUSED_FOREIGN,	"pinhole_refused_foreign_addr")		\
	X(PH_REFUSED_FAMILY,	"pinhole_refused_family")		\
	X(MEDIA_RTCP_MUX,	"media_rtcp_mux")			\
	X(MEDIA_HOLD,		"media_hold")				\
	X(MEDIA_DISABLED,	"media_disabled")			\
	X(TCP_PARTIAL,		"tcp_not_at_boundary")

#define SIPALG_STAT_ENUM(id, name) SIPALG_STAT_##id,
enum sipalg_stat {
	SIPALG_COUNTERS(SIPALG_STAT_ENUM)
	SIPALG_STAT__COUNT
};
#undef SIPALG_STAT_ENUM

extern const char * const sipalg_stat_names[SIPALG_STAT__COUNT];

/**
 * struct sipalg_net - per network namespace state.
 * @stats: per-CPU counter array, SIPALG_STAT__COUNT entries per CPU.
 */
struct sipalg_net {
	u64 __percpu *stats;
};

struct sipalg_net *sipalg_pernet(const struct net *net);
void sipalg_stat_inc(const struct net *net, enum sipalg_stat id);
void sipalg_stats_read(const struct net *net, u64 *out);
void sipalg_stats_reset(const struct net *net);
int sipalg_stats_init(void);
void sipalg_stats_exit(void);

#endif /* SIPALG_STATS_H */
