// SPDX-License-Identifier: GPL-2.0
/*
 * SIP and RTP traffic for `make bench` (bench/guest.sh runs it in
 * the test VM's network namespaces).  Every message is built before the clock
 * starts; the timed part is only sendmmsg()/recvmmsg()/write()/read().
 *
 *   flood udp-send -d DST -s SRC [-D 5060] [-p SPORT] [-P NPORTS] -n N -k KIND
 *                  [-r RUN] [-m MEDIA] [-w WINDOW] [-b BATCH] [-N [-A NDST] [-B NSRC]]
 *                  [-i FIRST]
 *	N messages of KIND (invite: INVITE with a two-stream SDP; options, ringing
 *	(180), bye, ok (200 to BYE): no body) from NPORTS source ports
 *	SPORT.. (round robin), BATCH per sendmmsg().  -N: a new source port per
 *	message (a raw socket, so no socket per flow): message i goes to DST + i %
 *	NDST (consecutive addresses) from SRC + i % NSRC, port SPORT + i / NDST.
 *	Media ports MEDIA + 4 * (i / NDST % WINDOW): audio RTP/RTCP, video
 *	RTP/RTCP (with NSRC = NDST, no two calls share a media endpoint, as no
 *	two calls of a real phone do).  Messages are numbered from FIRST.
 *	Prints start_ns.
 *   flood udp-sink -l ADDR [-D 5060] -n N [-S FILE] [-c SAMPLES] [-t IDLE_MS]
 *	Receives N datagrams (or stops IDLE_MS after the last one; it waits
 *	up to 600 s for the first one), keeps
 *	SAMPLES of them evenly spread in FILE.  Prints count, first_ns, last_ns.
 *   flood tcp-send -d DST -s SRC [-D 5060] [-P CONNS] -n N [-r RUN] [-m MEDIA]
 *	N INVITEs, one write() each, round robin over CONNS connections.
 *   flood tcp-sink -l ADDR [-D 5060] [-P CONNS] [-S FILE] [-t IDLE_MS]
 *	Reads every connection to its end; keeps the first 64 KiB of the first.
 *   flood rtp-send -s SRC -p SPORT -d DST -m PORT [-P STREAMS] -n N [-b BATCH]
 *	N 172-byte RTP packets to DST:PORT + 4 * k, k < STREAMS, round robin.
 *   flood rtp-sink -l ADDR -m PORT [-P STREAMS] -n N [-d PEER -D PORT] [-t IDLE_MS]
 *	Receives on ADDR:PORT + 4 * k; with -d, first sends one packet from
 *	every socket to PEER:PORT (opens a NAT mapping, as symmetric RTP would).
 *
 * Every program prints "ready" once its sockets are set up (sinks: bound).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <netinet/udp.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAXMSG		2048
#define MAXBATCH	64
#define MAXFD		1024

struct opts {
	const char *dst, *src, *laddr, *kind, *samples;
	unsigned int dport, sport, nports, n, run, media, window, batch, nsamples;
	unsigned int idle_ms, ndst, nsrc, first;
	int newflow;
};

static struct opts o = {
	.kind = "invite", .dport = 5060, .sport = 20000, .nports = 64,
	.media = 10000, .window = 12000, .batch = 32, .nsamples = 16,
	.idle_ms = 3000, .ndst = 1, .nsrc = 1,
};

/* The source address the next gen_msg() writes, when not o.src (-B). */
static const char *cur_src;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p)
		die("calloc");
	return p;
}

static struct sockaddr_in sin_of(const char *addr, unsigned int port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	if (!addr || inet_pton(AF_INET, addr, &a.sin_addr) != 1) {
		fprintf(stderr, "flood: bad address %s\n", addr ? addr : "(none)");
		exit(2);
	}
	return a;
}

static int udp_socket(const char *addr, unsigned int port)
{
	struct sockaddr_in a = sin_of(addr, port);
	int one = 1, big = 64 << 20;
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* root in the VM: more than rmem_max, so that a slow reader loses nothing */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	if (bind(fd, (struct sockaddr *)&a, sizeof(a)))
		die("bind");
	return fd;
}

/* ---- SIP messages ---------------------------------------------------- */

