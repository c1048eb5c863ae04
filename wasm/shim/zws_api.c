/*  zeromq-wasm: what the TypeScript API calls besides libzmq's own zmq_*.

    - batched receive: many messages per call, copied once, into JS;
    - multipart send in one call;
    - the calls that block (a tcp bind or unbind waits for the host) run on
      a short-lived pthread, so the host thread stays free to serve the
      network meanwhile. */
#include "zws_coop.h"
#include "zws_fd.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zmq.h>

/*  --- receive ----------------------------------------------------------- */

/*  One batch at a time, on the host thread: the parts stay in libzmq's
    messages (no copy) until JS has copied them and calls batch_release.
    A draft socket's routing id or group (enum zws_route) follows its
    message as one more part (an empty message of its own), which points
    at the id (copied to batch_ids) or the group (in the message). */
static zmq_msg_t *batch_msgs;
static zws_batch_part *batch_desc;
static uint32_t *batch_ids;
static int batch_cap, batch_len, batch_route;

static int batch_reserve (int n)
{
    if (n <= batch_cap)
        return 0;
    int cap = batch_cap ? batch_cap * 2 : 256;
    while (cap < n)
        cap *= 2;
    zmq_msg_t *m = (zmq_msg_t *) realloc (batch_msgs, sizeof (zmq_msg_t) * cap);
    if (!m)
        return -1;
    batch_msgs = m;
    zws_batch_part *d =
      (zws_batch_part *) realloc (batch_desc, sizeof (zws_batch_part) * cap);
    if (!d)
        return -1;
    batch_desc = d;
    uint32_t *ids = (uint32_t *) realloc (batch_ids, sizeof (uint32_t) * cap);
    if (!ids)
        return -1;
    batch_ids = ids;
    batch_cap = cap;
    return 0;
}

void zws_batch_release (void)
{
    for (int i = 0; i < batch_len; i++)
        zmq_msg_close (&batch_msgs[i]);
    batch_len = 0;
}

zws_batch_part *zws_batch_desc (void)
{
    return batch_desc;
}

/*  Where part i's bytes are: its message's data, or for a route part
    (more is 2 until then) the routing id or group of the message before. */
static void *part_data (int i)
{
    if (batch_desc[i].more != 2)
        return zmq_msg_data (&batch_msgs[i]);
    batch_desc[i].more = 0;
    if (batch_route == ZWS_ROUTE_ID) {
        batch_ids[i] = zmq_msg_routing_id (&batch_msgs[i - 1]);
        return &batch_ids[i];
    }
    return (void *) zmq_msg_group (&batch_msgs[i - 1]);
}

/*  Receives whole messages without blocking, up to max_msgs messages or
    about max_bytes. Returns the number of parts (see zws_batch_desc: data,
    size, more flag per part), 0 if none is waiting, -1 on error. */
/*  Defined in libzmq by wasm/patches/0005-ctx-term-nowait.patch, where
    ctx_t is known: zmq_ctx_term without waiting for the reaper. */
int zws_libzmq_ctx_term_nowait (void *ctx);

int zws_ctx_term_nowait (void *ctx)
{
    return zws_libzmq_ctx_term_nowait (ctx);
}

int zws_recv_batch (void *socket, int max_msgs, uint32_t max_bytes, int route)
{
    zws_batch_release ();
    batch_route = route;
    int msgs = 0;
    uint32_t bytes = 0;
    int more = 0;
    while (more || (msgs < max_msgs && bytes < max_bytes)) {
        if (batch_reserve (batch_len + 2)) {
            errno = ENOMEM;
            return -1;
        }
        zmq_msg_t *m = &batch_msgs[batch_len];
        zmq_msg_init (m);
        if (zmq_msg_recv (m, socket, ZMQ_DONTWAIT) < 0) {
            const int err = zmq_errno ();
            zmq_msg_close (m);
            /*  A multipart message arrives whole; EAGAIN can only come
                between messages. */
            if (err == EAGAIN)
                break;
            if (batch_len > 0)
                break; /* deliver what we have; the error repeats next call */
            errno = err;
            return -1;
        }
        more = zmq_msg_more (m);
        const size_t size = zmq_msg_size (m);
        batch_desc[batch_len].size = (uint32_t) size;
        batch_desc[batch_len].more = (uint32_t) (more || route);
        batch_len++;
        bytes += (uint32_t) size;
        if (route && !more) {
            zmq_msg_init (&batch_msgs[batch_len]);
            batch_desc[batch_len].size =
              route == ZWS_ROUTE_ID
                ? (uint32_t) sizeof (uint32_t)
                : (uint32_t) strlen (zmq_msg_group (m));
            batch_desc[batch_len].more = 2;
            batch_len++;
        }
        if (!more)
            msgs++;
    }
    /*  Data pointers last: a small message keeps its bytes inside its
        zmq_msg_t, which moves when batch_reserve grows the array. */
    for (int i = 0; i < batch_len; i++)
        batch_desc[i].data = part_data (i);
    return batch_len;
}

