/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tunables.h - the list of sipalg's per-netns tunables, each described once:
 *
 *	SIPALG_TUNABLE(name, kind, min, max, default, doc)
 *
 * kind is NUM (a number in min..max), BOOL (0 or 1) or ENUM (a value of an
 * enum in config.h, named by the words in config.c's sipalg_<name>_words;
 * min is its first value, max its last).  struct sipalg_cfg (config.h) has
 * a u32 of each name.  Included with SIPALG_TUNABLE defined by the user of
 * the list: config.c makes the table that sysctl.c (the
 * net.netfilter.sipalg.* sysctls) and netlink.c (SIPALG_CMD_GET_CONFIG /
 * SET_CONFIG, hence sipalgctl get / set) are derived from.  Names are stable:
 * sysctl names, sipalgctl, its JSON and the README use them.  sipalgctl
 * lists them in this order.
 */
SIPALG_TUNABLE(mode, ENUM, SIPALG_MODE_ENFORCE, SIPALG_MODE_OBSERVE, SIPALG_MODE_ENFORCE,
	       "enforce: rewrite and open pinholes; observe: parse and count only")
SIPALG_TUNABLE(ice, ENUM, SIPALG_ICE_LEAVE, SIPALG_ICE_STRIP, SIPALG_ICE_LEAVE,
	       "ICE candidates in SDP: leave them, or strip them")
SIPALG_TUNABLE(direct_media, BOOL, 0, 1, 1,
	       "open media pinholes only from the signalling peer's address")
SIPALG_TUNABLE(min_media_port, NUM, 1, 65535, 1024,
	       "lowest port a media pinhole is opened to")
SIPALG_TUNABLE(max_media, NUM, 1, SIPALG_SDP_MAX_MEDIA, SIPALG_SDP_MAX_MEDIA,
	       "SDP media sections handled per message")
SIPALG_TUNABLE(max_calls, NUM, 1, 4194304, 262144,
	       "calls tracked per namespace; beyond it new calls get no pinholes")
SIPALG_TUNABLE(max_pinholes_per_call, NUM, 1, 255, 32,
	       "pinholes one call may hold open")
SIPALG_TUNABLE(max_pinholes_per_source, NUM, 1, 65535, 512,
	       "pinholes one source address may hold open")
SIPALG_TUNABLE(pinhole_timeout, NUM, 10, 86400, 180,
	       "seconds an unused media pinhole stays open")
SIPALG_TUNABLE(signalling_timeout, NUM, 30, 86400, 3600,
	       "seconds an idle SIP signalling flow is kept")
SIPALG_TUNABLE(max_register_expires, NUM, 60, 86400, 3600,
	       "upper bound in seconds on a registration's expiry")
SIPALG_TUNABLE(tcp_buffer, NUM, 1024, 65535, 16384,
	       "bytes buffered per TCP connection to reassemble a message")
SIPALG_TUNABLE(parse_error_action, ENUM, SIPALG_PARSE_ERR_FORWARD, SIPALG_PARSE_ERR_DROP,
	       SIPALG_PARSE_ERR_FORWARD,
	       "a SIP message that does not parse: forward it unmodified, or drop it")
SIPALG_TUNABLE(log_calls_hashed, BOOL, 0, 1, 1,
	       "Call-IDs in dumps are hashed (0: shown in clear)")
