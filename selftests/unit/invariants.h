/* SPDX-License-Identifier: GPL-2.0 */
/*
 * invariants.h - structural checks of a parse result, shared by the unit
 * tests and the fuzzer.  Each returns NULL when everything holds, else a
 * description of the first violated invariant.
 */
#ifndef SIPALG_INVARIANTS_H
#define SIPALG_INVARIANTS_H

#include "parse.h"

static inline bool inv_in(struct sipalg_span s, u32 lo, u32 hi)
{
	return s.off >= lo && (u32)s.off + s.len <= hi;
}

/* span inside [lo,hi) or absent (len 0) */
static inline bool inv_opt(struct sipalg_span s, u32 lo, u32 hi)
{
	return !s.len || inv_in(s, lo, hi);
}

static inline u32 inv_end(struct sipalg_span s)
{
	return (u32)s.off + s.len;
}

static inline const char *inv_uri(const struct sipalg_uri *u, u32 lo, u32 hi)
{
	u32 a = u->all.off, z = inv_end(u->all);

	if (!u->all.len)
		return NULL;
	if (!inv_in(u->all, lo, hi))
		return "uri.all outside value";
	if (!inv_opt(u->scheme, a, z) || !inv_opt(u->user, a, z) || !inv_opt(u->host, a, z) ||
	    !inv_opt(u->port_span, a, z) || !inv_opt(u->transport, a, z) ||
	    !inv_opt(u->maddr, a, z))
		return "uri part outside uri";
	if (u->scheme_id == SIPALG_SCHEME_SIP || u->scheme_id == SIPALG_SCHEME_SIPS) {
		if (!u->host.len || !u->af)
			return "sip uri without host";
		if (u->user.len && inv_end(u->user) >= u->host.off)
			return "uri user not before host";
		if (u->port_span.len && u->port_span.off <= u->host.off)
			return "uri port not after host";
		if (!!u->port != !!u->port_span.len)
			return "uri port/port_span mismatch";
	}
	return NULL;
}

static inline const char *sipalg_check_msg(const char *buf, u32 len, const struct sipalg_msg *m)
{
	u32 i, prev = 0;
	const char *r;

	(void)buf;
	if (m->len > len || m->hdr_len > m->len)
		return "len/hdr_len";
	if (m->body.off != m->hdr_len || inv_end(m->body) != m->len)
		return "body span";
	if (m->nhdrs > SIPALG_MAX_HDRS || m->nvals > SIPALG_MAX_VALUES ||
	    m->ncontacts > SIPALG_MAX_CONTACTS)
		return "counts";
	if (m->flags & SIPALG_MF_REQUEST) {
		if (!inv_in(m->method_span, 0, m->hdr_len) || m->method_span.off)
			return "method span";
		r = inv_uri(&m->ruri, 0, m->hdr_len);
		if (r)
			return r;
	} else {
		if (m->status < 100 || m->status > 699 || !inv_opt(m->reason, 0, m->hdr_len))
			return "status";
	}
	for (i = 0; i < m->nhdrs; i++) {
		const struct sipalg_hdr *h = &m->hdrs[i];
		u32 j;

		if (!h->name.len || h->name.off < prev || !inv_in(h->name, 0, m->hdr_len))
			return "hdr name order/bounds";
		if (h->value.off < inv_end(h->name) || !inv_in(h->value, 0, m->hdr_len))
			return "hdr value bounds";
		prev = inv_end(h->value);
		if (h->id >= SIPALG_H__COUNT)
			return "hdr id";
		if (m->first[h->id] != 0xff && m->first[h->id] > i)
			return "first[] not first";
		if ((u32)h->first_val + h->nvals > m->nvals)
			return "hdr vals range";
		for (j = h->first_val; j < (u32)h->first_val + h->nvals; j++) {
			if (m->vals[j].hdr != i || !inv_in(m->vals[j].span, h->value.off,
							  inv_end(h->value)))
				return "val outside its header";
			if (j > h->first_val && m->vals[j].span.off <= m->vals[j - 1].span.off)
				return "vals not monotonic";
		}
	}
	for (i = 0; i < SIPALG_H__COUNT; i++)
		if (m->first[i] != 0xff && (m->first[i] >= m->nhdrs || m->hdrs[m->first[i]].id != i))
			return "first[] stale";
	for (i = 0; i < m->ncontacts; i++) {
		const struct sipalg_contact *c = &m->contacts[i];

		if (!inv_in(c->value, 0, m->hdr_len))
			return "contact value";
		r = inv_uri(&c->uri, c->value.off, inv_end(c->value));
		if (r)
			return r;
		if (!inv_opt(c->expires_span, c->value.off, inv_end(c->value)))
			return "contact expires span";
	}
	if (m->flags & SIPALG_MF_VIA) {
		const struct sipalg_via *v = &m->via;
		u32 a = v->value.off, z = inv_end(v->value);

		if (!inv_in(v->value, 0, m->hdr_len) || !inv_in(v->transport, a, z) ||
		    !inv_in(v->host, a, z) || !inv_in(v->sent_by, a, z) ||
		    !inv_opt(v->port_span, a, z) || !inv_opt(v->received, a, z) ||
		    !inv_opt(v->rport, a, z) || !inv_opt(v->rport_val, a, z) ||
		    !inv_opt(v->maddr, a, z) || !inv_opt(v->branch, a, z))
			return "via spans";
		if (v->sent_by.off != v->host.off || inv_end(v->sent_by) < inv_end(v->host))
			return "via sent_by";
		if (v->has_rport != !!v->rport.len)
			return "via rport flag";
	}
	if (m->flags & SIPALG_MF_FROM) {
		r = inv_uri(&m->from.uri, m->from.value.off, inv_end(m->from.value));
		if (r || !inv_opt(m->from.tag, 0, m->hdr_len))
			return r ? r : "from tag";
	}
	if (m->flags & SIPALG_MF_TO) {
		r = inv_uri(&m->to.uri, m->to.value.off, inv_end(m->to.value));
		if (r || !inv_opt(m->to.tag, 0, m->hdr_len))
			return r ? r : "to tag";
	}
	if (m->flags & SIPALG_MF_CLEN) {
		if (!inv_in(m->clen_span, 0, m->hdr_len) || !m->clen_span.len || m->clen != m->body.len)
			return "clen";
	}
	if (!inv_opt(m->call_id, 0, m->hdr_len) || !inv_opt(m->cseq_method_span, 0, m->hdr_len) ||
	    !inv_opt(m->ctype_span, 0, m->hdr_len) || !inv_opt(m->boundary, 0, m->hdr_len))
		return "misc spans";
	return NULL;
}

