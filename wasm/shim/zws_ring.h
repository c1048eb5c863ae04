/*  zeromq-wasm shim: the byte ring between one producer and one consumer.

    Every connection has two (zws_fd.in, zws_fd.out), the host thread and a
    libzmq thread each owning one end; a listener queues the fds it accepted
    in one, and the host's work queue is one (its producers take a lock).
    head and tail only grow (mod 2^32) and the capacity is a power of two,
    so used = head - tail always and an index is a mask. The producer only
    moves head, the consumer only moves tail: no lock. The ring knows
    nothing of fds or wake-ups; callers signal the other side themselves.

    Plain C with no emscripten header, so its self-test (zws_ring_test,
    built with -DZWS_SELFTEST) runs natively under the sanitizers. */
#ifndef ZWS_RING_H_INCLUDED
#define ZWS_RING_H_INCLUDED

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

typedef struct zws_ring
{
    uint8_t *buf;
    uint32_t cap; /* a power of two */
    _Atomic uint32_t head;
    _Atomic uint32_t tail;
} zws_ring;

/*  Empties r over buf, cap bytes (a power of two). */
void zws_ring_init (zws_ring *r, uint8_t *buf, uint32_t cap);

uint32_t zws_ring_used (zws_ring *r);
uint32_t zws_ring_free (zws_ring *r);

/*  Producer: the contiguous free space at head (*len bytes, 0 when full),
    to write in place and then commit. */
uint8_t *zws_ring_reserve (zws_ring *r, uint32_t *len);
void zws_ring_commit (zws_ring *r, uint32_t n);
/*  Producer: copies in what fits of buf; returns the bytes taken. */
size_t zws_ring_write (zws_ring *r, const void *buf, size_t len);

/*  Consumer: the contiguous used bytes at tail (*len bytes, 0 when
    empty), to read in place and then consume. */
uint8_t *zws_ring_peek (zws_ring *r, uint32_t *len);
void zws_ring_consume (zws_ring *r, uint32_t n);
/*  Consumer: copies out up to len bytes; returns the bytes taken. */
size_t zws_ring_read (zws_ring *r, void *buf, size_t len);

/*  Records (datagrams): a head and a body as one record, published with
    one store so the consumer never sees half of it. Returns 0, or -1
    with nothing written when the record does not fit. */
int zws_ring_put (zws_ring *r,
                  const void *head,
                  size_t head_len,
                  const void *body,
                  size_t body_len);
/*  Consumer: copies len bytes starting offset bytes past tail, without
    consuming; returns the bytes copied (fewer when fewer are there). */
size_t zws_ring_copy (zws_ring *r, uint32_t offset, void *buf, size_t len);

#ifdef ZWS_SELFTEST
/*  Aborts (assert) on the first failure. */
void zws_ring_test (int verbose);
#endif

#endif
