/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parse.h - sipalg SIP/SDP parser core: the whole public API.
 *
 * A SIP message is parsed ONCE into a compact index of (offset, length) spans
 * relative to the start of the message buffer; every later decision (NAT
 * rewrite, expectations, counters) uses the index and never rescans.
 *
 * Properties every function here guarantees:
 *  - input is (pointer, length); no NUL termination is assumed or written;
 *  - nothing is read at or beyond buf[len];
 *  - no allocation, no recursion, O(n) in the message length;
 *  - every limit that is hit is an explicit error, never a silent cut-off;
 *  - output structs are provided by the caller and (re)initialised by the
 *    parse functions, also on error: every scalar field and every array
 *    entry below its count (nhdrs, nvals, ncontacts, nmedia, nice_del);
 *    array entries at or past the count are not touched - never read them;
 *  - on a negative return, ->err_off is the offset where parsing stopped.
 *
 * Spans: struct sipalg_span { off, len } - off is relative to buf (for SDP
 * too: sipalg_parse_sdp() takes the whole message buffer and the body span),
 * so the rewriter can use them directly.  An absent element has len == 0
 * (and off == 0) unless documented otherwise.  Messages are <= 65535 bytes.
 */
#ifndef SIPALG_PARSE_H
#define SIPALG_PARSE_H

#include "parse_types.h"

/* ---- limits ----------------------------------------------------------- */

#define SIPALG_MAX_MSG_LEN	65535	/* whole message (headers + body) */
#define SIPALG_MAX_HDR_BYTES	16384	/* start line + headers + empty line */
#define SIPALG_MAX_HDRS		64	/* header lines indexed per message */
#define SIPALG_MAX_VALUES	48	/* comma-split Via/Contact/Route/RR values */
#define SIPALG_MAX_CONTACTS	16	/* Contact values parsed per message */
#define SIPALG_SDP_MAX_MEDIA	16	/* m= sections (array size, default cap) */
#define SIPALG_SDP_MAX_ICE_DEL	32	/* runs of adjacent ICE lines recorded */

#define SIPALG_IP4_STRLEN	15	/* "255.255.255.255" */
#define SIPALG_IP6_STRLEN	39	/* 8 groups of 4 hex digits + 7 colons */

/* ---- return codes ----------------------------------------------------- */

/*
 * enum sipalg_status - return codes of the parser functions.
 * @SIPALG_OK: success.
 * @SIPALG_NEED_MORE: stream framing: the message is not complete yet.
 * @SIPALG_KEEPALIVE: stream framing: the buffer starts with CR/LF keep-alive
 *	bytes (RFC 5626 "\r\n\r\n" ping, "\r\n" pong, RFC 3261 7.5 leading
 *	CRLF); *msg_len is the number of bytes to skip (not a SIP message).
 *
 * Everything below zero is an error.  sipalg_strerror() names each code.
 */
enum sipalg_status {
	SIPALG_OK			= 0,
	SIPALG_NEED_MORE		= 1,
	SIPALG_KEEPALIVE		= 2,

