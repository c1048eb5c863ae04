/*  Lets run.mjs mark single unity test cases as not applicable (the ipc://
    cases of a test that is otherwise about tcp, say): unity.c is compiled
    with its UnityDefaultTestRun renamed (see the Makefile), and every
    RUN_TEST comes here first. The environment variable ZWS_TEST_SKIP holds
    lines "case_name reason"; a listed case is reported as IGNORE with its
    reason instead of being run. */
#include <stdlib.h>
#include <string.h>
#include "unity.h"

void UnityDefaultTestRun_unity (UnityTestFunction func,
                                const char *name,
                                const int line);

static char reason[300];

static void not_applicable (void)
{
    TEST_IGNORE_MESSAGE (reason);
}

/*  The reason listed for this case, copied to reason[]; 0 if not listed. */
static int listed (const char *name)
{
    const char *list = getenv ("ZWS_TEST_SKIP");
    const size_t n = strlen (name);
    for (const char *at = list; at && *at;) {
        const char *end = strchr (at, '\n');
        if (!end)
            end = at + strlen (at);
        if (strncmp (at, name, n) == 0 && at[n] == ' ') {
            size_t len = (size_t) (end - (at + n + 1));
            if (len >= sizeof reason)
                len = sizeof reason - 1;
            memcpy (reason, at + n + 1, len);
            reason[len] = '\0';
            return 1;
        }
        at = *end ? end + 1 : end;
    }
    return 0;
}

void UnityDefaultTestRun (UnityTestFunction func, const char *name, const int line)
{
    UnityDefaultTestRun_unity (listed (name) ? not_applicable : func, name, line);
}
