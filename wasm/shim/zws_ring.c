/*  zeromq-wasm shim: the byte ring (see zws_ring.h), and its self-test. */
#include "zws_ring.h"

#include <string.h>

void zws_ring_init (zws_ring *r, uint8_t *buf, uint32_t cap)
{
    r->buf = buf;
    r->cap = cap;
    atomic_store (&r->head, 0);
    atomic_store (&r->tail, 0);
}

/*  For the two ends only: the other end's counter may move meanwhile,
    which only ever adds free space (for the producer) or bytes (for the
    consumer). A third thread could see tail pass the head it read. */
uint32_t zws_ring_used (zws_ring *r)
{
    return atomic_load (&r->head) - atomic_load (&r->tail);
}

uint32_t zws_ring_free (zws_ring *r)
{
    return r->cap - zws_ring_used (r);
}

static uint32_t min_u32 (size_t a, uint32_t b)
{
    return a < b ? (uint32_t) a : b;
}

/*  Where position pos falls in the buffer; *first: how many of n bytes
    from there fit before the end (the rest wraps to the start). */
static uint32_t span (const zws_ring *r, uint32_t pos, uint32_t n, uint32_t *first)
{
    const uint32_t at = pos & (r->cap - 1);
    *first = min_u32 (n, r->cap - at);
    return at;
}

uint8_t *zws_ring_reserve (zws_ring *r, uint32_t *len)
{
    return r->buf + span (r, atomic_load (&r->head), zws_ring_free (r), len);
}

/*  Publishes n bytes written at the reserved pointer (release: the bytes
    are visible before the new head). */
void zws_ring_commit (zws_ring *r, uint32_t n)
{
    atomic_fetch_add (&r->head, n);
}

uint8_t *zws_ring_peek (zws_ring *r, uint32_t *len)
{
    return r->buf + span (r, atomic_load (&r->tail), zws_ring_used (r), len);
}

void zws_ring_consume (zws_ring *r, uint32_t n)
{
    atomic_fetch_add (&r->tail, n);
}

/*  Copies n bytes between flat and the ring from position pos (into 1:
    flat into the ring), in two pieces when they wrap past the end. */
static void copy_at (zws_ring *r, uint32_t pos, uint8_t *flat, uint32_t n, int into)
{
    uint32_t first;
    uint8_t *at = r->buf + span (r, pos, n, &first);
    memcpy (into ? at : flat, into ? flat : at, first);
    memcpy (into ? r->buf : flat + first, into ? flat + first : r->buf, n - first);
}

/*  Copies up to len bytes of flat into the ring (into 1: the producer's
    write) or out of it into flat (the consumer's read). head or tail moves
    once for the whole copy: one atomic store, and the other end never sees
    half of it. */
static size_t move (zws_ring *r, uint8_t *flat, size_t len, int into)
{
    _Atomic uint32_t *end = into ? &r->head : &r->tail;
    const uint32_t pos = atomic_load (end);
    const uint32_t n = min_u32 (len, into ? zws_ring_free (r) : zws_ring_used (r));
    if (n == 0)
        return 0;
    copy_at (r, pos, flat, n, into);
    atomic_store (end, pos + n);
    return n;
}

size_t zws_ring_write (zws_ring *r, const void *buf, size_t len)
{
    return move (r, (uint8_t *) buf, len, 1); /* only read from */
}

size_t zws_ring_read (zws_ring *r, void *buf, size_t len)
{
    return move (r, (uint8_t *) buf, len, 0);
}

int zws_ring_put (zws_ring *r,
                  const void *head,
                  size_t head_len,
                  const void *body,
                  size_t body_len)
{
    if (head_len + body_len > zws_ring_free (r))
        return -1;
    const uint32_t pos = atomic_load (&r->head);
    copy_at (r, pos, (uint8_t *) head, (uint32_t) head_len, 1);
    copy_at (r, pos + (uint32_t) head_len, (uint8_t *) body, (uint32_t) body_len, 1);
    atomic_store (&r->head, pos + (uint32_t) (head_len + body_len));
    return 0;
}

size_t zws_ring_copy (zws_ring *r, uint32_t offset, void *buf, size_t len)
{
    const uint32_t used = zws_ring_used (r);
    if (offset >= used)
        return 0;
    const uint32_t n = min_u32 (len, used - offset);
    copy_at (r, atomic_load (&r->tail) + offset, (uint8_t *) buf, n, 0);
    return n;
}

/*  --- self-test (native: cc -DZWS_SELFTEST, see test/shim/ring.test.ts) -- */

#ifdef ZWS_SELFTEST
#include <assert.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>

/*  The byte at stream position i. A multiplicative hash: a piece copied
    to the wrong offset, twice or not at all differs from it, whatever the
    ring's capacity. */
static uint8_t pattern (uint64_t i)
{
    return (uint8_t) ((uint32_t) ((uint32_t) (i ^ (i >> 32)) * 2654435761u) >> 24);
}

