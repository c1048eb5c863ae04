/*  zeromq-wasm shim: the fd table, rings, wake-ups and the host work queue. */
#include "zws_fd.h"

#include <emscripten/threading.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

zws_fd zws_fds[ZWS_MAX_FDS];
zws_waitword zws_host_wake;
zws_waitword zws_wake_words[ZWS_WAKE_SLOTS];
static _Atomic int wake_slots_used = 1;
static __thread int my_wake_slot = -1;

int zws_my_wake_slot (void)
{
    if (my_wake_slot < 0) {
        const int slot = atomic_fetch_add (&wake_slots_used, 1);
        my_wake_slot = slot < ZWS_WAKE_SLOTS ? slot : 0;
    }
    return my_wake_slot;
}

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int next_slot;

/*  Fds with pending host work, each queued at most once (when its host_ops
    goes from 0 to non-zero), so the queue can never overflow. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static int host_queue[ZWS_MAX_FDS];
static uint32_t queue_head, queue_tail;

zws_fd *zws_lookup (int fd)
{
    const int i = fd - ZWS_FD_BASE;
    if (i < 0 || i >= ZWS_MAX_FDS)
        return NULL;
    zws_fd *f = &zws_fds[i];
    return atomic_load (&f->kind) == ZWS_FREE ? NULL : f;
}

int zws_alloc (int kind)
{
    pthread_mutex_lock (&table_lock);
    for (int n = 0; n < ZWS_MAX_FDS; n++) {
        /*  Round robin, so a just-closed fd number is not reused at once
            while the host may still deliver its last events. */
        const int i = (next_slot + n) % ZWS_MAX_FDS;
        zws_fd *f = &zws_fds[i];
        if (atomic_load (&f->kind) != ZWS_FREE)
            continue;
        next_slot = i + 1;
        uint8_t *keep_in = f->in.buf, *keep_out = f->out.buf;
        int *keep_q = f->accept_q;
        memset ((void *) f, 0, sizeof *f);
        f->in.buf = keep_in;
        f->out.buf = keep_out;
        f->accept_q = keep_q;
        f->peer = -1;
        f->os_fd = -1;
        atomic_store (&f->host_idle, 1);
        atomic_store (&f->poller, -1);
        atomic_store (&f->kind, kind);
        pthread_mutex_unlock (&table_lock);
        return ZWS_FD_BASE + i;
    }
    pthread_mutex_unlock (&table_lock);
    errno = EMFILE;
    return -1;
}

void zws_free (zws_fd *f)
{
    pthread_mutex_lock (&table_lock);
    atomic_store (&f->state, ZWS_NEW);
    atomic_store (&f->kind, ZWS_FREE);
    pthread_mutex_unlock (&table_lock);
    zws_bump (f);
}

static int ring_init (zws_ring *r)
{
    /*  Ring buffers are kept with their slot and reused: allocating them
        on every reconnect would churn the heap. */
    if (!r->buf) {
        r->buf = (uint8_t *) malloc (ZWS_RING_BYTES);
        if (!r->buf)
            return -1;
    }
    r->cap = ZWS_RING_BYTES;
    atomic_store (&r->head, 0);
    atomic_store (&r->tail, 0);
    return 0;
}

int zws_rings_init (zws_fd *f)
{
    if (ring_init (&f->in) || ring_init (&f->out)) {
        errno = ENOMEM;
        return -1;
    }
    return 0;
}

uint32_t zws_ring_used (zws_ring *r)
{
    return atomic_load (&r->head) - atomic_load (&r->tail);
}

uint32_t zws_ring_free (zws_ring *r)
{
    return r->cap - zws_ring_used (r);
}

void zws_bump (zws_fd *f)
{
    zws_signal (&f->seq);
    const int slot = atomic_load (&f->poller);
    if (slot >= 0)
        zws_signal (&zws_wake_words[slot]);
}

void zws_post (zws_fd *f, int ops)
{
    if (atomic_fetch_or (&f->host_ops, ops) != 0)
        return; /* already queued; the host takes all bits at once */
    pthread_mutex_lock (&queue_lock);
    host_queue[queue_tail++ % ZWS_MAX_FDS] = zws_fd_number (f);
    pthread_mutex_unlock (&queue_lock);
    zws_signal (&zws_host_wake);
}

/*  A sleeper counts itself before it reads nothing new and sleeps; a
    signaller bumps the value before it looks for sleepers. With both in
    sequentially consistent order, either the signaller sees the sleeper
    or the sleeper's wait sees the new value and returns at once. */
void zws_signal (zws_waitword *w)
{
    atomic_fetch_add (&w->value, 1);
    if (atomic_load (&w->sleepers) > 0)
        zws_futex_wake_all (&w->value);
}

void zws_sleep (zws_waitword *w, int seen, int timeout_ms)
{
    atomic_fetch_add (&w->sleepers, 1);
    zws_futex_wait (&w->value, seen, timeout_ms);
    atomic_fetch_sub (&w->sleepers, 1);
}

void zws_futex_wait (_Atomic int *addr, int expected, int timeout_ms)
{
    if (emscripten_is_main_browser_thread ())
        return; /* a browser main thread may not block: callers re-check */
    const long long ns = timeout_ms < 0 ? -1LL : (long long) timeout_ms * 1000000LL;
    __builtin_wasm_memory_atomic_wait32 ((int *) addr, expected, ns);
}

/*  --- exports for the host thread (src/transport) ---------------------- */

#include <emscripten/emscripten.h>

/*  Next fd with work and its ops, or 0 when the queue is empty. Packed as
    (fd << 8) | ops: ops fit in 8 bits. */
EMSCRIPTEN_KEEPALIVE int zws_host_next (void)
{
    for (;;) {
        pthread_mutex_lock (&queue_lock);
        if (queue_head == queue_tail) {
            pthread_mutex_unlock (&queue_lock);
            return 0;
        }
        const int fd = host_queue[queue_head++ % ZWS_MAX_FDS];
        pthread_mutex_unlock (&queue_lock);
        zws_fd *f = &zws_fds[fd - ZWS_FD_BASE];
        const int ops = atomic_exchange (&f->host_ops, 0);
        if (ops)
            return (fd << 8) | ops;
    }
}

EMSCRIPTEN_KEEPALIVE zws_waitword *zws_host_wake_addr (void)
{
    return &zws_host_wake;
}
