/*  zeromq-wasm shim: the memory of inbound frames in progress.

    Unpatched libzmq allocates a frame's whole announced size as soon as
    its header arrives: a peer that announced 64 MiB and sent nothing more
    held 64 MiB of the one wasm heap every connection shares, and 31 such
    peers filled it. With patches/0004-inbound-memory.patch libzmq's
    decoders (v1, v2) receive a large frame body into a zws_inbound buffer
    instead, which grows as the bytes arrive, and every growth draws on one
    budget for all connections of the process:

    - a grant that keeps the total within the budget is made;
    - past it, a connection is granted only what keeps it within its fair
      share (budget / frames in progress); else it is refused, and the
      decoder fails like a protocol error: libzmq drops that connection.

    So the total stays under twice the budget. Plain C with no libzmq or
    emscripten header: libzmq's C++ calls it, the limits are set through
    the ABI (zws_inbound_configure). */
#ifndef ZWS_INBOUND_H_INCLUDED
#define ZWS_INBOUND_H_INCLUDED

#include <stddef.h>

/*  Frames up to this size are allocated whole when their header arrives,
    as libzmq always did; larger ones start with this much and double. */
#define ZWS_INBOUND_FIRST (64 * 1024)

#ifdef __cplusplus
extern "C" {
#endif

typedef struct zws_inbound
{
    unsigned char *buf;
    size_t size; /* announced */
    size_t cap;  /* allocated and charged to the budget, at most size */
} zws_inbound;

/*  Starts a body of size bytes: 0, or -1 with errno ENOBUFS (refused by
    the budget) or ENOMEM. */
int zws_inbound_start (zws_inbound *in, size_t size);
/*  The first cap bytes arrived and cap < size: room for more, as above. */
int zws_inbound_grow (zws_inbound *in);
/*  The body is complete: hands its buffer over (freed by
    zws_inbound_free_fn, a zmq_free_fn) and releases its budget. */
unsigned char *zws_inbound_take (zws_inbound *in);
void zws_inbound_free_fn (void *data, void *hint);
/*  Frees a body still in progress (the connection ends); no-op if none. */
void zws_inbound_drop (zws_inbound *in);

/*  How long a frame may go without receiving a byte before libzmq drops
    its connection, in ms (0: never). */
int zws_inbound_stall_ms (void);

/*  Bytes held by frames in progress, and how many frames. */
size_t zws_inbound_total (void);
int zws_inbound_frames (void);

#ifdef __cplusplus
}
#endif

#endif