static void fill (uint8_t *dst, uint64_t from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = pattern (from + i);
}

static int matches (const uint8_t *src, uint64_t from, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (src[i] != pattern (from + i))
            return 0;
    return 1;
}

/*  A ring whose counters start at pos. The buffer is exactly cap bytes on
    the heap, so AddressSanitizer sees any access past the end. */
static zws_ring make_ring (uint32_t cap, uint32_t pos)
{
    zws_ring r;
    uint8_t *buf = (uint8_t *) malloc (cap);
    assert (buf);
    memset (buf, 0xEE, cap);
    zws_ring_init (&r, buf, cap);
    atomic_store (&r.head, pos);
    atomic_store (&r.tail, pos);
    return r;
}

static void check_empty (zws_ring *r)
{
    uint32_t len = 99;
    uint8_t byte;
    assert (zws_ring_used (r) == 0);
    assert (zws_ring_free (r) == r->cap);
    zws_ring_peek (r, &len);
    assert (len == 0);
    assert (zws_ring_read (r, &byte, 1) == 0);
}

static void check_full (zws_ring *r)
{
    uint32_t len = 99;
    const uint8_t byte = 0;
    assert (zws_ring_used (r) == r->cap);
    assert (zws_ring_free (r) == 0);
    zws_ring_reserve (r, &len);
    assert (len == 0);
    assert (zws_ring_write (r, &byte, 1) == 0);
}

/*  Puts n bytes of the stream from seq in, by write (how 0) or by
    reserve/commit pieces (how 1). */
static void put (zws_ring *r, uint64_t seq, uint32_t n, int how)
{
    if (how == 0) {
        uint8_t *src = (uint8_t *) malloc (n + 1);
        fill (src, seq, n);
        assert (zws_ring_write (r, src, n) == n);
        free (src);
        return;
    }
    for (uint32_t done = 0; done < n;) {
        uint32_t len;
        uint8_t *at = zws_ring_reserve (r, &len);
        assert (len > 0);
        assert (at >= r->buf && at + len <= r->buf + r->cap);
        const uint32_t n_here = n - done < len ? n - done : len;
        fill (at, seq + done, n_here);
        zws_ring_commit (r, n_here);
        done += n_here;
    }
}

/*  Gets n bytes back out and checks them, by read or by peek/consume. */
static void get (zws_ring *r, uint64_t seq, uint32_t n, int how)
{
    if (how == 0) {
        uint8_t *dst = (uint8_t *) malloc (n + 1);
        /*  Asking for more than there is returns what there is. */
        assert (zws_ring_read (r, dst, n + 1) == n);
        assert (matches (dst, seq, n));
        free (dst);
        return;
    }
    for (uint32_t done = 0; done < n;) {
        uint32_t len;
        const uint8_t *at = zws_ring_peek (r, &len);
        assert (len > 0);
        assert (at >= r->buf && at + len <= r->buf + r->cap);
        const uint32_t n_here = n - done < len ? n - done : len;
        assert (matches (at, seq + done, n_here));
        zws_ring_consume (r, n_here);
        done += n_here;
    }
}

/*  Every fill level from every offset, with counters that also wrap at
    2^32, both ways in and out. */
static void test_wrap (uint32_t cap, uint32_t base)
{
    for (uint32_t offset = 0; offset < cap; offset++) {
        for (uint32_t n = 0; n <= cap; n++) {
            for (int how = 0; how < 4; how++) {
                zws_ring r = make_ring (cap, base + offset);
                const uint64_t seq = (uint64_t) offset * 1000 + n;
                check_empty (&r);
                put (&r, seq, n, how & 1);
                assert (zws_ring_used (&r) == n);
                assert (zws_ring_free (&r) == cap - n);
                if (n == cap)
                    check_full (&r);
                get (&r, seq, n, how >> 1);
                check_empty (&r);
                assert (atomic_load (&r.head) == base + offset + n);
                free (r.buf);
            }
        }
    }
}

/*  What reserve and peek hand out near the end of the buffer, and a write
    that takes only what fits. */
static void test_pieces (void)
{
    zws_ring r = make_ring (16, 13);
    uint32_t len;
    assert (zws_ring_reserve (&r, &len) == r.buf + 13 && len == 3);
    put (&r, 0, 2, 1);
    assert (zws_ring_reserve (&r, &len) == r.buf + 15 && len == 1);
    put (&r, 2, 1, 1);
    /*  At the wrap: the rest of the free space, from the start. */
    assert (zws_ring_reserve (&r, &len) == r.buf && len == 13);
    assert (zws_ring_peek (&r, &len) == r.buf + 13 && len == 3);
    uint8_t src[20];
    fill (src, 3, sizeof src);
    assert (zws_ring_write (&r, src, sizeof src) == 13);
    check_full (&r);
    assert (zws_ring_peek (&r, &len) == r.buf + 13 && len == 3);
    get (&r, 0, 1, 1);
    assert (zws_ring_peek (&r, &len) == r.buf + 14 && len == 2);
    assert (zws_ring_reserve (&r, &len) == r.buf + 13 && len == 1);
    get (&r, 1, 2, 1);
    assert (zws_ring_peek (&r, &len) == r.buf && len == 13);
    get (&r, 3, 13, 0);
    check_empty (&r);
    free (r.buf);
}

