/*  zeromq-wasm shim: the BSD socket calls libzmq makes, on the fd table.

    Data moves by memcpy between libzmq's buffers and the rings; only
    connect, listen and close hand work to the host thread, which owns the
    real network objects. listen waits for the host's answer and poll sleeps
    on a futex. connect, accept, send and recv block, as in POSIX, until
    the fd is made non-blocking (fcntl O_NONBLOCK, SOCK_NONBLOCK), which
    libzmq does for every fd it does I/O on; code with plain blocking
    sockets (libzmq's own tests, wasm/libzmq-tests) gets the POSIX
    behaviour. A blocking call waits on the fd's seq word, which every
    readiness change bumps; on the host thread nothing ever blocks. */
#include "zws_fd.h"


#include <emscripten/threading.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <emscripten/emscripten.h>

/*  Whether this is the thread that delivers the network events, which must
    never wait. In libzmq's own tests without threads (ZWS_ASYNCIFY_WAIT)
    a wait yields to the event loop instead (zws_wait.c), so it may. */
static int on_host_thread (void)
{
#ifdef ZWS_ASYNCIFY_WAIT
    return 0;
#else
    return emscripten_is_main_runtime_thread ();
#endif
}

/*  Whether a call on f may wait: a blocking fd, not on the host thread
    (waiting there would stop the thread that delivers the network events),
    and no MSG_DONTWAIT. */
static int may_block (zws_fd *f, int flags)
{
    return !atomic_load (&f->nonblock) && !(flags & MSG_DONTWAIT)
           && !on_host_thread ();
}

/*  Sleeps until the host has brought f to state (0) or failed it (-1,
    errno set). Never on the host thread: it is the one that answers. */
static int await_state (zws_fd *f, int state)
{
    for (;;) {
        const int seq = atomic_load (&f->seq.value);
        const int err = atomic_exchange (&f->error, 0);
        if (err) {
            errno = err;
            return -1;
        }
        if (atomic_load (&f->state) == state)
            return 0;
        zws_sleep (&f->seq, seq, -1);
    }
}

int zws_socket (int domain, int type, int protocol)
{
    (void) protocol;
    if (domain != AF_INET && domain != AF_INET6) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    const int dgram = (type & 0xf) == SOCK_DGRAM;
    if ((type & 0xf) != SOCK_STREAM && !dgram) {
        errno = EPROTONOSUPPORT;
        return -1;
    }
    const int fd = zws_alloc (dgram ? ZWS_DGRAM : ZWS_STREAM);
    if (fd < 0)
        return -1;
    zws_fd *f = zws_lookup (fd);
    if (type & SOCK_NONBLOCK)
        atomic_store (&f->nonblock, 1);
    if (dgram) {
        /*  A datagram socket has no connect to set its rings up: it may
            send or receive from the start. */
        if (zws_rings_init (f)) {
            zws_free (f);
            return -1;
        }
        f->local.ss_family = (sa_family_t) domain;
        f->local_len = domain == AF_INET6 ? sizeof (struct sockaddr_in6)
                                          : sizeof (struct sockaddr_in);
    }
    return fd;
}

int zws_socketpair (int domain, int type, int protocol, int sv[2])
{
    (void) domain;
    (void) type;
    (void) protocol;
    const int r = zws_alloc (ZWS_SIGNAL_R);
    if (r < 0)
        return -1;
    const int w = zws_alloc (ZWS_SIGNAL_W);
    if (w < 0) {
        zws_free (zws_lookup (r));
        return -1;
    }
    zws_lookup (w)->peer = r - ZWS_FD_BASE;
    sv[0] = w;
    sv[1] = r;
    return 0;
}

static zws_fd *stream (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return NULL;
    }
    const int kind = atomic_load (&f->kind);
    if (kind != ZWS_STREAM && kind != ZWS_LISTENER && kind != ZWS_DGRAM) {
        errno = ENOTSOCK;
        return NULL;
    }
    return f;
}

static int is_dgram (zws_fd *f)
{
    return atomic_load (&f->kind) == ZWS_DGRAM;
}

static int copy_addr (struct sockaddr_storage *dst,
                      socklen_t *dst_len,
                      const struct sockaddr *addr,
                      socklen_t len)
{
    if (!addr || len > sizeof *dst
        || (addr->sa_family != AF_INET && addr->sa_family != AF_INET6)) {
        errno = EINVAL;
        return -1;
    }
    memset (dst, 0, sizeof *dst);
    memcpy (dst, addr, len);
    *dst_len = len;
    return 0;
}

