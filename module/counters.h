/* SPDX-License-Identifier: GPL-2.0 */
/*
 * counters.h - the list of sipalg's counters: SIPALG_COUNTER(id, "name").
 * Included with SIPALG_COUNTER defined by the user of the list (stats.h for
 * the ids, stats.c for the names).  Names are stable: sipalgctl, its JSON
 * and the README use them.
 */
SIPALG_COUNTER(MSG_REQUEST, "msg_request")
SIPALG_COUNTER(MSG_RESPONSE, "msg_response")
SIPALG_COUNTER(SDP_PARSED, "sdp_parsed")
SIPALG_COUNTER(PARSE_ERROR, "parse_error")
SIPALG_COUNTER(SDP_ERROR, "sdp_error")
SIPALG_COUNTER(FWD_UNMODIFIED, "fwd_unmodified")
SIPALG_COUNTER(DROP_NOMEM, "drop_nomem")
SIPALG_COUNTER(RW_RURI, "rewrite_request_uri")
SIPALG_COUNTER(RW_VIA, "rewrite_via")
SIPALG_COUNTER(RW_CONTACT, "rewrite_contact")
SIPALG_COUNTER(RW_FROM_TO, "rewrite_from_to")
SIPALG_COUNTER(RW_ROUTE, "rewrite_route")
SIPALG_COUNTER(RW_SDP_ORIGIN, "rewrite_sdp_origin")
SIPALG_COUNTER(RW_SDP_CONN, "rewrite_sdp_conn")
SIPALG_COUNTER(RW_SDP_PORT, "rewrite_sdp_port")
SIPALG_COUNTER(RW_SDP_RTCP, "rewrite_sdp_rtcp")
SIPALG_COUNTER(RW_CLEN, "rewrite_content_length")
SIPALG_COUNTER(RW_TOO_MANY, "rewrite_too_many_edits")
SIPALG_COUNTER(PH_CREATED, "pinhole_created")
SIPALG_COUNTER(PH_MATCHED, "pinhole_matched")
SIPALG_COUNTER(PH_PORT_REMAPPED, "pinhole_port_remapped")
SIPALG_COUNTER(PH_SYMMETRIC, "media_symmetric_snat")
SIPALG_COUNTER(PH_FAILED, "pinhole_failed")
SIPALG_COUNTER(PH_REFUSED_LOWPORT, "pinhole_refused_low_port")
SIPALG_COUNTER(PH_REFUSED_FOREIGN, "pinhole_refused_foreign_addr")
SIPALG_COUNTER(PH_REFUSED_FAMILY, "pinhole_refused_family")
SIPALG_COUNTER(MEDIA_RTCP_MUX, "media_rtcp_mux")
SIPALG_COUNTER(MEDIA_HOLD, "media_hold")
SIPALG_COUNTER(MEDIA_DISABLED, "media_disabled")
SIPALG_COUNTER(TCP_PARTIAL, "tcp_not_at_boundary")