static const char sdp_fmt[] =
	"v=0\r\n"
	"o=alice %u %u IN IP4 %s\r\n"
	"s=sipalg bench\r\n"
	"c=IN IP4 %s\r\n"
	"t=0 0\r\n"
	"m=audio %u RTP/AVP 0 8 101\r\n"
	"a=rtpmap:0 PCMU/8000\r\n"
	"a=rtpmap:8 PCMA/8000\r\n"
	"a=rtpmap:101 telephone-event/8000\r\n"
	"a=fmtp:101 0-16\r\n"
	"a=ptime:20\r\n"
	"a=sendrecv\r\n"
	"m=video %u RTP/AVP 96\r\n"
	"a=rtpmap:96 H264/90000\r\n"
	"a=fmtp:96 profile-level-id=42e01f;packetization-mode=1\r\n"
	"a=sendrecv\r\n";

/* Common headers of a request from the phone: Via, From, To, Call-ID. */
#define REQ_HDRS \
	"Via: SIP/2.0/%s %s:%u;branch=z9hG4bK-%08x-%07u;rport\r\n" \
	"Max-Forwards: 70\r\n" \
	"From: \"Alice\" <sip:alice@%s:%u>;tag=a%08x%07u\r\n" \
	"To: <sip:bob@%s>%s\r\n" \
	"Call-ID: %08x-%07u-bench@%s\r\n"

/*
 * Message i of kind o.kind from src:sport (transport tp) to dst into buf;
 * returns its length.  Each one has its own branch, tag, Call-ID and (INVITE)
 * media ports.
 */
static int gen_msg(char *buf, unsigned int i, unsigned int sport, const char *d,
		   const char *tp)
{
	unsigned int run = o.run, mp = o.media + 4 * (i / o.ndst % o.window);
	const char *s = cur_src ? cur_src : o.src;
	char sdp[1024];
	int n, sl;

	if (!strcmp(o.kind, "invite")) {
		sl = snprintf(sdp, sizeof(sdp), sdp_fmt, run, i, s, s, mp, mp + 2);
		n = snprintf(buf, MAXMSG,
			     "INVITE sip:bob@%s:%u SIP/2.0\r\n" REQ_HDRS
			     "CSeq: 1 INVITE\r\n"
			     "Contact: <sip:alice@%s:%u;transport=%s>\r\n"
			     "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, UPDATE, INFO\r\n"
			     "Supported: replaces, timer, 100rel\r\n"
			     "Accept: application/sdp, application/dtmf-relay\r\n"
			     "Allow-Events: talk, hold, refer, presence\r\n"
			     "Session-Expires: 1800;refresher=uac\r\n"
			     "User-Agent: sipalg-bench/1.0\r\n"
			     "Content-Type: application/sdp\r\n"
			     "Content-Length: %d\r\n\r\n%s",
			     d, o.dport, tp, s, sport, run, i, s, sport, run, i, d, "",
			     run, i, s, s, sport, tp, sl, sdp);
	} else if (!strcmp(o.kind, "options")) {
		n = snprintf(buf, MAXMSG,
			     "OPTIONS sip:%s:%u SIP/2.0\r\n" REQ_HDRS
			     "CSeq: %u OPTIONS\r\n"
			     "Contact: <sip:alice@%s:%u>\r\n"
			     "Accept: application/sdp\r\n"
			     "User-Agent: sipalg-bench/1.0\r\n"
			     "Content-Length: 0\r\n\r\n",
			     d, o.dport, tp, s, sport, run, i, s, sport, run, i, d, "",
			     run, i, s, i + 1, s, sport);
	} else if (!strcmp(o.kind, "bye")) {
		n = snprintf(buf, MAXMSG,
			     "BYE sip:bob@%s:%u SIP/2.0\r\n" REQ_HDRS
			     "CSeq: 2 BYE\r\n"
			     "User-Agent: sipalg-bench/1.0\r\n"
			     "Content-Length: 0\r\n\r\n",
			     d, o.dport, tp, s, sport, run, i, s, sport, run, i, d,
			     ";tag=b1234", run, i, s);
	} else if (!strcmp(o.kind, "ringing") || !strcmp(o.kind, "ok")) {
		/* The phone answers a call (180) or a BYE (200) from the server. */
		int ring = !strcmp(o.kind, "ringing");
		char contact[96] = "";

		if (ring)
			snprintf(contact, sizeof(contact), "Contact: <sip:alice@%s:%u>\r\n",
				 s, sport);
		n = snprintf(buf, MAXMSG,
			     "SIP/2.0 %s\r\n"
			     "Via: SIP/2.0/%s %s:%u;branch=z9hG4bK-s%08x-%07u;received=%s\r\n"
			     "From: <sip:carol@%s>;tag=c%08x%07u\r\n"
			     "To: <sip:alice@%s>;tag=a%08x%07u\r\n"
			     "Call-ID: %08x-%07u-srv@%s\r\n"
			     "CSeq: %s\r\n%sContent-Length: 0\r\n\r\n",
			     ring ? "180 Ringing" : "200 OK", tp, d, o.dport, run, i, d,
			     d, run, i, s, run, i, run, i, d,
			     ring ? "1 INVITE" : "2 BYE", contact);
	} else {
		fprintf(stderr, "flood: unknown kind %s\n", o.kind);
		exit(2);
	}
	if (n <= 0 || n >= MAXMSG) {
		fprintf(stderr, "flood: message too long\n");
		exit(2);
	}
	return n;
}