int zws_connect (int fd, const struct sockaddr *addr, socklen_t len)
{
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    /*  libzmq's udp engine only ever sends to an address (sendto). */
    if (is_dgram (f)) {
        errno = EOPNOTSUPP;
        return -1;
    }
    if (atomic_load (&f->state) != ZWS_NEW) {
        errno = EISCONN;
        return -1;
    }
    if (copy_addr (&f->remote, &f->remote_len, addr, len)
        || zws_rings_init (f))
        return -1;
    atomic_store (&f->state, ZWS_CONNECTING);
    zws_post (f, ZWS_OP_CONNECT);
    if (!may_block (f, 0)) {
        errno = EINPROGRESS;
        return -1;
    }
    /*  A blocking connect returns once the host connected or failed. */
    return await_state (f, ZWS_OPEN);
}

int zws_bind (int fd, const struct sockaddr *addr, socklen_t len)
{
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    if (is_dgram (f)) {
        if (atomic_load (&f->state) != ZWS_NEW) {
            errno = EINVAL;
            return -1;
        }
        if (copy_addr (&f->local, &f->local_len, addr, len))
            return -1;
        /*  The host binds its socket. libzmq's engine (non-blocking, on
            its I/O thread, which without threads is the host's own) does
            not wait for it: a failure (EADDRINUSE) comes back as the fd's
            error, recvfrom fails and the engine retries. A blocking fd
            waits, as POSIX bind, so getsockname then has the port. */
        atomic_store (&f->state, ZWS_CONNECTING);
        zws_post (f, ZWS_OP_BIND);
        return may_block (f, 0) ? await_state (f, ZWS_LISTENING) : 0;
    }
    /*  Only recorded: the host takes the port when it listens and reports
        EADDRINUSE from there. A source address on a connecting socket
        ("tcp://src;dst") is recorded and not used. */
    return copy_addr (&f->local, &f->local_len, addr, len);
}

int zws_listen (int fd, int backlog)
{
    (void) backlog;
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    if (is_dgram (f)) {
        errno = EOPNOTSUPP;
        return -1;
    }
    /*  listen() again on a listening socket only changes the backlog in
        POSIX: it keeps listening (libzmq's test_socks does this). */
    if (atomic_load (&f->kind) == ZWS_LISTENER
        && atomic_load (&f->state) == ZWS_LISTENING)
        return 0;
#if defined(ZWS_COOPERATIVE) && !defined(ZWS_ASYNCIFY_WAIT)
    /*  No thread can wait for the host: the TypeScript API has the host
        listen on the port first (the port and any error are known then),
        so listen() only hands that listener to this fd. */
    if (zws_accepts_init (f))
        return -1;
    atomic_store (&f->kind, ZWS_LISTENER);
    atomic_store (&f->state, ZWS_LISTENING);
    zws_post (f, ZWS_OP_LISTEN);
    return 0;
#endif
    if (on_host_thread ()) {
        /*  The host thread is this thread: waiting for it would deadlock.
            The TypeScript API binds from a helper thread. */
        errno = EWOULDBLOCK;
        return -1;
    }
    if (zws_accepts_init (f))
        return -1;
    atomic_store (&f->kind, ZWS_LISTENER);
    atomic_store (&f->state, ZWS_CONNECTING);
    zws_post (f, ZWS_OP_LISTEN);
    return await_state (f, ZWS_LISTENING);
}

int zws_accept4 (int fd, struct sockaddr *addr, socklen_t *len, int flags)
{
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    if (atomic_load (&f->kind) != ZWS_LISTENER) {
        errno = EINVAL;
        return -1;
    }
    int nfd;
    for (;;) {
        const int seq = atomic_load (&f->seq.value);
        if (zws_ring_read (&f->accepts, &nfd, sizeof nfd) == sizeof nfd)
            break;
        if (!may_block (f, 0)) {
            errno = EAGAIN;
            return -1;
        }
        zws_sleep (&f->seq, seq, -1);
    }
    zws_fd *c = zws_lookup (nfd);
    if (c && (flags & SOCK_NONBLOCK))
        atomic_store (&c->nonblock, 1);
    if (addr && len && c) {
        const socklen_t n = *len < c->remote_len ? *len : c->remote_len;
        memcpy (addr, &c->remote, n);
        *len = c->remote_len;
    }
    return nfd;
}

int zws_accept (int fd, struct sockaddr *addr, socklen_t *len)
{
    return zws_accept4 (fd, addr, len, 0);
}

/*  Node only: write to the kernel socket from this thread, with no hop
    through the host. Returns bytes written, -1 if the socket would block,
    -2 on a hard error (the peer is gone). */
