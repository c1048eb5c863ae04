/*  zeromq-wasm shim: what the host thread calls (src/transport/host.ts).

    The host owns the network objects (net.Socket, net.Server, WebSocket).
    It reports their events here and moves bytes straight between them and
    the rings: it writes into the inbound ring at the pointer in_reserve
    returns, and reads the outbound ring at the pointer out_peek returns. */
#include "zws_fd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

const char *zws_name_of (const struct sockaddr *sa);

static char text[300];

/*  which: 0 local, 1 remote, 2 a datagram's destination (host_peer). */
static const struct sockaddr *addr_of (zws_fd *f, int which)
{
    return (const struct sockaddr *) (which == 2   ? &f->host_peer
                                      : which == 1 ? &f->remote
                                                   : &f->local);
}

/*  Host part of the local (0) or remote (1) address, or of the last
    datagram's destination (2): a host name, an IPv4 address, or an IPv6
    address without brackets. */
const char *zws_host_addr (int fd, int remote)
{
    zws_fd *f = zws_lookup (fd);
    text[0] = '\0';
    if (!f)
        return text;
    const struct sockaddr *sa = addr_of (f, remote);
    const char *name = zws_name_of (sa);
    if (name) {
        snprintf (text, sizeof text, "%s", name);
    } else if (sa->sa_family == AF_INET) {
        inet_ntop (AF_INET, &((const struct sockaddr_in *) sa)->sin_addr, text,
                   sizeof text);
    } else if (sa->sa_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *) sa)->sin6_addr;
        if (IN6_IS_ADDR_V4MAPPED (a))
            inet_ntop (AF_INET, a->s6_addr + 12, text, sizeof text);
        else
            inet_ntop (AF_INET6, a, text, sizeof text);
    }
    return text;
}

int zws_host_port (int fd, int remote)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return 0;
    const struct sockaddr *sa = addr_of (f, remote);
    if (sa->sa_family == AF_INET)
        return ntohs (((const struct sockaddr_in *) sa)->sin_port);
    if (sa->sa_family == AF_INET6)
        return ntohs (((const struct sockaddr_in6 *) sa)->sin6_port);
    return 0;
}

static void set_port (struct sockaddr_storage *ss, int port)
{
    if (ss->ss_family == AF_INET)
        ((struct sockaddr_in *) ss)->sin_port = htons ((uint16_t) port);
    else if (ss->ss_family == AF_INET6)
        ((struct sockaddr_in6 *) ss)->sin6_port = htons ((uint16_t) port);
}

/*  Parse a textual address the host saw (a peer of an accepted socket). */
static void set_addr (struct sockaddr_storage *ss,
                      socklen_t *len,
                      const char *host,
                      int port)
{
    memset (ss, 0, sizeof *ss);
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *) ss;
    struct sockaddr_in *v4 = (struct sockaddr_in *) ss;
    if (inet_pton (AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        *len = sizeof *v6;
    } else {
        v4->sin_family = AF_INET;
        if (inet_pton (AF_INET, host, &v4->sin_addr) != 1)
            v4->sin_addr.s_addr = htonl (INADDR_LOOPBACK);
        *len = sizeof *v4;
    }
    set_port (ss, port);
}

void zws_host_connected (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || atomic_load (&f->state) != ZWS_CONNECTING)
        return;
    f->local = f->remote;
    f->local_len = f->remote_len;
    atomic_store (&f->state, ZWS_OPEN);
    zws_bump (f);
}

/*  A connect, listen or established connection failed with errno err. */
void zws_host_failed (int fd, int err)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return;
    atomic_store (&f->error, err ? err : ECONNRESET);
    zws_bump (f);
}

/*  The peer closed; bytes already in the inbound ring are still read. */
void zws_host_eof (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return;
    atomic_store (&f->eof, 1);
    zws_bump (f);
}

/*  A listener listens, or a datagram fd's socket is bound, on port. */
void zws_host_listening (int fd, int port)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return;
    set_port (&f->local, port);
    atomic_store (&f->state, ZWS_LISTENING);
    zws_bump (f);
}

/*  A connection arrived on listener fd: returns its new fd, queued for
    libzmq's accept(), or -1 when the queue or the fd table is full (the
    host then drops the connection, as a full backlog would). */