	SIPALG_E_ARG			= -1,	/* bad argument / buffer too small */
	SIPALG_E_TOO_LONG		= -2,	/* message > SIPALG_MAX_MSG_LEN */
	SIPALG_E_HDR_TOO_LONG		= -3,	/* header section > SIPALG_MAX_HDR_BYTES */
	SIPALG_E_TRUNCATED		= -4,	/* datagram ends inside header section */
	SIPALG_E_START_LINE		= -5,	/* malformed request/status line */
	SIPALG_E_VERSION		= -6,	/* not SIP/2.0 */
	SIPALG_E_STATUS			= -7,	/* status code not 100..699 */
	SIPALG_E_URI			= -8,	/* malformed URI (R-URI, Contact...) */
	SIPALG_E_HDR_SYNTAX		= -9,	/* malformed header line */
	SIPALG_E_TOO_MANY_HDRS		= -10,	/* > SIPALG_MAX_HDRS header lines */
	SIPALG_E_TOO_MANY_VALUES	= -11,	/* > SIPALG_MAX_VALUES comma values */
	SIPALG_E_DUP_HDR		= -12,	/* singleton header repeated */
	SIPALG_E_CLEN			= -13,	/* malformed / overflowing Content-Length */
	SIPALG_E_NO_CLEN		= -14,	/* stream message without Content-Length */
	SIPALG_E_BODY_SHORT		= -15,	/* Content-Length > bytes available */
	SIPALG_E_CSEQ			= -16,	/* malformed CSeq */
	SIPALG_E_VIA			= -17,	/* malformed (top) Via */
	SIPALG_E_CONTACT		= -18,	/* malformed Contact value */
	SIPALG_E_TOO_MANY_CONTACTS	= -19,	/* > SIPALG_MAX_CONTACTS */
	SIPALG_E_NUMBER			= -20,	/* malformed/overflowing numeric value */
	SIPALG_E_NAMEADDR		= -21,	/* malformed From/To */
	SIPALG_E_CTYPE			= -22,	/* malformed Content-Type */
	SIPALG_E_SDP_SYNTAX		= -23,	/* SDP line not "<letter>=..." */
	SIPALG_E_SDP_ORIGIN		= -24,	/* malformed o= */
	SIPALG_E_SDP_CONN		= -25,	/* malformed c= */
	SIPALG_E_SDP_MEDIA		= -26,	/* malformed m= */
	SIPALG_E_TOO_MANY_MEDIA		= -27,	/* more m= than max_media */
	SIPALG_E_SDP_RTCP		= -28,	/* malformed a=rtcp: */
	SIPALG_E_SDP_NO_CONN		= -29,	/* active m= with no c= at all */
	SIPALG_E_TOO_MANY_ICE		= -30,	/* > SIPALG_SDP_MAX_ICE_DEL ICE runs */
	SIPALG_E_MULTIPART		= -31,	/* malformed multipart body */
	SIPALG_E_NO_SDP			= -32,	/* multipart without application/sdp */
	SIPALG_E_CONTROL		= -33,	/* NUL/control byte in header section */
};

#define SIPALG_E__MIN	(-33)

/* ---- enums ------------------------------------------------------------ */

/*
 * enum sipalg_method - request methods (also used for the CSeq method).
 */
enum sipalg_method {
	SIPALG_M_OTHER = 0,
	SIPALG_M_INVITE,
	SIPALG_M_ACK,
	SIPALG_M_BYE,
	SIPALG_M_CANCEL,
	SIPALG_M_REGISTER,
	SIPALG_M_OPTIONS,
	SIPALG_M_PRACK,
	SIPALG_M_UPDATE,
	SIPALG_M_SUBSCRIBE,
	SIPALG_M_NOTIFY,
	SIPALG_M_REFER,
	SIPALG_M_MESSAGE,
	SIPALG_M_INFO,
	SIPALG_M_PUBLISH,
	SIPALG_M__COUNT
};

/*
 * enum sipalg_hdr_id - header ids.  Compact forms map to the same id:
 * v Via, f From, t To, i Call-ID, m Contact, l Content-Length,
 * c Content-Type, k Supported, s Subject, e Content-Encoding, o Event,
 * u Allow-Events, r Refer-To, b Referred-By, x Session-Expires.
 */
enum sipalg_hdr_id {
	SIPALG_H_OTHER = 0,
	SIPALG_H_VIA,
	SIPALG_H_FROM,
	SIPALG_H_TO,
	SIPALG_H_CALL_ID,
	SIPALG_H_CSEQ,
	SIPALG_H_CONTACT,
	SIPALG_H_CONTENT_LENGTH,
	SIPALG_H_CONTENT_TYPE,
	SIPALG_H_EXPIRES,
	SIPALG_H_ROUTE,
	SIPALG_H_RECORD_ROUTE,
	SIPALG_H_MAX_FORWARDS,
	SIPALG_H_SUPPORTED,
	SIPALG_H_SUBJECT,
	SIPALG_H_CONTENT_ENCODING,
	SIPALG_H_EVENT,
	SIPALG_H_ALLOW_EVENTS,
	SIPALG_H_REFER_TO,
	SIPALG_H_REFERRED_BY,
	SIPALG_H_SESSION_EXPIRES,
	SIPALG_H_PATH,
	SIPALG_H__COUNT
};

