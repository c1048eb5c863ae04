/*  zeromq-wasm shim: the fd table and the host work queue. */
#include "zws_fd.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

zws_fd zws_fds[ZWS_MAX_FDS];
zws_waitword zws_host_wake;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int next_slot;

/*  Fds (ints) with pending host work, each queued at most once (when its
    host_ops goes from 0 to non-zero), so the queue can never overflow. Any
    thread queues; the lock makes them one producer. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t queue_buf[ZWS_MAX_FDS * sizeof (int)];
static zws_ring host_queue = {.buf = queue_buf, .cap = sizeof queue_buf};

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
        uint8_t *keep_accepts = f->accepts.buf;
        memset ((void *) f, 0, sizeof *f);
        f->in.buf = keep_in;
        f->out.buf = keep_out;
        f->accepts.buf = keep_accepts;
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

/*  Ring buffers are kept with their slot and reused: allocating them on
    every reconnect would churn the heap. */
static int ring_init (zws_ring *r, uint32_t cap)
{
    uint8_t *buf = r->buf ? r->buf : (uint8_t *) malloc (cap);
    if (!buf) {
        errno = ENOMEM;
        return -1;
    }
    zws_ring_init (r, buf, cap);
    return 0;
}

int zws_rings_init (zws_fd *f)
{
    if (ring_init (&f->in, ZWS_RING_BYTES) || ring_init (&f->out, ZWS_RING_BYTES))
        return -1;
    return 0;
}

int zws_accepts_init (zws_fd *f)
{
    return ring_init (&f->accepts, ZWS_ACCEPT_QUEUE * sizeof (int));
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
    const int fd = zws_fd_number (f);
    pthread_mutex_lock (&queue_lock);
    zws_ring_write (&host_queue, &fd, sizeof fd);
    pthread_mutex_unlock (&queue_lock);
    zws_signal (&zws_host_wake);
}

/*  --- exports for the host thread (src/transport) ---------------------- */

/*  Next fd with work and its ops, or 0 when the queue is empty. Packed as
    (fd << 8) | ops: ops fit in 8 bits. */
int zws_host_next (void)
{
    for (;;) {
        int fd;
        pthread_mutex_lock (&queue_lock);
        const size_t got = zws_ring_read (&host_queue, &fd, sizeof fd);
        pthread_mutex_unlock (&queue_lock);
        if (got == 0)
            return 0;
        zws_fd *f = &zws_fds[fd - ZWS_FD_BASE];
        const int ops = atomic_exchange (&f->host_ops, 0);
        if (ops)
            return (fd << 8) | ops;
    }
}

zws_waitword *zws_host_wake_addr (void)
{
    return &zws_host_wake;
}