int zws_host_accepted (int fd, const char *peer, int port)
{
    zws_fd *l = zws_lookup (fd);
    if (!l || atomic_load (&l->state) != ZWS_LISTENING)
        return -1;
    if (zws_ring_free (&l->accepts) < sizeof (int))
        return -1;
    const int nfd = zws_alloc (ZWS_STREAM);
    if (nfd < 0)
        return -1;
    zws_fd *c = zws_lookup (nfd);
    if (zws_rings_init (c)) {
        zws_free (c);
        return -1;
    }
    c->local = l->local;
    c->local_len = l->local_len;
    set_addr (&c->remote, &c->remote_len, peer, port);
    atomic_store (&c->state, ZWS_OPEN);
    zws_ring_write (&l->accepts, &nfd, sizeof nfd);
    zws_bump (l);
    return nfd;
}

/*  Contiguous free space in the inbound ring: returns where, *len says
    how much (0: full, or no such fd). */
uint8_t *zws_host_in_reserve (int fd, uint32_t *len)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || !f->in.buf) {
        *len = 0;
        return NULL;
    }
    return zws_ring_reserve (&f->in, len);
}

/*  Publishes n written bytes. Nobody is woken yet: the host commits every
    piece of a chunk, then calls in_wake once (a wake can cost more than
    copying 64 KiB when it makes the sleeper preempt the host thread). */
void zws_host_in_commit (int fd, uint32_t n)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || n == 0)
        return;
    zws_ring_commit (&f->in, n);
}

/*  Wakes whoever polls fd for the bytes committed since the last wake. */
void zws_host_in_wake (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (f)
        zws_bump (f);
}

/*  The host stops reading because the ring is full. Returns 0 if space
    appeared meanwhile (keep reading); otherwise OP_RESUME comes later. */
int zws_host_in_pause (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return 0;
    atomic_store (&f->in_paused, 1);
    if (zws_ring_free (&f->in) > 0 && atomic_exchange (&f->in_paused, 0))
        return 0;
    return 1;
}

/*  Contiguous bytes waiting in the outbound ring: returns where, *len
    says how many (0: drained, or no such fd). */
uint8_t *zws_host_out_peek (int fd, uint32_t *len)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || !f->out.buf) {
        *len = 0;
        return NULL;
    }
    return zws_ring_peek (&f->out, len);
}

void zws_host_out_consume (int fd, uint32_t n)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || n == 0)
        return;
    zws_ring_consume (&f->out, n);
    zws_bump (f);
}

int zws_host_dgram_next (int fd, uint8_t *buf, uint32_t cap)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || atomic_load (&f->kind) != ZWS_DGRAM)
        return -1;
    socklen_t len = sizeof f->host_peer;
    return (int) zws_dgram_take (&f->out, buf, cap,
                                 (struct sockaddr *) &f->host_peer, &len);
}

int zws_host_dgram_deliver (
  int fd, const char *peer, int port, const uint8_t *data, uint32_t size)
{
    zws_fd *f = zws_lookup (fd);
    if (!f || atomic_load (&f->kind) != ZWS_DGRAM)
        return -1;
    struct sockaddr_storage from;
    socklen_t from_len;
    set_addr (&from, &from_len, peer, port);
    if (zws_dgram_put (&f->in, (const struct sockaddr *) &from, from_len, data,
                       size))
        return -1;
    zws_bump (f);
    return 0;
}

/*  Node: the connection's kernel socket, which libzmq's thread may write
    directly while the host has nothing of ours in flight. */
void zws_host_set_os_fd (int fd, int os_fd)
{
    zws_fd *f = zws_lookup (fd);
    if (f)
        f->os_fd = os_fd;
}

/*  idle 0: the host is about to write bytes from the ring; 1: all it wrote
    has reached the kernel. */
void zws_host_set_idle (int fd, int idle)
{
    zws_fd *f = zws_lookup (fd);
    if (f)
        atomic_store (&f->host_idle, idle);
}

/*  The host is done with a closed fd: free it. A listener's connections
    that libzmq never accepted are closed with it. */
void zws_host_release (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return;
    if (atomic_load (&f->kind) == ZWS_LISTENER) {
        /*  Take only what is there: the host must never wait. */
        atomic_store (&f->nonblock, 1);
        for (;;) {
            const int c = zws_accept (fd, NULL, NULL);
            if (c < 0)
                break;
            zws_close (c);
        }
    }
    zws_free (f);
}
