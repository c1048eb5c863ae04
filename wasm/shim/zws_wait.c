/*  zeromq-wasm shim: wait words, futexes and per-thread wake slots. */
#include "zws_wait.h"
#include "zws_coop.h"

#include <emscripten/threading.h>
#ifdef ZWS_ASYNCIFY_WAIT
#include <emscripten/emscripten.h>
#endif
#include <stdatomic.h>

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

/*  A sleeper counts itself before it reads nothing new and sleeps; a
    signaller bumps the value before it looks for sleepers. With both in
    sequentially consistent order, either the signaller sees the sleeper
    or the sleeper's wait sees the new value and returns at once. */
void zws_signal (zws_waitword *w)
{
    atomic_fetch_add (&w->value, 1);
#ifdef ZWS_COOPERATIVE
    /*  Nobody sleeps: something changed, so the host lets libzmq run. */
    zws_coop_kick ();
#else
    if (atomic_load (&w->sleepers) > 0)
        zws_futex_wake_all (&w->value);
#endif
}

void zws_sleep (zws_waitword *w, int seen, int timeout_ms)
{
    atomic_fetch_add (&w->sleepers, 1);
    zws_futex_wait (&w->value, seen, timeout_ms);
    atomic_fetch_sub (&w->sleepers, 1);
}

void zws_futex_wait (_Atomic int *addr, int expected, int timeout_ms)
{
#ifdef ZWS_COOPERATIVE
#ifdef ZWS_ASYNCIFY_WAIT
    /*  Only in libzmq's own tests (wasm/libzmq-tests, linked with Asyncify):
        a C program that blocks, as they do, asks the host for a run (its
        turns, then the host's work: connects, writes) and yields to the
        event loop until the word moves. */
    const double deadline = emscripten_get_now () + (timeout_ms > 0 ? timeout_ms : 0);
    while (atomic_load (addr) == expected) {
        if (timeout_ms >= 0 && emscripten_get_now () >= deadline)
            break;
        zws_coop_run ();
        if (atomic_load (addr) != expected)
            break;
        zws_coop_kick (); /* the host's work (connects, writes) after the run */
        emscripten_sleep (1);
    }
    return;
#else
    /*  One thread, no shared memory: waiting would wait forever. The shim
        never waits in this build (the host thread is the only thread). */
    (void) addr, (void) expected, (void) timeout_ms;
    return;
#endif
#endif
    if (emscripten_is_main_browser_thread ())
        return; /* a browser main thread may not block: callers re-check */
    const long long ns = timeout_ms < 0 ? -1LL : (long long) timeout_ms * 1000000LL;
    __builtin_wasm_memory_atomic_wait32 ((int *) addr, expected, ns);
}