/* ---- senders --------------------------------------------------------- */

struct iphdr_udp {
	struct iphdr ip;
	struct udphdr udp;
};	/* 28 bytes, no padding */

/* Send nb messages in as many sendmmsg() calls as the socket takes. */
static void send_all(int fd, struct mmsghdr *mm, unsigned int nb)
{
	unsigned int b;

	for (b = 0; b < nb; ) {
		int r = sendmmsg(fd, mm + b, nb - b, 0);

		if (r < 0) {
			if (errno == ENOBUFS || errno == EAGAIN || errno == EPERM)
				continue;
			die("sendmmsg");
		}
		b += r;
	}
}

/*
 * UDP: NPORTS sockets.  sendmmsg() sends from one socket, so the messages are
 * grouped: each sendmmsg() batch goes out of one socket, the next batch out
 * of the next (messages i*BATCH.. use port (i % NPORTS)).
 */
static int udp_send(void)
{
	struct sockaddr_in dst = sin_of(o.dst, o.dport);
	unsigned int i, nb, p, np = o.newflow ? 1 : o.nports;
	struct mmsghdr *mm = xmalloc(sizeof(*mm) * o.n);
	struct iovec *iov = xmalloc(sizeof(*iov) * o.n);
	char *bufs = xmalloc((size_t)MAXMSG * o.n);
	int *fds = xmalloc(sizeof(int) * np);
	uint64_t t0, t1;
	int len;

	if (o.newflow) {
		int one = 1;

		fds[0] = socket(AF_INET, SOCK_RAW, IPPROTO_UDP);
		if (fds[0] < 0 || setsockopt(fds[0], IPPROTO_IP, IP_HDRINCL, &one, sizeof(one)))
			die("raw socket");
	} else {
		for (p = 0; p < np; p++)
			fds[p] = udp_socket(o.src, o.sport + p);
	}
	for (i = 0; i < o.n; i++) {
		char *m = bufs + (size_t)MAXMSG * i;
		unsigned int sport;

		if (o.newflow) {
			struct iphdr_udp *h = (struct iphdr_udp *)m;
			struct sockaddr_in s = sin_of(o.src, 0);
			unsigned int mi = o.first + i;
			char d[INET_ADDRSTRLEN], srcbuf[INET_ADDRSTRLEN];
			struct in_addr da;

			/*
			 * flow i: destination i % NDST, source address i % NSRC,
			 * source port SPORT + i / NDST
			 */
			da.s_addr = htonl(ntohl(dst.sin_addr.s_addr) + mi % o.ndst);
			inet_ntop(AF_INET, &da, d, sizeof(d));
			s.sin_addr.s_addr = htonl(ntohl(s.sin_addr.s_addr) + mi % o.nsrc);
			inet_ntop(AF_INET, &s.sin_addr, srcbuf, sizeof(srcbuf));
			cur_src = srcbuf;
			sport = o.sport + mi / o.ndst;
			len = gen_msg(m + sizeof(*h), mi, sport, d, "UDP");
			cur_src = NULL;
			h->ip.version = 4;
			h->ip.ihl = 5;
			h->ip.ttl = 64;
			h->ip.protocol = IPPROTO_UDP;
			h->ip.saddr = s.sin_addr.s_addr;
			h->ip.daddr = da.s_addr;
			h->ip.tot_len = htons(sizeof(*h) + len);
			h->udp.source = htons(sport);
			h->udp.dest = htons(o.dport);
			h->udp.len = htons(sizeof(h->udp) + len);
			h->udp.check = 0;	/* none: legal for UDP over IPv4 */
			len += sizeof(*h);
		} else {
			sport = o.sport + (i / o.batch) % np;
			len = gen_msg(m, o.first + i, sport, o.dst, "UDP");
		}
		iov[i].iov_base = m;
		iov[i].iov_len = len;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &dst;
		mm[i].msg_hdr.msg_namelen = sizeof(dst);
	}
	printf("ready\nmsg_bytes=%zu\n", iov[0].iov_len);
	fflush(stdout);

	t0 = now_ns();
	for (i = 0; i < o.n; i += nb) {
		nb = o.n - i < o.batch ? o.n - i : o.batch;
		p = o.newflow ? 0 : (i / o.batch) % np;
		send_all(fds[p], mm + i, nb);
	}
	t1 = now_ns();
	printf("sent=%u\nstart_ns=%llu\nend_ns=%llu\n", o.n,
	       (unsigned long long)t0, (unsigned long long)t1);
	return 0;
}

