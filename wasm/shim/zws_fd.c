/*  zeromq-wasm shim: the fd table and the host work queue. */
#include "zws_fd.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

zws_waitword zws_host_wake;

/*  The table: chunks of ZWS_FD_CHUNK slots, added as needed and kept. */
static zws_fd *_Atomic chunks[ZWS_MAX_FDS / ZWS_FD_CHUNK];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_slots; /* slots in the chunks so far */

/*  Free slots (ints), oldest first: a just-closed fd number is reused
    last, not at once, while the host may still deliver its last events. */
static uint8_t free_buf[ZWS_MAX_FDS * sizeof (int)];
static zws_ring free_slots = {.buf = free_buf, .cap = sizeof free_buf};

/*  Bytes of ring buffers allocated (ZWS_RING_BUDGET). */
static _Atomic uint32_t ring_bytes;

/*  Fds (ints) with pending host work, each queued at most once (when its
    host_ops goes from 0 to non-zero), so the queue can never overflow. Any
    thread queues; the lock makes them one producer. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t queue_buf[ZWS_MAX_FDS * sizeof (int)];
static zws_ring host_queue = {.buf = queue_buf, .cap = sizeof queue_buf};

zws_fd *zws_slot (int index)
{
    if (index < 0 || index >= ZWS_MAX_FDS)
        return NULL;
    zws_fd *chunk = atomic_load_explicit (&chunks[index / ZWS_FD_CHUNK],
                                          memory_order_acquire);
    return chunk ? &chunk[index % ZWS_FD_CHUNK] : NULL;
}

zws_fd *zws_lookup (int fd)
{
    zws_fd *f = zws_slot (fd - ZWS_FD_BASE);
    return f && atomic_load (&f->kind) != ZWS_FREE ? f : NULL;
}

/*  One more chunk of free slots (table_lock held): 0, or -1 with errno. */
static int grow (void)
{
    if (table_slots >= ZWS_MAX_FDS) {
        errno = EMFILE;
        return -1;
    }
    zws_fd *chunk = (zws_fd *) calloc (ZWS_FD_CHUNK, sizeof *chunk);
    if (!chunk) {
        errno = ENOMEM;
        return -1;
    }
    for (int i = 0; i < ZWS_FD_CHUNK; i++) {
        chunk[i].index = table_slots + i;
        zws_ring_write (&free_slots, &chunk[i].index, sizeof (int));
    }
    atomic_store_explicit (&chunks[table_slots / ZWS_FD_CHUNK], chunk,
                           memory_order_release);
    table_slots += ZWS_FD_CHUNK;
    return 0;
}

int zws_alloc (int kind)
{
    pthread_mutex_lock (&table_lock);
    int index;
    if (zws_ring_used (&free_slots) == 0 && grow ()) {
        pthread_mutex_unlock (&table_lock);
        return -1;
    }
    zws_ring_read (&free_slots, &index, sizeof index);
    zws_fd *f = zws_slot (index);
    memset ((void *) f, 0, sizeof *f);
    f->index = index;
    f->peer = -1;
    f->os_fd = -1;
    atomic_store (&f->host_idle, 1);
    atomic_store (&f->poller, -1);
    atomic_store (&f->kind, kind);
    pthread_mutex_unlock (&table_lock);
    return ZWS_FD_BASE + index;
}

static void ring_free (zws_ring *r)
{
    if (!r->buf)
        return;
    atomic_fetch_sub (&ring_bytes, r->cap);
    free (r->buf);
    r->buf = NULL;
}

void zws_free (zws_fd *f)
{
    ring_free (&f->in);
    ring_free (&f->out);
    ring_free (&f->accepts);
    pthread_mutex_lock (&table_lock);
    atomic_store (&f->state, ZWS_NEW);
    atomic_store (&f->kind, ZWS_FREE);
    zws_ring_write (&free_slots, &f->index, sizeof (int));
    pthread_mutex_unlock (&table_lock);
    zws_bump (f);
}

/*  Allocated per connection and freed with it: with thousands of
    connections and churn, rings kept per slot would pin 128 KiB for every
    slot ever used. */
static int ring_init (zws_ring *r, uint32_t cap)
{
    if (r->buf) {
        zws_ring_init (r, r->buf, r->cap);
        return 0;
    }
    if (atomic_fetch_add (&ring_bytes, cap) + cap > ZWS_RING_BUDGET) {
        atomic_fetch_sub (&ring_bytes, cap);
        errno = ENOBUFS;
        return -1;
    }
    uint8_t *buf = (uint8_t *) malloc (cap);
    if (!buf) {
        atomic_fetch_sub (&ring_bytes, cap);
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
        zws_fd *f = zws_slot (fd - ZWS_FD_BASE);
        const int ops = atomic_exchange (&f->host_ops, 0);
        if (ops)
            return (fd << 8) | ops;
    }
}

zws_waitword *zws_host_wake_addr (void)
{
    return &zws_host_wake;
}
