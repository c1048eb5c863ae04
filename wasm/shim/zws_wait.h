/*  zeromq-wasm shim: sleeping and waking threads on wasm memory.

    A thread that waits (poll, a blocking call, the JS host loop) sleeps on
    a zws_waitword (zws_abi.h: JS sleeps on the same words, so its layout
    is part of the ABI); whoever changes what it waits for signals the
    word. Futexes on the wasm memory itself: no call into JS to sleep or
    wake. */
#ifndef ZWS_WAIT_H_INCLUDED
#define ZWS_WAIT_H_INCLUDED

#include "zws_abi.h"

/*  Bump the word and wake its sleepers, if any (without threads: ask the
    host for a run of libzmq's pollers, zws_coop.c). */
void zws_signal (zws_waitword *w);
/*  Sleep while the word still reads seen; timeout_ms < 0: forever. */
void zws_sleep (zws_waitword *w, int seen, int timeout_ms);

/*  Wake slots: a thread that sleeps in poll() registers its slot on the fds
    it waits for, so a readiness change wakes that thread alone. Slot 0 is
    shared by threads beyond the table (they wake more often, never less). */
#define ZWS_WAKE_SLOTS 64
extern zws_waitword zws_wake_words[ZWS_WAKE_SLOTS];
int zws_my_wake_slot (void);

/*  The raw futex parts of zws_signal/zws_sleep; use those, except for a
    word nobody counts sleepers on (zws_call.done). */
static inline void zws_futex_wake_all (_Atomic int *addr)
{
#ifdef ZWS_COOPERATIVE
    (void) addr; /* one thread: nobody else sleeps */
#else
    __builtin_wasm_memory_atomic_notify ((int *) addr, (unsigned) -1);
#endif
}
/*  timeout_ms < 0: forever. */
void zws_futex_wait (_Atomic int *addr, int expected, int timeout_ms);

#endif