/*  --- two threads ---------------------------------------------------------- */

#define STRESS_BYTES (16u << 20)
#define STRESS_CAP 4096u

static uint32_t next_random (uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

/*  Up to 1.5 times the ring: some pieces only fit in part. */
static uint32_t chunk_size (uint32_t *state)
{
    const uint32_t n = 1 + next_random (state) % (STRESS_CAP + STRESS_CAP / 2);
    /*  Mostly small pieces, which land at every offset. */
    return next_random (state) % 4 ? n % 97 + 1 : n;
}

static void *producer (void *arg)
{
    zws_ring *r = (zws_ring *) arg;
    uint32_t state = 0x12345678;
    uint8_t chunk[STRESS_CAP * 2];
    for (uint64_t seq = 0; seq < STRESS_BYTES;) {
        uint32_t n = chunk_size (&state);
        if (n > STRESS_BYTES - seq)
            n = (uint32_t) (STRESS_BYTES - seq);
        if (next_random (&state) & 1) {
            fill (chunk, seq, n);
            const size_t taken = zws_ring_write (r, chunk, n);
            assert (taken <= n);
            seq += taken;
            if (taken == 0)
                sched_yield ();
        } else {
            uint32_t len;
            uint8_t *at = zws_ring_reserve (r, &len);
            if (len == 0) {
                sched_yield ();
                continue;
            }
            if (n > len)
                n = len;
            fill (at, seq, n);
            zws_ring_commit (r, n);
            seq += n;
        }
    }
    return NULL;
}

static void *consumer (void *arg)
{
    zws_ring *r = (zws_ring *) arg;
    uint32_t state = 0x9abcdef0;
    uint8_t chunk[STRESS_CAP * 2];
    for (uint64_t seq = 0; seq < STRESS_BYTES;) {
        const uint32_t n = chunk_size (&state);
        if (next_random (&state) & 1) {
            const size_t taken = zws_ring_read (r, chunk, n);
            assert (taken <= n);
            assert (matches (chunk, seq, taken));
            seq += taken;
            if (taken == 0)
                sched_yield ();
        } else {
            uint32_t len;
            const uint8_t *at = zws_ring_peek (r, &len);
            if (len == 0) {
                sched_yield ();
                continue;
            }
            const uint32_t take = n < len ? n : len;
            assert (matches (at, seq, take));
            zws_ring_consume (r, take);
            seq += take;
        }
    }
    return NULL;
}

/*  A producer and a consumer thread move STRESS_BYTES of the pattern
    through a small ring; the consumer checks every byte, in order. */
static void test_threads (void)
{
    zws_ring r = make_ring (STRESS_CAP, 0xFFFFF000u);
    pthread_t p, c;
    assert (pthread_create (&c, NULL, consumer, &r) == 0);
    assert (pthread_create (&p, NULL, producer, &r) == 0);
    assert (pthread_join (p, NULL) == 0);
    assert (pthread_join (c, NULL) == 0);
    check_empty (&r);
    free (r.buf);
}

/*  Records: whole or not at all, readable in place before consuming,
    across the wrap of the buffer and of the counters. */
static void test_records (void)
{
    zws_ring r = make_ring (16, UINT32_MAX - 5);
    const uint8_t head[3] = {1, 2, 3}, body[5] = {4, 5, 6, 7, 8};
    uint8_t out[8];
    for (int round = 0; round < 5; round++) {
        assert (zws_ring_put (&r, head, 3, body, 5) == 0);
        assert (zws_ring_put (&r, head, 3, body, 6) == -1); /* 9 > 8 free */
        assert (zws_ring_used (&r) == 8);
        assert (zws_ring_copy (&r, 3, out, 8) == 5);
        assert (memcmp (out, body, 5) == 0);
        assert (zws_ring_copy (&r, 8, out, 1) == 0);
        assert (zws_ring_copy (&r, 0, out, 3) == 3);
        assert (memcmp (out, head, 3) == 0);
        zws_ring_consume (&r, 8);
        check_empty (&r);
    }
    free (r.buf);
}

void zws_ring_test (int verbose)
{
    if (verbose)
        printf (" * zws_ring: ");
    test_pieces ();
    test_records ();
    for (uint32_t cap = 1; cap <= 32; cap *= 2) {
        test_wrap (cap, 0);
        test_wrap (cap, UINT32_MAX - cap); /* the counters wrap too */
    }
    test_threads ();
    if (verbose)
        printf ("OK\n");
}
#endif