/*  --- send -------------------------------------------------------------- */

/*  Sends n parts as one message; with a route (enum zws_route), part
    n - 1 is the routing id or group of the others. Returns 0, or -1 with
    errno (EAGAIN: not sent at all; the socket is at its HWM). */
int zws_send_parts (
  void *socket, const zws_send_part *parts, int n, int flags, int route)
{
    if (route) {
        const zws_send_part *r = &parts[--n];
        if (route == ZWS_ROUTE_ID && r->size != sizeof (uint32_t)) {
            errno = EINVAL;
            return -1;
        }
        /*  zmq_msg_set_group takes a C string: no NUL inside. */
        char group[ZMQ_GROUP_MAX_LENGTH + 1] = {0};
        uint32_t id = 0;
        if (route == ZWS_ROUTE_ID)
            memcpy (&id, r->data, sizeof id);
        else {
            if (r->size > ZMQ_GROUP_MAX_LENGTH || memchr (r->data, 0, r->size)) {
                errno = EINVAL;
                return -1;
            }
            memcpy (group, r->data, r->size);
        }
        for (int i = 0; i < n; i++) {
            zmq_msg_t msg;
            if (zmq_msg_init_size (&msg, parts[i].size) < 0)
                return -1;
            memcpy (zmq_msg_data (&msg), parts[i].data, parts[i].size);
            const int set = route == ZWS_ROUTE_ID
                              ? zmq_msg_set_routing_id (&msg, id)
                              : zmq_msg_set_group (&msg, group);
            const int f = flags | (i < n - 1 ? ZMQ_SNDMORE : 0);
            if (set < 0 || zmq_msg_send (&msg, socket, f) < 0) {
                const int err = zmq_errno ();
                zmq_msg_close (&msg);
                errno = err;
                return -1;
            }
        }
        return 0;
    }
    for (int i = 0; i < n; i++) {
        const int f = flags | (i < n - 1 ? ZMQ_SNDMORE : 0);
        if (zmq_send (socket, parts[i].data, parts[i].size, f) < 0)
            return -1;
    }
    return 0;
}

/*  --- readiness --------------------------------------------------------- */

/*  The wait word that changes whenever a socket's ZMQ_FD may have become
    readable: JS sleeps on it with Atomics.waitAsync (src/runtime/wait.ts). */
zws_waitword *zws_fd_seq_addr (int fd)
{
    zws_fd *f = zws_lookup (fd);
    return f ? &f->seq : NULL;
}

/*  The draft socket types are thread-safe: they have no ZMQ_FD. libzmq
    signals the signaler of each zmq_poller that holds such a socket when
    commands arrive for it, as it signals ZMQ_FD for the others; that fd
    (its wait word) serves instead. Nothing reads its signals: the read
    end only counts them. */
void *zws_safe_poller (void *socket, int *fd)
{
    void *poller = zmq_poller_new ();
    if (!poller)
        return NULL;
    if (zmq_poller_add (poller, socket, NULL, ZMQ_POLLIN | ZMQ_POLLOUT) < 0
        || zmq_poller_fd (poller, fd) < 0) {
        const int err = zmq_errno ();
        zmq_poller_destroy (&poller);
        errno = err;
        return NULL;
    }
    return poller;
}

/*  --- calls that block, on a helper thread ------------------------------ */

/*  struct zws_call and the ops (enum zws_call_op) are in zws_abi.h. */

static void *run_call (void *p)
{
    zws_call *c = (zws_call *) p;
    switch (c->op) {
        case ZWS_CALL_BIND:
            c->rc = zmq_bind (c->target, c->arg);
            break;
        case ZWS_CALL_UNBIND:
            c->rc = zmq_unbind (c->target, c->arg);
            break;
        case ZWS_CALL_PROXY: {
            /*  libzmq's own proxy, steered (PAUSE/RESUME/TERMINATE) through
                the control socket; it holds this thread until terminated. */
            void **sockets = (void **) c->arg;
            c->rc = zmq_proxy_steerable (c->target, sockets[0], NULL, sockets[1]);
            break;
        }
        default:
            c->rc = -1;
            errno = EINVAL;
    }
    c->err = c->rc < 0 ? zmq_errno () : 0;
    atomic_store (&c->done, 1);
    zws_futex_wake_all (&c->done);
    return NULL;
}

