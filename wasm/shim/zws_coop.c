/*  zeromq-wasm without threads: libzmq's pollers (the I/O threads and the
    reaper, each a thread elsewhere) become turns that the host runs on its
    one thread (wasm/patches/0003-cooperative-pollers.patch registers them
    here). The host runs zws_coop_run when it has news for libzmq (bytes
    arrived, a connection opened, an API call queued work) and when the
    earliest libzmq timer is due. In the threaded build nothing registers
    and zws_coop_run returns at once. */
#include "zws_abi.h"
#include "zws_coop.h"

#include <emscripten/emscripten.h>
#include <stdlib.h>

/*  Room for the turns of this many contexts at first (a reaper and an I/O
    thread each); the table grows past it. A context's turns leave it when
    the context is terminated (zws_ctx_term_nowait, once the TS layer has
    seen its Context collected): until then a program that makes contexts
    in a loop, faster than they are collected, still gets its turns. */
#define ZWS_COOP_POLLERS 64
/*  Rounds of turns per run before the host gets its thread back, so a
    stream that never pauses cannot starve the host's own I/O. */
#define ZWS_COOP_ROUNDS 64

typedef struct zws_coop_poller
{
    void *poller;
    int (*pass) (void *, int *);
} zws_coop_poller;

static zws_coop_poller *pollers;
static int poller_count;
static int poller_room;

void zws_coop_add (void *poller, int (*pass) (void *, int *))
{
    /*  A context has one reaper and its I/O threads (ioThreads). */
    if (poller_count == poller_room) {
        const int room = poller_room ? poller_room * 2 : ZWS_COOP_POLLERS;
        zws_coop_poller *grown =
          realloc (pollers, (size_t) room * sizeof (zws_coop_poller));
        /*  Out of memory: as libzmq's alloc_assert for a thread it cannot
            start. */
        if (!grown)
            abort ();
        pollers = grown;
        poller_room = room;
    }
    pollers[poller_count].poller = poller;
    pollers[poller_count].pass = pass;
    poller_count++;
}

void zws_coop_remove (void *poller)
{
    for (int i = 0; i < poller_count; i++) {
        if (pollers[i].poller == poller) {
            pollers[i] = pollers[--poller_count];
            return;
        }
    }
}

/*  The host's scheduler (src/runtime/scheduler.ts) runs zws_coop_run soon.
    Every signal asks: the scheduler folds them into one run, and a run it
    asked for can be lost (workerd drops the timers of a request that has
    ended), so remembering here that one was asked would stall the next. */
EM_JS (void, zws_coop_notify, (void), {
    if (Module["zwsKick"])
        Module["zwsKick"]();
});

void zws_coop_kick (void)
{
    zws_coop_notify ();
}

int zws_coop_run (void)
{
    for (int round = 0; round < ZWS_COOP_ROUNDS; round++) {
        int ready = 0;
        int next = -1;
        for (int i = 0; i < poller_count; i++) {
            int timer = 0;
            const int n = pollers[i].pass (pollers[i].poller, &timer);
            if (n > 0)
                ready += n;
            if (timer > 0 && (next < 0 || timer < next))
                next = timer;
        }
        if (ready == 0)
            return next;
    }
    return 0;
}