/**
 * enum sipalg_af - what a host / address span holds.
 * @SIPALG_AF_NONE: absent (or a URI scheme without a host, e.g. tel:).
 * @SIPALG_AF_NAME: a domain name (or anything that is not an IP literal).
 * @SIPALG_AF_IP4: IPv4 dotted quad.
 * @SIPALG_AF_IP6: IPv6 literal (in URIs/Via the host span includes the [ ]).
 */
enum sipalg_af {
	SIPALG_AF_NONE = 0,
	SIPALG_AF_NAME = 1,
	SIPALG_AF_IP4 = 4,
	SIPALG_AF_IP6 = 6,
};

/* enum sipalg_scheme - URI scheme. */
enum sipalg_scheme {
	SIPALG_SCHEME_OTHER = 0,
	SIPALG_SCHEME_SIP,
	SIPALG_SCHEME_SIPS,
	SIPALG_SCHEME_TEL,
};

/* enum sipalg_transport - Via transport / URI transport= parameter. */
enum sipalg_transport {
	SIPALG_TP_OTHER = 0,
	SIPALG_TP_UDP,
	SIPALG_TP_TCP,
	SIPALG_TP_TLS,
	SIPALG_TP_SCTP,
	SIPALG_TP_WS,
	SIPALG_TP_WSS,
};

/* ---- SIP message ------------------------------------------------------ */

/**
 * struct sipalg_span - a piece of the message buffer.
 * @off: offset from the start of the message buffer.
 * @len: length in bytes; 0 means absent.
 */
struct sipalg_span {
	u16 off;
	u16 len;
};

/**
 * struct sipalg_uri - a parsed SIP URI.
 * @all: the whole URI (without < >).
 * @scheme: "sip", "sips", "tel", ...
 * @user: userinfo before '@' (including ":password"), len 0 if none.
 * @host: host as written; for IPv6 literals it includes the brackets.
 * @port_span: port digits; len 0 if no port (new port goes after @host).
 * @transport: value of the ;transport= parameter, len 0 if none.
 * @maddr: value of the ;maddr= parameter, len 0 if none.
 * @port: port number, 0 if absent.
 * @af: enum sipalg_af of @host (NONE for non-SIP schemes).
 * @scheme_id: enum sipalg_scheme.
 *
 * For sip:/sips: the host is mandatory; other schemes are kept opaque
 * (@all and @scheme only).
 */
struct sipalg_uri {
	struct sipalg_span all;
	struct sipalg_span scheme;
	struct sipalg_span user;
	struct sipalg_span host;
	struct sipalg_span port_span;
	struct sipalg_span transport;
	struct sipalg_span maddr;
	u16 port;
	u8 af;
	u8 scheme_id;
};

/**
 * struct sipalg_hdr - one header line (a folded header is one line).
 * @name: header name as written (compact or long form).
 * @value: value with leading/trailing whitespace trimmed; a folded value
 *	contains the raw fold (CRLF + SP/HT) in the middle.
 * @id: enum sipalg_hdr_id.
 * @first_val: for Via/Contact/Route/Record-Route: index of the first comma
 *	element in sipalg_msg.vals; otherwise 0.
 * @nvals: number of comma elements in sipalg_msg.vals (0 for other headers).
 */
struct sipalg_hdr {
	struct sipalg_span name;
	struct sipalg_span value;
	u8 id;
	u8 first_val;
	u8 nvals;
};

/**
 * struct sipalg_val - one comma element of a Via/Contact/Route/Record-Route.
 * @span: the element, whitespace-trimmed.
 * @hdr: index into sipalg_msg.hdrs of the line it belongs to.
 * @id: enum sipalg_hdr_id of that line.
 */