static int tcp_send(void)
{
	struct sockaddr_in dst = sin_of(o.dst, o.dport), src = sin_of(o.src, 0);
	unsigned int i, c, nc = o.nports;
	char *bufs = xmalloc((size_t)MAXMSG * o.n);
	int *len = xmalloc(sizeof(int) * o.n);
	int *fds = xmalloc(sizeof(int) * nc);
	unsigned int *sports = xmalloc(sizeof(int) * nc);
	uint64_t t0, t1;
	char tmp[4096];

	for (c = 0; c < nc; c++) {
		struct sockaddr_in a;
		socklen_t al = sizeof(a);
		int one = 1;

		fds[c] = socket(AF_INET, SOCK_STREAM, 0);
		if (fds[c] < 0)
			die("socket");
		setsockopt(fds[c], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		if (bind(fds[c], (struct sockaddr *)&src, sizeof(src)) ||
		    connect(fds[c], (struct sockaddr *)&dst, sizeof(dst)))
			die("connect");
		getsockname(fds[c], (struct sockaddr *)&a, &al);
		sports[c] = ntohs(a.sin_port);
	}
	for (i = 0; i < o.n; i++)
		len[i] = gen_msg(bufs + (size_t)MAXMSG * i, i, sports[i % nc], o.dst, "TCP");
	printf("ready\nmsg_bytes=%d\n", len[0]);
	fflush(stdout);

	t0 = now_ns();
	for (i = 0; i < o.n; i++) {
		const char *p = bufs + (size_t)MAXMSG * i;
		int left = len[i], r;

		while (left > 0) {
			r = write(fds[i % nc], p, left);
			if (r < 0)
				die("write");
			p += r;
			left -= r;
		}
	}
	for (c = 0; c < nc; c++)
		shutdown(fds[c], SHUT_WR);
	t1 = now_ns();
	printf("sent=%u\nstart_ns=%llu\nend_ns=%llu\n", o.n,
	       (unsigned long long)t0, (unsigned long long)t1);
	fflush(stdout);
	for (c = 0; c < nc; c++)
		while (read(fds[c], tmp, sizeof(tmp)) > 0)
			;
	return 0;
}

static int rtp_send(void)
{
	unsigned int i, nb, k, ns = o.nports;
	struct sockaddr_in *dst = xmalloc(sizeof(*dst) * ns);
	struct mmsghdr *mm = xmalloc(sizeof(*mm) * o.n);
	struct iovec *iov = xmalloc(sizeof(*iov) * o.n);
	unsigned char *bufs = xmalloc(172u * o.n);
	int fd = udp_socket(o.src, o.sport);
	uint64_t t0, t1;

	for (k = 0; k < ns; k++)
		dst[k] = sin_of(o.dst, o.media + 4 * k);
	for (i = 0; i < o.n; i++) {
		unsigned char *p = bufs + 172u * i;
		unsigned int seq = i / ns, ssrc = 0x5a000000 + i % ns;

		p[0] = 0x80;
		p[1] = 0;	/* PCMU */
		p[2] = seq >> 8;
		p[3] = seq;
		p[4] = (seq * 160) >> 24;
		p[5] = (seq * 160) >> 16;
		p[6] = (seq * 160) >> 8;
		p[7] = seq * 160;
		p[8] = ssrc >> 24;
		p[9] = ssrc >> 16;
		p[10] = ssrc >> 8;
		p[11] = ssrc;
		memset(p + 12, 0xff, 160);
		iov[i].iov_base = p;
		iov[i].iov_len = 172;
		mm[i].msg_hdr.msg_iov = &iov[i];
		mm[i].msg_hdr.msg_iovlen = 1;
		mm[i].msg_hdr.msg_name = &dst[i % ns];
		mm[i].msg_hdr.msg_namelen = sizeof(dst[0]);
	}
	printf("ready\n");
	fflush(stdout);
	t0 = now_ns();
	for (i = 0; i < o.n; i += nb) {
		nb = o.n - i < o.batch ? o.n - i : o.batch;
		send_all(fd, mm + i, nb);
	}
	t1 = now_ns();
	printf("sent=%u\nstart_ns=%llu\nend_ns=%llu\n", o.n,
	       (unsigned long long)t0, (unsigned long long)t1);
	return 0;
}

/* ---- sinks ----------------------------------------------------------- */

static void report(unsigned long long count, unsigned long long bytes,
		   uint64_t first, uint64_t last)
{
	printf("count=%llu\nbytes=%llu\nfirst_ns=%llu\nlast_ns=%llu\n", count, bytes,
	       (unsigned long long)first, (unsigned long long)last);
}

/* Datagram sinks: NFDS sockets, until N datagrams or IDLE_MS of silence. */
static int dgram_sink(int *fds, unsigned int nfds, FILE *samples)
{
	static char bufs[MAXBATCH][MAXMSG];
	struct mmsghdr mm[MAXBATCH];
	struct iovec iov[MAXBATCH];
	unsigned long long count = 0, bytes = 0;
	unsigned int every = o.nsamples ? o.n / o.nsamples : 0, k;
	uint64_t first = 0, last = 0;
	struct epoll_event ev;
	int ep, r, j;

	ep = epoll_create1(0);
	for (k = 0; k < nfds; k++) {
		ev.events = EPOLLIN;
		ev.data.u32 = k;
		if (epoll_ctl(ep, EPOLL_CTL_ADD, fds[k], &ev))
			die("epoll_ctl");
	}
	for (k = 0; k < MAXBATCH; k++) {
		iov[k].iov_base = bufs[k];
		iov[k].iov_len = MAXMSG;
		memset(&mm[k], 0, sizeof(mm[k]));
		mm[k].msg_hdr.msg_iov = &iov[k];
		mm[k].msg_hdr.msg_iovlen = 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (count < o.n) {
		/*
		 * The sender may take a while to start (a loaded host, 9p):
		 * only the silence after the first datagram ends a flood.
		 */
		r = epoll_wait(ep, &ev, 1, count ? (int)o.idle_ms : 600000);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		r = recvmmsg(fds[ev.data.u32], mm, MAXBATCH, MSG_DONTWAIT, NULL);
		if (r <= 0)
			continue;
		last = now_ns();
		if (!count)
			first = last;
		for (j = 0; j < r; j++) {
			if (samples && every && (count + j) % every == 0) {
				fprintf(samples, "=== sample %llu\n", count + j);
				fwrite(bufs[j], 1, mm[j].msg_len, samples);
				fputs("\n", samples);
			}
			bytes += mm[j].msg_len;
		}
		count += r;
	}
	report(count, bytes, first, last);
	return 0;
}

static FILE *open_samples(void)
{
	FILE *f;

	if (!o.samples)
		return NULL;
	f = fopen(o.samples, "w");
	if (!f)
		die(o.samples);
	/* samples are written to a buffer: no I/O until the end */
	setvbuf(f, NULL, _IOFBF, 1 << 20);
	return f;
}

static int udp_sink(void)
{
	int fd = udp_socket(o.laddr, o.dport);
	FILE *s = open_samples();
	int r = dgram_sink(&fd, 1, s);

	if (s)
		fclose(s);
	return r;
}

static int rtp_sink(void)
{
	int *fds = xmalloc(sizeof(int) * o.nports);
	unsigned int k;

	for (k = 0; k < o.nports && k < MAXFD; k++) {
		fds[k] = udp_socket(o.laddr, o.media + 4 * k);
		if (o.dst) {
			struct sockaddr_in peer = sin_of(o.dst, o.dport);
			char punch[12] = { 0x80 };

			if (sendto(fds[k], punch, sizeof(punch), 0,
				   (struct sockaddr *)&peer, sizeof(peer)) < 0)
				die("sendto");
		}
	}
	return dgram_sink(fds, o.nports, NULL);
}

static int tcp_sink(void)
{
	struct sockaddr_in a = sin_of(o.laddr, o.dport);
	unsigned long long bytes = 0, kept = 0;
	unsigned int open = 0, accepted = 0;
	int lfd, ep, r, one = 1, first_fd = -1;
	uint64_t first = 0, last = 0;
	static char buf[1 << 16];
	FILE *s = open_samples();
	struct epoll_event ev;

	lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&a, sizeof(a)) || listen(lfd, 128))
		die("listen");
	ep = epoll_create1(0);
	ev.events = EPOLLIN;
	ev.data.fd = lfd;
	epoll_ctl(ep, EPOLL_CTL_ADD, lfd, &ev);
	printf("ready\n");
	fflush(stdout);
	while (accepted < o.nports || open) {
		r = epoll_wait(ep, &ev, 1, o.idle_ms);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (ev.data.fd == lfd) {
			int fd = accept(lfd, NULL, NULL);

			if (fd < 0)
				die("accept");
			if (first_fd < 0)
				first_fd = fd;
			ev.events = EPOLLIN;
			ev.data.fd = fd;
			epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev);
			accepted++;
			open++;
			continue;
		}
		r = read(ev.data.fd, buf, sizeof(buf));
		if (r > 0) {
			last = now_ns();
			if (!first)
				first = last;
			bytes += r;
			if (s && ev.data.fd == first_fd && kept < 65536) {
				fwrite(buf, 1, r, s);
				kept += r;
			}
			continue;
		}
		last = now_ns();
		epoll_ctl(ep, EPOLL_CTL_DEL, ev.data.fd, NULL);
		close(ev.data.fd);
		open--;
	}
	if (s)
		fclose(s);
	printf("connections=%u\n", accepted);
	report(0, bytes, first, last);
	return 0;
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int c;

	optind = 2;
	while ((c = getopt(argc, argv, "d:s:l:k:S:D:p:P:n:r:m:w:b:c:t:A:B:i:N")) != -1) {
		switch (c) {
		case 'd':
			o.dst = optarg;
			break;
		case 's':
			o.src = optarg;
			break;
		case 'l':
			o.laddr = optarg;
			break;
		case 'k':
			o.kind = optarg;
			break;
		case 'S':
			o.samples = optarg;
			break;
		case 'D':
			o.dport = atoi(optarg);
			break;
		case 'p':
			o.sport = atoi(optarg);
			break;
		case 'P':
			o.nports = atoi(optarg);
			break;
		case 'n':
			o.n = atoi(optarg);
			break;
		case 'r':
			o.run = atoi(optarg);
			break;
		case 'm':
			o.media = atoi(optarg);
			break;
		case 'w':
			o.window = atoi(optarg);
			break;
		case 'b':
			o.batch = atoi(optarg);
			break;
		case 'c':
			o.nsamples = atoi(optarg);
			break;
		case 't':
			o.idle_ms = atoi(optarg);
			break;
		case 'A':
			o.ndst = atoi(optarg);
			break;
		case 'B':
			o.nsrc = atoi(optarg);
			break;
		case 'i':
			o.first = atoi(optarg);
			break;
		case 'N':
			o.newflow = 1;
			break;
		default:
			return 2;
		}
	}
	if (o.batch < 1 || o.batch > MAXBATCH || !o.nports || !o.window || !o.ndst || !o.nsrc) {
		fprintf(stderr, "flood: bad -b/-P/-w\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "udp-send"))
		return udp_send();
	if (!strcmp(cmd, "udp-sink"))
		return udp_sink();
	if (!strcmp(cmd, "tcp-send"))
		return tcp_send();
	if (!strcmp(cmd, "tcp-sink"))
		return tcp_sink();
	if (!strcmp(cmd, "rtp-send"))
		return rtp_send();
	if (!strcmp(cmd, "rtp-sink"))
		return rtp_sink();
	fprintf(stderr, "usage: see the comment at the top of the source\n");
	return 2;
}