EM_JS (int, zws_os_write, (int os_fd, const void *buf, int len), {
    try {
        /* One view per memory buffer, not one per call: no garbage on the
           hot path of this thread. */
        var io = Module["zwsIo"] || (Module["zwsIo"] = { fs: require("fs"), view: null });
        if (!io.view || io.view.buffer !== wasmMemory.buffer) io.view = new Uint8Array(wasmMemory.buffer);
        return io.fs.writeSync(os_fd, io.view, buf, len);
    } catch (e) {
        return e.code === "EAGAIN" || e.code === "EWOULDBLOCK" ? -1 : -2;
    }
});

/*  One non-blocking send: what fits now, or -1 with errno (EAGAIN). */
static ssize_t send_now (zws_fd *f, const void *buf, size_t len)
{
    if (atomic_load (&f->kind) == ZWS_SIGNAL_W) {
        zws_fd *r = zws_slot (f->peer);
        atomic_fetch_add (&r->pending, (int) len);
        zws_bump (r);
        return (ssize_t) len;
    }
    if (is_dgram (f)) {
        errno = EDESTADDRREQ; /* never connected: sendto names the peer */
        return -1;
    }
    const int err = atomic_load (&f->error);
    if (err || atomic_load (&f->eof)) {
        errno = err ? err : EPIPE;
        return -1;
    }
    if (atomic_load (&f->state) != ZWS_OPEN) {
        errno = atomic_load (&f->state) == ZWS_CONNECTING ? EAGAIN : ENOTCONN;
        return -1;
    }
    size_t sent = 0;
    /*  Straight to the kernel when nothing of ours is queued anywhere else
        (ring empty, host idle), so bytes stay in order. What the kernel
        does not take goes to the ring and the host takes over. */
    if (f->os_fd >= 0 && atomic_load (&f->host_idle) && zws_ring_used (&f->out) == 0) {
        const int n = zws_os_write (f->os_fd, buf, (int) len);
        if (n == -2) {
            atomic_store (&f->error, EPIPE);
            zws_bump (f);
            errno = EPIPE;
            return -1;
        }
        if (n > 0)
            sent = (size_t) n;
        if (sent == len)
            return (ssize_t) sent;
    }
    /*  The rest to the outbound ring, for the host to send. */
    const size_t queued =
      zws_ring_write (&f->out, (const uint8_t *) buf + sent, len - sent);
    if (queued > 0)
        zws_post (f, ZWS_OP_FLUSH);
    sent += queued;
    if (sent == 0) {
        errno = EAGAIN;
        return -1;
    }
    return (ssize_t) sent;
}

ssize_t zws_send (int fd, const void *buf, size_t len, int flags)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    if (!may_block (f, flags))
        return send_now (f, buf, len);
    /*  Blocking: all of it, waiting for ring space (or for the connect to
        finish) in between. */
    size_t sent = 0;
    for (;;) {
        const int seq = atomic_load (&f->seq.value);
        const ssize_t n = send_now (f, (const uint8_t *) buf + sent, len - sent);
        if (n < 0 && errno != EAGAIN)
            return sent > 0 ? (ssize_t) sent : -1;
        if (n > 0)
            sent += (size_t) n;
        if (sent == len)
            return (ssize_t) sent;
        zws_sleep (&f->seq, seq, -1);
    }
}

/*  One non-blocking receive: -1 with errno EAGAIN when nothing is there. */
static ssize_t recv_now (zws_fd *f, void *buf, size_t len)
{
    if (atomic_load (&f->kind) == ZWS_SIGNAL_R) {
        int pending = atomic_load (&f->pending);
        for (;;) {
            if (pending <= 0) {
                errno = EAGAIN;
                return -1;
            }
            const int take = (size_t) pending < len ? pending : (int) len;
            if (atomic_compare_exchange_weak (&f->pending, &pending,
                                              pending - take)) {
                memset (buf, 0, (size_t) take);
                return take;
            }
        }
    }
    if (is_dgram (f)) {
        const ssize_t n = zws_dgram_take (&f->in, buf, len, NULL, NULL);
        if (n < 0)
        {
            const int err = atomic_exchange (&f->error, 0);
            errno = err ? err : EAGAIN;
        }
        return n;
    }
    if (zws_ring_used (&f->in) == 0) {
        const int err = atomic_load (&f->error);
        if (err) {
            errno = err;
            return -1;
        }
        if (atomic_load (&f->eof))
            return 0;
        errno = atomic_load (&f->state) == ZWS_OPEN ? EAGAIN : ENOTCONN;
        return -1;
    }
    const size_t n = zws_ring_read (&f->in, buf, len);
    if (atomic_exchange (&f->in_paused, 0))
        zws_post (f, ZWS_OP_RESUME);
    return (ssize_t) n;
}