struct sipalg_val {
	struct sipalg_span span;
	u8 hdr;
	u8 id;
};

/**
 * struct sipalg_via - the top (first) Via value.
 * @value: the whole via-parm; new params are appended at value.off+value.len.
 * @transport: "UDP", "TCP", ... span.
 * @sent_by: host[:port] span (what a NAT rewrite replaces).
 * @host: host span (IPv6 with brackets).
 * @port_span: port digits, len 0 if absent.
 * @received: value of received=, len 0 if absent.
 * @rport: the whole "rport" or "rport=123" param (for in-place rewrite).
 * @rport_val: digits of rport=, len 0 if no value.
 * @maddr: value of maddr=.
 * @branch: value of branch=.
 * @port: sent-by port, 0 if absent.
 * @rport_port: numeric rport value, 0 if none.
 * @af: enum sipalg_af of @host.
 * @tp: enum sipalg_transport.
 * @has_rport: rport param present (with or without value).
 */
struct sipalg_via {
	struct sipalg_span value;
	struct sipalg_span transport;
	struct sipalg_span sent_by;
	struct sipalg_span host;
	struct sipalg_span port_span;
	struct sipalg_span received;
	struct sipalg_span rport;
	struct sipalg_span rport_val;
	struct sipalg_span maddr;
	struct sipalg_span branch;
	u16 port;
	u16 rport_port;
	u8 af;
	u8 tp;
	bool has_rport;
};

/**
 * struct sipalg_nameaddr - a From or To value.
 * @value: whole header value.
 * @uri: the URI (inside < > if present).
 * @tag: value of ;tag=, len 0 if absent.
 */
struct sipalg_nameaddr {
	struct sipalg_span value;
	struct sipalg_uri uri;
	struct sipalg_span tag;
};

#define SIPALG_CONTACT_STAR	0x01	/* "Contact: *" */
#define SIPALG_CONTACT_EXPIRES	0x02	/* has ;expires= */
#define SIPALG_CONTACT_ANGLE	0x04	/* URI was inside < > */

/**
 * struct sipalg_contact - one Contact value.
 * @value: the value (a comma element).
 * @uri: its URI (all spans 0 for "*").
 * @expires_span: digits of ;expires=, len 0 if absent.
 * @expires: ;expires= value (valid with SIPALG_CONTACT_EXPIRES).
 * @flags: SIPALG_CONTACT_*.
 */
struct sipalg_contact {
	struct sipalg_span value;
	struct sipalg_uri uri;
	struct sipalg_span expires_span;
	u32 expires;
	u8 flags;
};

#define SIPALG_CT_NONE		0
#define SIPALG_CT_SDP		1	/* application/sdp */
#define SIPALG_CT_MULTIPART	2	/* multipart/mixed (boundary set) */
#define SIPALG_CT_OTHER		3

/* sipalg_msg.flags */
#define SIPALG_MF_REQUEST	0x0001	/* request (else response) */
#define SIPALG_MF_CLEN		0x0002	/* Content-Length present */
#define SIPALG_MF_EXPIRES	0x0004	/* Expires header present */
#define SIPALG_MF_MAX_FWD	0x0008	/* Max-Forwards present */
#define SIPALG_MF_VIA		0x0010	/* top Via parsed into ->via */
#define SIPALG_MF_FROM		0x0020	/* ->from valid */
#define SIPALG_MF_TO		0x0040	/* ->to valid */
#define SIPALG_MF_CSEQ		0x0080	/* ->cseq valid */

/* flags argument of sipalg_parse_msg() */
#define SIPALG_PF_STREAM	0x01	/* TCP/TLS: Content-Length mandatory */

