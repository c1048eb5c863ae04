/*  zeromq-wasm shim internals: the shared fd table.

    Every shim fd is a slot in one table in the wasm heap, visible to every
    thread. Threads that poll sleep on one futex word (g_epoch) that every
    readiness change bumps; the JS thread that owns the network objects (the
    Node main thread, or the browser Worker) sleeps on g_host_wake with
    Atomics.waitAsync and is handed work per fd through the host_ops bits. */
#ifndef ZWS_FD_H_INCLUDED
#define ZWS_FD_H_INCLUDED

#include <stdatomic.h>
#include <stdint.h>
#include <sys/socket.h>

#include "zws.h"

#define ZWS_MAX_FDS 4096
#define ZWS_ACCEPT_QUEUE 128
#define ZWS_RING_BYTES (64 * 1024)

enum zws_kind
{
    ZWS_FREE = 0,
    ZWS_SIGNAL_W, /* write end of a signaler pair (libzmq mailboxes) */
    ZWS_SIGNAL_R, /* read end: counts pending bytes */
    ZWS_STREAM,   /* one TCP connection (Node) or WebSocket (browser) */
    ZWS_LISTENER  /* a TCP server (Node only) */
};

enum zws_state
{
    ZWS_NEW = 0,
    ZWS_CONNECTING,
    ZWS_OPEN,
    ZWS_LISTENING,
    ZWS_CLOSING /* libzmq closed it; the host finishes and releases */
};

/*  Work for the host thread, OR-ed into zws_fd.host_ops. */
enum zws_host_op
{
    ZWS_OP_CONNECT = 1,
    ZWS_OP_FLUSH = 2,  /* outbound ring has bytes */
    ZWS_OP_RESUME = 4, /* inbound ring has room again after it was full */
    ZWS_OP_LISTEN = 8,
    ZWS_OP_CLOSE = 16
};

/*  Single-producer single-consumer byte ring; head and tail only grow. */
typedef struct zws_ring
{
    uint8_t *buf;
    uint32_t cap; /* a power of two */
    _Atomic uint32_t head;
    _Atomic uint32_t tail;
} zws_ring;

/*  A futex word that knows whether anyone sleeps on it: waking costs a
    memory.atomic.notify, which browsers make expensive (a global lock and
    a task per async waiter), so it is only paid when a sleeper exists.
    JS sleepers (Atomics.waitAsync) count themselves in the same way. */
typedef struct zws_waitword
{
    _Atomic int value;
    _Atomic int sleepers;
} zws_waitword;

/*  Bump the word and wake its sleepers, if any. */
void zws_signal (zws_waitword *w);
/*  Sleep while the word still reads seen; timeout_ms < 0: forever. */
void zws_sleep (zws_waitword *w, int seen, int timeout_ms);

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
    zws_ring in;  /* host -> libzmq */
    zws_ring out; /* libzmq -> host */
    int *accept_q; /* ZWS_LISTENER: fds the host accepted */
    _Atomic uint32_t accept_head;
    _Atomic uint32_t accept_tail;
} zws_fd;

extern zws_fd zws_fds[ZWS_MAX_FDS];

/*  fd number <-> table slot. */
zws_fd *zws_lookup (int fd);
static inline int zws_fd_number (const zws_fd *f)
{
    return ZWS_FD_BASE + (int) (f - zws_fds);
}

int zws_alloc (int kind);
void zws_free (zws_fd *f);
int zws_rings_init (zws_fd *f);

/*  Readiness changed: wake pollers and anyone waiting on f->seq. */
void zws_bump (zws_fd *f);
/*  Hand work to the host thread. */
void zws_post (zws_fd *f, int ops);

uint32_t zws_ring_used (zws_ring *r);
uint32_t zws_ring_free (zws_ring *r);

extern zws_waitword zws_host_wake;

/*  Wake slots: a thread that sleeps in poll() registers its slot on the fds
    it waits for, so a readiness change wakes that thread alone. Slot 0 is
    shared by threads beyond the table (they wake more often, never less). */
#define ZWS_WAKE_SLOTS 64
extern zws_waitword zws_wake_words[ZWS_WAKE_SLOTS];
int zws_my_wake_slot (void);

/*  Futexes on the wasm memory itself: no call into JS to sleep or wake.
    Use zws_signal/zws_sleep; these are their raw parts. */
static inline void zws_futex_wake_all (_Atomic int *addr)
{
    __builtin_wasm_memory_atomic_notify ((int *) addr, (unsigned) -1);
}
/*  timeout_ms < 0: forever. */
void zws_futex_wait (_Atomic int *addr, int expected, int timeout_ms);

#endif