/*  A datagram goes whole into the outbound ring, with its destination,
    for the host to send. It never waits or fails for want of room: a
    datagram that does not fit is dropped, as UDP drops what a full socket
    buffer cannot take (and libzmq's udp engine takes any error from
    sendto, EAGAIN too, as the end of the connection). */
ssize_t zws_sendto (int fd,
                    const void *buf,
                    size_t len,
                    int flags,
                    const struct sockaddr *addr,
                    socklen_t addr_len)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    if (!is_dgram (f))
        return zws_send (fd, buf, len, flags);
    if (!addr) {
        errno = EDESTADDRREQ;
        return -1;
    }
    if (addr->sa_family != AF_INET && addr->sa_family != AF_INET6) {
        errno = EAFNOSUPPORT;
        return -1;
    }
    if (len + sizeof (zws_dgram_head) > f->out.cap) {
        errno = EMSGSIZE;
        return -1;
    }
    /*  Not bound: the host opens a socket on an ephemeral port for it, as
        the kernel binds one at the first sendto. */
    int fresh = ZWS_NEW;
    atomic_compare_exchange_strong (&f->state, &fresh, ZWS_OPEN);
    if (zws_dgram_put (&f->out, addr, addr_len, buf, len) == 0)
        zws_post (f, ZWS_OP_SEND);
    return (ssize_t) len;
}

ssize_t zws_recvfrom (int fd,
                      void *buf,
                      size_t len,
                      int flags,
                      struct sockaddr *addr,
                      socklen_t *addr_len)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    if (!is_dgram (f))
        return zws_recv (fd, buf, len, flags);
    for (;;) {
        const int seq = atomic_load (&f->seq.value);
        const ssize_t n = zws_dgram_take (&f->in, buf, len, addr, addr_len);
        if (n >= 0)
            return n;
        const int err = atomic_exchange (&f->error, 0);
        if (err) {
            errno = err;
            return -1;
        }
        if (!may_block (f, flags)) {
            errno = EAGAIN;
            return -1;
        }
        zws_sleep (&f->seq, seq, -1);
    }
}

ssize_t zws_recv (int fd, void *buf, size_t len, int flags)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    for (;;) {
        const int seq = atomic_load (&f->seq.value);
        const ssize_t n = recv_now (f, buf, len);
        if (n >= 0 || errno != EAGAIN || !may_block (f, flags))
            return n;
        zws_sleep (&f->seq, seq, -1);
    }
}

int zws_getsockopt (int fd, int level, int name, void *val, socklen_t *len)
{
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    if (level == SOL_SOCKET && name == SO_ERROR && val && len
        && *len >= sizeof (int)) {
        /*  Reported once, as the kernel does after a failed connect. */
        *(int *) val = atomic_exchange (&f->error, 0);
        *len = sizeof (int);
        return 0;
    }
    errno = ENOPROTOOPT;
    return -1;
}

int zws_setsockopt (
  int fd, int level, int name, const void *val, socklen_t len)
{
    (void) name;
    (void) val;
    (void) len;
    /*  Buffer sizes, TCP_NODELAY, keepalive, TOS: the host sets what applies
        (Node sockets get noDelay); the rest has no meaning on a WebSocket. */
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    /*  On a datagram socket the IP levels are multicast (membership, loop,
        hops, interface), which the host does not carry: refused, so
        libzmq's engine fails instead of silently receiving nothing. */
    if (is_dgram (f) && (level == IPPROTO_IP || level == IPPROTO_IPV6)) {
        errno = ENOPROTOOPT;
        return -1;
    }
    return 0;
}

static int sockname (const struct sockaddr_storage *src,
                     socklen_t src_len,
                     struct sockaddr *addr,
                     socklen_t *len)
{
    if (!addr || !len) {
        errno = EFAULT;
        return -1;
    }
    const socklen_t n = *len < src_len ? *len : src_len;
    memcpy (addr, src, n);
    *len = src_len;
    return 0;
}

int zws_getsockname (int fd, struct sockaddr *addr, socklen_t *len)
{
    zws_fd *f = stream (fd);
    return f ? sockname (&f->local, f->local_len, addr, len) : -1;
}