/**
 * struct sipalg_msg - index of one parsed SIP message.
 * @len: message length: header section + body.  Over UDP bytes after the
 *	Content-Length body are not part of the message (RFC 3261 18.3).
 * @hdr_len: header section length incl. the empty line (== body.off).
 * @err_off: offset where parsing stopped (on error).
 * @flags: SIPALG_MF_*.
 * @method: enum sipalg_method (requests).
 * @method_span: method token (requests).
 * @ruri: Request-URI (requests).
 * @status: status code (responses).
 * @reason: reason phrase (responses, may be empty).
 * @nhdrs: number of entries in @hdrs.
 * @nvals: number of entries in @vals.
 * @ncontacts: number of entries in @contacts.
 * @first: index into @hdrs of the first header of each id, 0xff if none.
 * @hdrs: header index in message order.
 * @vals: comma elements of Via, Contact, Route, Record-Route in order.
 * @call_id: Call-ID value.
 * @cseq: CSeq number.
 * @cseq_method: enum sipalg_method of the CSeq method.
 * @cseq_method_span: CSeq method token.
 * @via: top Via.
 * @from: From.
 * @to: To.
 * @contacts: every Contact value in order.
 * @expires: Expires header value.
 * @max_forwards: Max-Forwards value.
 * @clen: Content-Length value.
 * @clen_span: the digits of Content-Length (what a rewriter replaces).
 * @ctype: SIPALG_CT_*.
 * @ctype_span: Content-Type value.
 * @boundary: multipart boundary (without quotes).
 * @body: message body (may be empty).
 */
struct sipalg_msg {
	u16 len;
	u16 hdr_len;
	u16 err_off;
	u16 flags;
	u8 method;
	u8 cseq_method;
	u16 status;
	struct sipalg_span method_span;
	struct sipalg_uri ruri;
	struct sipalg_span reason;
	u8 nhdrs;
	u8 nvals;
	u8 ncontacts;
	u8 ctype;
	u8 first[SIPALG_H__COUNT];
	struct sipalg_span call_id;
	u32 cseq;
	struct sipalg_span cseq_method_span;
	struct sipalg_via via;
	struct sipalg_nameaddr from;
	struct sipalg_nameaddr to;
	u32 expires;
	u32 max_forwards;
	u32 clen;
	struct sipalg_span clen_span;
	struct sipalg_span ctype_span;
	struct sipalg_span boundary;
	struct sipalg_span body;
	/* arrays last: only entries below their counts are initialised */
	struct sipalg_hdr hdrs[SIPALG_MAX_HDRS];
	struct sipalg_val vals[SIPALG_MAX_VALUES];
	struct sipalg_contact contacts[SIPALG_MAX_CONTACTS];
};

/* ---- SDP -------------------------------------------------------------- */

/*
 * enum sipalg_dir - media direction attribute.
 */
enum sipalg_dir {
	SIPALG_DIR_SENDRECV = 0,
	SIPALG_DIR_SENDONLY,
	SIPALG_DIR_RECVONLY,
	SIPALG_DIR_INACTIVE,
};

/* enum sipalg_media_type - m= media. */
enum sipalg_media_type {
	SIPALG_MT_OTHER = 0,
	SIPALG_MT_AUDIO,
	SIPALG_MT_VIDEO,
	SIPALG_MT_IMAGE,
	SIPALG_MT_TEXT,
	SIPALG_MT_APPLICATION,
	SIPALG_MT_MESSAGE,
};

/**
 * struct sipalg_sdp_conn - a c= line (session or media level).
 * @line: the whole line without its line end.
 * @addr: the address text (without /ttl or /count).
 * @present: the c= line exists.
 * @af: enum sipalg_af (IP4/IP6 literal, or NAME for an FQDN).
 * @hold: address is 0.0.0.0 or :: (RFC 2543 style hold).
 * @ip: parsed address (4 bytes for IP4, 16 for IP6), zero for NAME.
 */
struct sipalg_sdp_conn {
	struct sipalg_span line;
	struct sipalg_span addr;
	bool present;
	u8 af;
	bool hold;
	u8 ip[16];
};

