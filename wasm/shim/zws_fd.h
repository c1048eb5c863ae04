/*  zeromq-wasm shim internals: the shared fd table.

    Every shim fd is a slot in one table in the wasm heap, visible to every
    thread. A thread that polls sleeps on its wake slot (zws_wait.h), which
    every readiness change of the fds it polls signals; the JS thread that
    owns the network objects (the Node main thread, or the browser Worker)
    sleeps on zws_host_wake with Atomics.waitAsync and is handed work per
    fd through the host_ops bits (enum zws_host_op, zws_abi.h). */
#ifndef ZWS_FD_H_INCLUDED
#define ZWS_FD_H_INCLUDED

#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "zws.h"
#include "zws_abi.h"
#include "zws_ring.h"
#include "zws_wait.h"

/*  The table grows by ZWS_FD_CHUNK slots at a time (about 500 bytes a
    slot; a chunk never moves or goes away, so a zws_fd pointer stays valid)
    up to ZWS_MAX_FDS: libzmq's poll() poller and signalers take any fd
    number (no select(), no FD_SETSIZE). A connection's two rings are
    allocated with it and freed with it; all rings together may take at
    most ZWS_RING_BUDGET bytes of the 2 GiB wasm heap (7,168 connections),
    leaving the rest to libzmq's own ~65 KiB per connection (455 MiB at
    that count) and to frames in progress (zws_inbound.h's budget). Past
    either limit a new connection is refused (accept: dropped; connect:
    ENOBUFS, and libzmq retries). */
#define ZWS_FD_CHUNK 1024
#define ZWS_MAX_FDS (16 * 1024)
#define ZWS_ACCEPT_QUEUE 128
#define ZWS_RING_BYTES (64 * 1024)
#define ZWS_RING_BUDGET (896 * 1024 * 1024)

enum zws_kind
{
    ZWS_FREE = 0,
    ZWS_SIGNAL_W, /* write end of a signaler pair (libzmq mailboxes) */
    ZWS_SIGNAL_R, /* read end: counts pending bytes */
    ZWS_STREAM,   /* one TCP connection (Node) or WebSocket (browser) */
    ZWS_LISTENER, /* a TCP server (Node only) */
    ZWS_DGRAM     /* a UDP socket (Node only): its rings hold records */
};

enum zws_state
{
    ZWS_NEW = 0,
    ZWS_CONNECTING,
    ZWS_OPEN,
    ZWS_LISTENING,
    ZWS_CLOSING /* libzmq closed it; the host finishes and releases */
};

typedef struct zws_fd
{
    _Atomic int kind;
    _Atomic int state;
    _Atomic int error;   /* pending socket error, reported once via SO_ERROR
                            or by recv/send */
    _Atomic int eof;     /* the peer closed: recv returns 0 once drained */
    zws_waitword seq;    /* bumped on every readiness change */
    _Atomic int host_ops;
    _Atomic int in_paused; /* host stopped reading: inbound ring was full */
    _Atomic int pending;   /* ZWS_SIGNAL_R: bytes written, not yet read */
    _Atomic int poller;    /* wake slot of the thread sleeping in poll on it */
    int index;             /* this slot's place in the table, for life */
    int peer;              /* ZWS_SIGNAL_W: index of the read end */
    int os_fd;             /* Node: the kernel socket, written directly */
    _Atomic int host_idle; /* the host has no bytes of ours in flight */
    _Atomic int nonblock;  /* O_NONBLOCK: off for a new fd, as in POSIX;
                              libzmq turns it on for every fd it does I/O
                              on (unblock_socket) */
    struct sockaddr_storage local;
    struct sockaddr_storage remote;
    socklen_t local_len;
    socklen_t remote_len;
    struct sockaddr_storage host_peer; /* ZWS_DGRAM: where the datagram
                                          the host took last goes; only
                                          the host thread touches it */
    zws_ring in;  /* host -> libzmq (ZWS_DGRAM: records, zws_dgram_head
                     and the datagram, from its sender) */
    zws_ring out; /* libzmq -> host (ZWS_DGRAM: records, to their
                     destination) */
    zws_ring accepts; /* ZWS_LISTENER: fds (ints) the host accepted */
} zws_fd;

/*  fd number <-> table slot. zws_slot: the slot at index, in use or not
    (NULL past the table); zws_lookup: the slot of an fd in use. */
zws_fd *zws_slot (int index);
zws_fd *zws_lookup (int fd);
static inline int zws_fd_number (const zws_fd *f)
{
    return ZWS_FD_BASE + f->index;
}

int zws_alloc (int kind);
/*  Frees the slot and its rings: only once nothing else (libzmq, the host,
    a read the host's transport has in flight) can touch them. */
void zws_free (zws_fd *f);
int zws_rings_init (zws_fd *f);
int zws_accepts_init (zws_fd *f);

/*  One datagram in a ZWS_DGRAM ring: this head, then size bytes. */
typedef struct zws_dgram_head
{
    uint32_t size;
    uint32_t addr_len;
    struct sockaddr_storage addr;
} zws_dgram_head;

/*  Queues one datagram whole, from or to addr: 0, or -1 when the ring has
    no room for it (the caller drops it, as a full socket buffer would). */
int zws_dgram_put (zws_ring *r,
                   const struct sockaddr *addr,
                   socklen_t addr_len,
                   const void *data,
                   size_t n);
/*  Takes the next datagram: up to len bytes of it into buf (the rest is
    lost, as recvfrom truncates), its address into addr; returns the bytes
    copied, or -1 when the ring has none. */
ssize_t zws_dgram_take (zws_ring *r,
                        void *buf,
                        size_t len,
                        struct sockaddr *addr,
                        socklen_t *addr_len);

/*  Readiness changed: wake pollers and anyone waiting on f->seq. */
void zws_bump (zws_fd *f);
/*  Hand work to the host thread. */
void zws_post (zws_fd *f, int ops);

/*  The host thread's wait word: zws_post signals it. */
extern zws_waitword zws_host_wake;

#endif
