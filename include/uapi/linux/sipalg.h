/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause */
/*
 * sipalg.h - the generic netlink contract of nf_sipalg (family "sipalg").
 *
 * Every request and reply carries attributes of enum sipalg_attr.  Replies
 * are self-describing: counters come as nested (name, value) pairs and
 * tunables with their name, type, range, default, words and description, so
 * a newer module can add counters and tunables without a new sipalgctl.
 * Live calls come as a dump, one message per call (SIPALG_CMD_GET_CALLS).
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
 * @SIPALG_CMD_GET_CALLS: dump (NLM_F_DUMP) the live calls of the caller's
 *	network namespace with their pinholes; open to any process in it.
 *	A call ended by BYE, CANCEL or an error answer is not listed (even
 *	while the module still remembers it, to ignore late retransmissions).
 *	Request: no attributes.  Reply: one message per call, each with one
 *	SIPALG_A_CALL (a call whose pinholes do not fit in one message goes on
 *	in the next ones, see SIPALG_CALL_A_CONTINUED).  Calls and pinholes
 *	that come or go while the dump runs may be missed or, rarely, listed
 *	twice.
 */
enum sipalg_cmd {
	SIPALG_CMD_UNSPEC,
	SIPALG_CMD_GET_STATS,
	SIPALG_CMD_RESET_STATS,
	SIPALG_CMD_GET_CONFIG,
	SIPALG_CMD_SET_CONFIG,
	SIPALG_CMD_GET_CALLS,
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
 * @SIPALG_A_CALL: nested enum sipalg_call_attr, one call (replies only).
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
	SIPALG_A_CALL,
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

/* Longest Call-ID kept, hence shown in clear (SIPALG_CALL_A_ID). */
#define SIPALG_CALL_ID_MAX	64

/**
 * enum sipalg_call_state - where a call is.
 * @SIPALG_CALL_EARLY: no 2xx to its INVITE seen yet.
 * @SIPALG_CALL_CONFIRMED: answered (a 2xx to the INVITE, or an ACK).
 */
enum sipalg_call_state {
	SIPALG_CALL_EARLY,
	SIPALG_CALL_CONFIRMED,
};

/**
 * enum sipalg_call_side - a party of a call.
 * @SIPALG_CALL_SIDE_CALLER: the party that sent the request that made it.
 * @SIPALG_CALL_SIDE_CALLEE: the other one.
 */
enum sipalg_call_side {
	SIPALG_CALL_SIDE_CALLER,
	SIPALG_CALL_SIDE_CALLEE,
};

/**
 * enum sipalg_call_attr - one call (SIPALG_A_CALL).
 *
 * Addresses are 4 (AF_INET) or 16 (AF_INET6) bytes in network byte order,
 * as SIPALG_CALL_A_FAMILY says; ports are u16 in host byte order; times are
 * u32 seconds.
 *
 * @SIPALG_CALL_A_UNSPEC: unused.
 * @SIPALG_CALL_A_ID_HASH: u64, the Call-ID hashed with SipHash-2-4 under a
 *	random key drawn once per module load (stable for a call across
 *	dumps, not reversible without the key).  Sent instead of
 *	SIPALG_CALL_A_ID when the tunable log_calls_hashed is 1 (the default).
 * @SIPALG_CALL_A_ID: binary, the Call-ID in clear, its first
 *	SIPALG_CALL_ID_MAX bytes at most (log_calls_hashed 0 only).
 * @SIPALG_CALL_A_ID_LEN: u32, the Call-ID's full length: when larger than
 *	SIPALG_CALL_A_ID's, the Call-ID was truncated (log_calls_hashed 0 only).
 * @SIPALG_CALL_A_ZONE: u16, conntrack zone of the call.
 * @SIPALG_CALL_A_FAMILY: u8, AF_INET or AF_INET6.
 * @SIPALG_CALL_A_SIG_PROTO: u8, IPPROTO_UDP or IPPROTO_TCP: the transport
 *	of the call's latest signalling flow.
 * @SIPALG_CALL_A_SIG_SRC: address, its originator (original direction).
 * @SIPALG_CALL_A_SIG_SPORT: u16, the originator's port.
 * @SIPALG_CALL_A_SIG_DST: address, its responder.
 * @SIPALG_CALL_A_SIG_DPORT: u16, the responder's port.
 * @SIPALG_CALL_A_STATE: u8, enum sipalg_call_state.
 * @SIPALG_CALL_A_OFFER: u8, enum sipalg_call_side: the side whose SDP offer
 *	awaits an answer; absent when none does.
 * @SIPALG_CALL_A_AGE: u32, seconds since the call was first seen.
 * @SIPALG_CALL_A_IDLE: u32, seconds since its last SIP message.
 * @SIPALG_CALL_A_NPINHOLES: u32, pinholes the call holds.
 * @SIPALG_CALL_A_PINHOLE: nested enum sipalg_pinhole_attr, repeated.
 * @SIPALG_CALL_A_CONTINUED: flag: this message carries more pinholes of
 *	the call of the message before it (the same Call-ID and zone); the
 *	other attributes are repeated.
 * @SIPALG_CALL_A_PAD: padding for 64-bit attributes.
 */
enum sipalg_call_attr {
	SIPALG_CALL_A_UNSPEC,
	SIPALG_CALL_A_ID_HASH,
	SIPALG_CALL_A_ID,
	SIPALG_CALL_A_ID_LEN,
	SIPALG_CALL_A_ZONE,
	SIPALG_CALL_A_FAMILY,
	SIPALG_CALL_A_SIG_PROTO,
	SIPALG_CALL_A_SIG_SRC,
	SIPALG_CALL_A_SIG_SPORT,
	SIPALG_CALL_A_SIG_DST,
	SIPALG_CALL_A_SIG_DPORT,
	SIPALG_CALL_A_STATE,
	SIPALG_CALL_A_OFFER,
	SIPALG_CALL_A_AGE,
	SIPALG_CALL_A_IDLE,
	SIPALG_CALL_A_NPINHOLES,
	SIPALG_CALL_A_PINHOLE,
	SIPALG_CALL_A_CONTINUED,
	SIPALG_CALL_A_PAD,
	__SIPALG_CALL_A_MAX,
};
#define SIPALG_CALL_A_MAX (__SIPALG_CALL_A_MAX - 1)

/**
 * enum sipalg_pinhole_state - what a pinhole is doing.
 * @SIPALG_PH_WAITING: its expectation waits for media.
 * @SIPALG_PH_FLOWING: media came in through it; the flow's conntrack lives.
 * @SIPALG_PH_GONE: neither: it expired unused or its media flow ended (the
 *	call still remembers it until an answer or the call's end drops it).
 */
enum sipalg_pinhole_state {
	SIPALG_PH_WAITING,
	SIPALG_PH_FLOWING,
	SIPALG_PH_GONE,
};

/**
 * enum sipalg_pinhole_attr - one pinhole of a call (SIPALG_CALL_A_PINHOLE).
 * @SIPALG_PH_A_UNSPEC: unused.
 * @SIPALG_PH_A_SIDE: u8, enum sipalg_call_side: whose SDP opened it (the
 *	party its media goes to).
 * @SIPALG_PH_A_PROTO: u8, IPPROTO_UDP.
 * @SIPALG_PH_A_PUB_ADDR: address the media is sent to (the SDP as
 *	rewritten, the expectation's destination).
 * @SIPALG_PH_A_PUB_PORT: u16, its port.
 * @SIPALG_PH_A_REAL_ADDR: address of the endpoint the media reaches (the
 *	SDP as sent).
 * @SIPALG_PH_A_REAL_PORT: u16, its port.
 * @SIPALG_PH_A_SRC_ADDR: address, the only source media is accepted from
 *	(direct_media); absent when any source is.
 * @SIPALG_PH_A_STATE: u8, enum sipalg_pinhole_state.
 * @SIPALG_PH_A_AGE: u32, seconds since it was opened.
 * @SIPALG_PH_A_EXPIRES: u32, seconds until the expectation expires unused
 *	(SIPALG_PH_WAITING only).
 * @SIPALG_PH_A_PACKETS: u64, packets of the media flow towards the endpoint
 *	(SIPALG_PH_FLOWING with net.netfilter.nf_conntrack_acct=1 only).
 * @SIPALG_PH_A_BYTES: u64, their bytes (IP headers included).
 * @SIPALG_PH_A_REPLY_PACKETS: u64, packets of the flow from the endpoint.
 * @SIPALG_PH_A_REPLY_BYTES: u64, their bytes.
 * @SIPALG_PH_A_PAD: padding for 64-bit attributes.
 */
enum sipalg_pinhole_attr {
	SIPALG_PH_A_UNSPEC,
	SIPALG_PH_A_SIDE,
	SIPALG_PH_A_PROTO,
	SIPALG_PH_A_PUB_ADDR,
	SIPALG_PH_A_PUB_PORT,
	SIPALG_PH_A_REAL_ADDR,
	SIPALG_PH_A_REAL_PORT,
	SIPALG_PH_A_SRC_ADDR,
	SIPALG_PH_A_STATE,
	SIPALG_PH_A_AGE,
	SIPALG_PH_A_EXPIRES,
	SIPALG_PH_A_PACKETS,
	SIPALG_PH_A_BYTES,
	SIPALG_PH_A_REPLY_PACKETS,
	SIPALG_PH_A_REPLY_BYTES,
	SIPALG_PH_A_PAD,
	__SIPALG_PH_A_MAX,
};
#define SIPALG_PH_A_MAX (__SIPALG_PH_A_MAX - 1)

#endif /* _UAPI_LINUX_SIPALG_H */