#define SIPALG_MEDIA_RTCP	0x01	/* a=rtcp: present */
#define SIPALG_MEDIA_RTCP_ADDR	0x02	/* a=rtcp: has IN IP4/IP6 address */
#define SIPALG_MEDIA_RTCP_MUX	0x04	/* a=rtcp-mux */
#define SIPALG_MEDIA_ICE	0x08	/* ICE attributes in this section */
#define SIPALG_MEDIA_DIR	0x10	/* own direction attribute */

/**
 * struct sipalg_sdp_media - one m= section.
 * @line: the m= line without line end.
 * @section: from the m= line to the next m= line or end of body.
 * @media: media type token.
 * @port_span: port digits of the m= line.
 * @proto: transport protocol token ("RTP/AVP", "udptl", ...).
 * @rtcp_port_span: digits of a=rtcp:port.
 * @rtcp_addr: address of a=rtcp:port IN IPx addr.
 * @conn: media-level c= (see sipalg_sdp_media_conn() for the effective one).
 * @port: m= port (0: disabled stream).
 * @count: port count of "port/count" (1 if absent).
 * @rtcp_port: a=rtcp: port (valid with SIPALG_MEDIA_RTCP).
 * @type: enum sipalg_media_type.
 * @dir: effective enum sipalg_dir (session default inherited).
 * @flags: SIPALG_MEDIA_*.
 * @rtcp_af: enum sipalg_af of @rtcp_addr.
 */
struct sipalg_sdp_media {
	struct sipalg_span line;
	struct sipalg_span section;
	struct sipalg_span media;
	struct sipalg_span port_span;
	struct sipalg_span proto;
	struct sipalg_span rtcp_port_span;
	struct sipalg_span rtcp_addr;
	struct sipalg_sdp_conn conn;
	u16 port;
	u16 count;
	u16 rtcp_port;
	u8 type;
	u8 dir;
	u8 flags;
	u8 rtcp_af;
};

#define SIPALG_SDP_ICE		0x01	/* session-level ICE attributes */
#define SIPALG_SDP_ANY_ICE	0x02	/* ICE anywhere (session or media) */
#define SIPALG_SDP_DIR		0x04	/* session-level direction attribute */

/**
 * struct sipalg_sdp - index of one SDP body.
 * @err_off: offset (relative to buf) where parsing stopped (on error).
 * @nmedia: number of entries in @media.
 * @nice_del: number of entries in @ice_del.
 * @dir: session-level enum sipalg_dir.
 * @flags: SIPALG_SDP_*.
 * @origin_af: enum sipalg_af of @origin_addr.
 * @origin_addr: the unicast-address of o=.
 * @conn: session-level c=.
 * @media: the m= sections in order.
 * @ice_del: whole lines (including their line ends) of ICE attributes
 *	(candidate, remote-candidates, ice-ufrag, ice-pwd, ice-options,
 *	ice-lite, ice-mismatch, end-of-candidates); adjacent lines are merged
 *	into one span, in body order, non-overlapping.
 */
struct sipalg_sdp {
	u16 err_off;
	u8 nmedia;
	u8 nice_del;
	u8 dir;
	u8 flags;
	u8 origin_af;
	struct sipalg_span origin_addr;
	struct sipalg_sdp_conn conn;
	/* arrays last: only entries below their counts are initialised */
	struct sipalg_sdp_media media[SIPALG_SDP_MAX_MEDIA];
	struct sipalg_span ice_del[SIPALG_SDP_MAX_ICE_DEL];
};

/* ---- functions (full kernel-doc in the .c files) --------------------- */

/* Name of a status/error code ("ok", "need more", "Content-Length overflow"). */
const char *sipalg_strerror(int err);
/* "INVITE", ... for enum sipalg_method; "OTHER" for anything else. */
const char *sipalg_method_str(unsigned int method);