#ifdef ZWS_COOPERATIVE
/*  --- the same calls without threads ----------------------------------- */

/*  zmq_proxy_steerable as a turn the host runs with libzmq's pollers
    (zws_coop.c): each turn takes the control socket's commands, then moves
    what is waiting each way, whole messages, only while the other side can
    take them (so a turn never blocks), at most a batch per turn. */
#define ZWS_PROXY_BATCH 1000

typedef struct zws_proxy_turn
{
    zws_call *call;
    void *front, *back, *control;
    int paused;
} zws_proxy_turn;

static int events_of (void *socket)
{
    int events = 0;
    size_t size = sizeof events;
    return zmq_getsockopt (socket, ZMQ_EVENTS, &events, &size) == 0 ? events
                                                                     : -1;
}

/*  Moves whole messages from src to dst; returns how many, or -1. */
static int forward (void *src, void *dst)
{
    int moved = 0;
    while (moved < ZWS_PROXY_BATCH) {
        const int in = events_of (src), out = events_of (dst);
        if (in < 0 || out < 0)
            return -1;
        if (!(in & ZMQ_POLLIN) || !(out & ZMQ_POLLOUT))
            return moved;
        int more;
        do {
            zmq_msg_t msg;
            zmq_msg_init (&msg);
            if (zmq_msg_recv (&msg, src, ZMQ_DONTWAIT) < 0) {
                zmq_msg_close (&msg);
                return -1;
            }
            more = zmq_msg_more (&msg);
            if (zmq_msg_send (&msg, dst, (more ? ZMQ_SNDMORE : 0) | ZMQ_DONTWAIT)
                < 0) {
                zmq_msg_close (&msg);
                return -1;
            }
        } while (more);
        moved++;
    }
    return moved;
}

static void proxy_finish (zws_proxy_turn *p, int rc)
{
    p->call->rc = rc;
    p->call->err = rc < 0 ? zmq_errno () : 0;
    atomic_store (&p->call->done, 1);
    zws_coop_remove (p);
    free (p);
}

static int proxy_pass (void *arg, int *next_timer_ms)
{
    zws_proxy_turn *p = (zws_proxy_turn *) arg;
    *next_timer_ms = 0;
    for (;;) {
        const int events = events_of (p->control);
        if (events < 0)
            return proxy_finish (p, -1), 0;
        if (!(events & ZMQ_POLLIN))
            break;
        char command[16] = {0};
        const int n = zmq_recv (p->control, command, sizeof command - 1,
                                ZMQ_DONTWAIT);
        if (n < 0)
            return proxy_finish (p, -1), 0;
        if (strcmp (command, "PAUSE") == 0)
            p->paused = 1;
        else if (strcmp (command, "RESUME") == 0)
            p->paused = 0;
        else if (strcmp (command, "TERMINATE") == 0)
            return proxy_finish (p, 0), 0;
    }
    if (p->paused)
        return 0;
    const int there = forward (p->front, p->back);
    const int back = there < 0 ? -1 : forward (p->back, p->front);
    if (there < 0 || back < 0)
        return proxy_finish (p, -1), 0;
    return there + back;
}

/*  Starts op without a thread: bind and unbind run at once (done is 1 when
    this returns), a proxy as a turn that sets done when it ends. */
int zws_call_start (zws_call *call, int op, void *target, char *arg)
{
    call->op = op;
    call->target = target;
    call->arg = arg;
    atomic_store (&call->done, 0);
    if (op == ZWS_CALL_PROXY) {
        zws_proxy_turn *p = (zws_proxy_turn *) calloc (1, sizeof *p);
        if (!p) {
            errno = ENOMEM;
            return -1;
        }
        void **sockets = (void **) arg;
        p->call = call;
        p->front = target;
        p->back = sockets[0];
        p->control = sockets[1];
        zws_coop_add (p, proxy_pass);
        zws_coop_kick ();
        return 0;
    }
    run_call (call);
    return 0;
}
#else
/*  Starts op on a new thread; JS waits for call->done to turn 1. Returns
    -1 (errno set) if the thread could not be started. */
int zws_call_start (zws_call *call, int op, void *target, char *arg)
{
    call->op = op;
    call->target = target;
    call->arg = arg;
    atomic_store (&call->done, 0);
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init (&attr);
    pthread_attr_setdetachstate (&attr, PTHREAD_CREATE_DETACHED);
    const int rc = pthread_create (&t, &attr, run_call, call);
    pthread_attr_destroy (&attr);
    if (rc != 0) {
        errno = rc;
        return -1;
    }
    return 0;
}
#endif
