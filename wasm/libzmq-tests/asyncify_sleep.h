/*  Force-included into libzmq's tests when they are built against libzmq
    without threads (Makefile, VARIANT=nothreads): a test that sleeps to let
    another thread work (msleep, usleep) yields to the event loop instead,
    so libzmq's turns and the host run meanwhile (asyncify_sleep.c). */
#ifndef ZWS_ASYNCIFY_SLEEP_H_INCLUDED
#define ZWS_ASYNCIFY_SLEEP_H_INCLUDED
#ifdef __cplusplus
extern "C" {
#endif
int zws_test_usleep (unsigned int usec);
#ifdef __cplusplus
}
#endif
#define usleep zws_test_usleep
#endif