/*
 * Stream (TCP/TLS) framing of the first message in buf[0..len).
 *  SIPALG_OK:        *msg_len = length of the first complete message.
 *  SIPALG_KEEPALIVE: buf starts with CR/LF bytes; *msg_len = how many to skip.
 *  SIPALG_NEED_MORE: incomplete; *msg_len = 0.
 *  < 0:              unframeable stream (no/bad Content-Length, header section
 *                    > SIPALG_MAX_HDR_BYTES, message > SIPALG_MAX_MSG_LEN...).
 */
int sipalg_frame(const char *buf, u32 len, u32 *msg_len);
/*
 * The same, and with SIPALG_NEED_MORE *need = the whole message's length
 * once its header section is complete (> len), 0 before and otherwise.
 */
int sipalg_frame_need(const char *buf, u32 len, u32 *msg_len, u32 *need);

/*
 * Parse one message starting at buf[0] (len <= SIPALG_MAX_MSG_LEN).
 * flags 0 = datagram: no Content-Length means the body runs to len;
 * Content-Length > available is SIPALG_E_BODY_SHORT.
 * flags SIPALG_PF_STREAM: Content-Length mandatory; incomplete input gives
 * SIPALG_NEED_MORE.  m->len tells where the message ends.
 */
int sipalg_parse_msg(const char *buf, u32 len, struct sipalg_msg *m, u32 flags);
/* Index of the first header with @id at index >= @start, or -1. */
int sipalg_hdr_find(const struct sipalg_msg *m, unsigned int id, unsigned int start);

/*
 * Parse the SDP body buf[body.off .. body.off+body.len) (body must lie in
 * buf[0..len)).  max_media: 1..SIPALG_SDP_MAX_MEDIA (0 = the default
 * SIPALG_SDP_MAX_MEDIA); more m= lines give SIPALG_E_TOO_MANY_MEDIA.
 */
int sipalg_parse_sdp(const char *buf, u32 len, struct sipalg_span body,
		     struct sipalg_sdp *s, u32 max_media);
/* Effective c= of media i: its own, else the session one, else NULL. */
const struct sipalg_sdp_conn *sipalg_sdp_media_conn(const struct sipalg_sdp *s,
						    unsigned int i);
/*
 * multipart/mixed body (m->body, m->boundary): find the first part whose
 * Content-Type is application/sdp and store its content span in *sdp.
 * SIPALG_E_NO_SDP if there is none, SIPALG_E_MULTIPART if malformed.
 */
int sipalg_multipart_find_sdp(const char *buf, u32 len, struct sipalg_span body,
			      struct sipalg_span boundary, struct sipalg_span *sdp);

/* Decimal digits only (no sign/space), overflow-checked. */
bool sipalg_parse_u32(const char *s, u32 len, u32 *out);
/* Decimal port 0..65535, 1..5 digits. */
bool sipalg_parse_port(const char *s, u32 len, u16 *out);
/* Strict dotted quad (no leading zeros) into out[4]. */
bool sipalg_parse_ip4(const char *s, u32 len, u8 *out);
/* RFC 4291 text form without brackets/zone ("::", embedded IPv4) into out[16]. */
bool sipalg_parse_ip6(const char *s, u32 len, u8 *out);
/* Host span (IPv6 with or without [ ]) -> enum sipalg_af, fills out[16]. */
int sipalg_host_addr(const char *buf, struct sipalg_span host, u8 *out);
/*
 * Formatters: write the text form (no NUL, IPv6 RFC 5952 canonical, no
 * brackets) to out[0..size) and return its length, or SIPALG_E_ARG if size
 * is too small (SIPALG_IP4_STRLEN / SIPALG_IP6_STRLEN always suffice).
 */
int sipalg_fmt_ip4(char *out, u32 size, const u8 *addr);
int sipalg_fmt_ip6(char *out, u32 size, const u8 *addr);
/* ASCII case-insensitive equality of n bytes. */
bool sipalg_ieq(const char *a, const char *b, u32 n);
/* Span text equals lit (case-insensitive); the span must lie inside buf. */
bool sipalg_span_ieq(const char *buf, struct sipalg_span s, const char *lit, u32 litlen);

#endif /* SIPALG_PARSE_H */
