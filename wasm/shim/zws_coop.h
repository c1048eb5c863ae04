/*  zeromq-wasm without threads: turns the host runs on its one thread
    (zws_coop.c). In the threaded build nothing registers. */
#ifndef ZWS_COOP_H_INCLUDED
#define ZWS_COOP_H_INCLUDED

/*  A turn: pass runs it once without waiting and returns how much it did
    (0: nothing; -1: nothing left to do), with the ms to its next timer. */
void zws_coop_add (void *turn, int (*pass) (void *, int *));
void zws_coop_remove (void *turn);
/*  Something changed: ask the host for a run. */
void zws_coop_kick (void);
/*  One run of every turn (the host calls it; declared with the other
    exports in zws_abi.h). */
int zws_coop_run (void);

#endif