int zws_getpeername (int fd, struct sockaddr *addr, socklen_t *len)
{
    zws_fd *f = stream (fd);
    if (!f)
        return -1;
    if (atomic_load (&f->state) != ZWS_OPEN) {
        errno = ENOTCONN;
        return -1;
    }
    return sockname (&f->remote, f->remote_len, addr, len);
}

int zws_shutdown (int fd, int how)
{
    (void) how;
    return stream (fd) ? 0 : -1;
}

int zws_close (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    const int kind = atomic_load (&f->kind);
    const int state = atomic_load (&f->state);
    if ((kind == ZWS_STREAM || kind == ZWS_LISTENER || kind == ZWS_DGRAM)
        && state != ZWS_NEW) {
        /*  The host owns a network object for it: it flushes what is left
            in the outbound ring, closes, and frees the slot. */
        atomic_store (&f->state, ZWS_CLOSING);
        zws_post (f, ZWS_OP_CLOSE);
        return 0;
    }
    zws_free (f);
    return 0;
}

int zws_fcntl (int fd, int cmd, ...)
{
    zws_fd *f = zws_lookup (fd);
    if (!f) {
        errno = EBADF;
        return -1;
    }
    /*  O_NONBLOCK is kept; every shim fd is close-on-exec already. */
    if (cmd == F_GETFL)
        return O_RDWR | (atomic_load (&f->nonblock) ? O_NONBLOCK : 0);
    if (cmd == F_SETFL) {
        va_list ap;
        va_start (ap, cmd);
        const int fl = va_arg (ap, int);
        va_end (ap);
        atomic_store (&f->nonblock, (fl & O_NONBLOCK) != 0);
        return 0;
    }
    if (cmd == F_GETFD)
        return FD_CLOEXEC;
    return 0;
}

static short readiness (int fd)
{
    zws_fd *f = zws_lookup (fd);
    if (!f)
        return POLLNVAL;
    switch (atomic_load (&f->kind)) {
        case ZWS_SIGNAL_R:
            return atomic_load (&f->pending) > 0 ? POLLIN : 0;
        case ZWS_SIGNAL_W:
            return POLLOUT;
        case ZWS_LISTENER:
            return zws_ring_used (&f->accepts) > 0 ? POLLIN : 0;
        case ZWS_DGRAM:
            /*  Sending never waits (see zws_sendto). */
            return POLLOUT
                   | (zws_ring_used (&f->in) > 0 || atomic_load (&f->error)
                        ? POLLIN
                        : 0)
                   | (atomic_load (&f->error) ? POLLERR : 0);
        default:
            break;
    }
    short ev = 0;
    if (atomic_load (&f->error))
        ev |= POLLERR | POLLIN | POLLOUT;
    if (zws_ring_used (&f->in) > 0 || atomic_load (&f->eof))
        ev |= POLLIN;
    if (atomic_load (&f->state) == ZWS_OPEN && zws_ring_free (&f->out) > 0)
        ev |= POLLOUT;
    return ev;
}

static int scan (struct pollfd *fds, nfds_t n)
{
    int ready = 0;
    for (nfds_t i = 0; i < n; i++) {
        if (fds[i].fd < 0) {
            fds[i].revents = 0;
            continue;
        }
        const short ev = readiness (fds[i].fd);
        fds[i].revents = ev & (fds[i].events | POLLERR | POLLHUP | POLLNVAL);
        if (fds[i].revents)
            ready++;
    }
    return ready;
}

int zws_poll (struct pollfd *fds, nfds_t n, int timeout_ms)
{
    /*  On the host thread a wait would stop the very thread that delivers
        network events: poll there only ever looks. */
    if (on_host_thread ())
        timeout_ms = 0;
    if (timeout_ms == 0)
        return scan (fds, n);
    const int slot = zws_my_wake_slot ();
    zws_waitword *word = &zws_wake_words[slot];
    for (nfds_t i = 0; i < n; i++) {
        zws_fd *f = zws_lookup (fds[i].fd);
        if (f)
            atomic_store (&f->poller, slot);
    }
    const double deadline = emscripten_get_now () + (timeout_ms > 0 ? timeout_ms : 0);
    for (;;) {
        /*  Read the word before looking: a change after the look bumps it
            and the wait returns at once. */
        const int seen = atomic_load (&word->value);
        const int ready = scan (fds, n);
        if (ready)
            return ready;
        int wait_ms = -1;
        if (timeout_ms > 0) {
            const double left = deadline - emscripten_get_now ();
            if (left <= 0)
                return 0;
            wait_ms = (int) left + 1;
        }
        zws_sleep (word, seen, wait_ms);
    }
}