static inline const char *inv_conn(const struct sipalg_sdp_conn *c, u32 lo, u32 hi)
{
	if (!c->present)
		return (c->line.len || c->addr.len) ? "absent conn with spans" : NULL;
	if (!inv_in(c->line, lo, hi) || !inv_in(c->addr, c->line.off, inv_end(c->line)) ||
	    !c->addr.len)
		return "conn spans";
	if (c->af != SIPALG_AF_IP4 && c->af != SIPALG_AF_IP6 && c->af != SIPALG_AF_NAME)
		return "conn af";
	return NULL;
}

static inline const char *sipalg_check_sdp(const char *buf, u32 len, struct sipalg_span body,
					   const struct sipalg_sdp *s)
{
	u32 lo = body.off, hi = inv_end(body), i;
	const char *r;

	(void)buf;
	if (hi > len || s->nmedia > SIPALG_SDP_MAX_MEDIA || s->nice_del > SIPALG_SDP_MAX_ICE_DEL)
		return "sdp counts";
	if (!inv_opt(s->origin_addr, lo, hi) || !!s->origin_af != !!s->origin_addr.len)
		return "origin";
	r = inv_conn(&s->conn, lo, hi);
	if (r)
		return r;
	for (i = 0; i < s->nmedia; i++) {
		const struct sipalg_sdp_media *md = &s->media[i];
		u32 a = md->section.off, z = inv_end(md->section);

		if (!inv_in(md->section, lo, hi) || md->line.off != a || !inv_in(md->line, a, z))
			return "media section";
		if (i && md->line.off < inv_end(s->media[i - 1].section))
			return "media overlap";
		if (i && inv_end(s->media[i - 1].section) != md->line.off)
			return "media sections not contiguous";
		if (!inv_in(md->media, a, z) || !inv_in(md->port_span, a, z) ||
		    !inv_in(md->proto, a, z) || !inv_opt(md->rtcp_port_span, a, z) ||
		    !inv_opt(md->rtcp_addr, a, z))
			return "media spans";
		if (!md->count || md->dir > SIPALG_DIR_INACTIVE)
			return "media count/dir";
		if (!!(md->flags & SIPALG_MEDIA_RTCP) != !!md->rtcp_port_span.len)
			return "rtcp flag";
		r = inv_conn(&md->conn, a, z);
		if (r)
			return r;
		if (md->port && !sipalg_sdp_media_conn(s, i))
			return "active media without conn";
	}
	for (i = 0; i < s->nice_del; i++) {
		if (!inv_in(s->ice_del[i], lo, hi) || !s->ice_del[i].len)
			return "ice_del bounds";
		if (i && s->ice_del[i].off <= inv_end(s->ice_del[i - 1]))
			return "ice_del order/merge";
	}
	return NULL;
}

#endif /* SIPALG_INVARIANTS_H */
