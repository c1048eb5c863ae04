/*  See asyncify_sleep.h: a sleep that gives libzmq's turns and the host
    their time, for libzmq's tests on the build without threads. */
#include <emscripten/emscripten.h>

int zws_coop_run (void);
void zws_coop_kick (void);

int zws_test_usleep (unsigned int usec)
{
    const double deadline = emscripten_get_now () + usec / 1000.0;
    do {
        zws_coop_run ();
        zws_coop_kick ();
        emscripten_sleep (1);
    } while (emscripten_get_now () < deadline);
    return 0;
}
