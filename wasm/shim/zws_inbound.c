/*  zeromq-wasm shim: the budget of inbound frames in progress (see
    zws_inbound.h). */
#include "zws_inbound.h"

#include "zws_abi.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/*  A quarter of the wasm memory's 2 GiB cap (MAXIMUM_MEMORY, build.sh):
    frames in progress stay under twice this (1 GiB), which leaves the rest
    for every connection's fixed cost, the queues of whole messages and the
    copies the TypeScript side makes. */
#define DEFAULT_BUDGET ((size_t) 512 * 1024 * 1024)
/*  As libzmq's handshake timeout (ZMQ_HANDSHAKE_IVL, 30 s), which already
    bounds a peer that stalls before its handshake ends: a live peer
    delivers some bytes of a frame within 30 s on any link. */
#define DEFAULT_STALL_MS 30000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static size_t budget = DEFAULT_BUDGET;
static int stall_ms = DEFAULT_STALL_MS;
static size_t total; /* bytes charged, all frames */
static int frames;   /* frames in progress (charged) */

/*  Charges more bytes to a frame holding held (0: a new frame). */
static int charge (size_t held, size_t more)
{
    pthread_mutex_lock (&lock);
    const int holders = frames + (held == 0);
    const int granted = total + more <= budget
                        || held + more <= budget / (size_t) holders;
    if (granted) {
        total += more;
        frames = holders;
    }
    pthread_mutex_unlock (&lock);
    if (!granted)
        errno = ENOBUFS;
    return granted ? 0 : -1;
}

static void release (size_t held)
{
    pthread_mutex_lock (&lock);
    total -= held;
    frames--;
    pthread_mutex_unlock (&lock);
}

int zws_inbound_start (zws_inbound *in, size_t size)
{
    const size_t cap = size < ZWS_INBOUND_FIRST ? size : ZWS_INBOUND_FIRST;
    in->buf = NULL;
    in->size = size;
    in->cap = 0;
    if (charge (0, cap))
        return -1;
    in->buf = (unsigned char *) malloc (cap);
    if (!in->buf) {
        release (cap);
        errno = ENOMEM;
        return -1;
    }
    in->cap = cap;
    return 0;
}

int zws_inbound_grow (zws_inbound *in)
{
    size_t cap = in->cap * 2;
    if (cap > in->size || cap < in->cap)
        cap = in->size;
    if (charge (in->cap, cap - in->cap))
        return -1;
    unsigned char *buf = (unsigned char *) realloc (in->buf, cap);
    if (!buf) {
        pthread_mutex_lock (&lock);
        total -= cap - in->cap;
        pthread_mutex_unlock (&lock);
        errno = ENOMEM;
        return -1;
    }
    in->buf = buf;
    in->cap = cap;
    return 0;
}

unsigned char *zws_inbound_take (zws_inbound *in)
{
    unsigned char *buf = in->buf;
    if (buf)
        release (in->cap);
    in->buf = NULL;
    in->cap = 0;
    return buf;
}

void zws_inbound_free_fn (void *data, void *hint)
{
    (void) hint;
    free (data);
}

void zws_inbound_drop (zws_inbound *in)
{
    free (zws_inbound_take (in));
}

int zws_inbound_stall_ms (void)
{
    return stall_ms;
}

size_t zws_inbound_total (void)
{
    return total;
}

int zws_inbound_frames (void)
{
    return frames;
}

void zws_inbound_configure (int budget_bytes, int stall)
{
    pthread_mutex_lock (&lock);
    if (budget_bytes >= 0)
        budget = (size_t) budget_bytes;
    if (stall >= 0)
        stall_ms = stall;
    pthread_mutex_unlock (&lock);
}
