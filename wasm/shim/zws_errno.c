/*  zeromq-wasm: errno names both ways. Emscripten's errno numbers differ
    from Linux's, so JS never hard-codes a number: it asks by name. */
#include "zws_abi.h"

#include <errno.h>
#include <string.h>
#include <zmq.h>

#define E(name) {#name, name}
static const struct
{
    const char *name;
    int value;
} table[] = {
  E (EAGAIN),       E (EINTR),        E (EINVAL),      E (EBADF),
  E (EFAULT),       E (ENOMEM),       E (EMFILE),      E (ENOENT),
  E (ENOTSUP),      E (EPROTONOSUPPORT), E (ENOBUFS),  E (ENETDOWN),
  E (EADDRINUSE),   E (EADDRNOTAVAIL), E (ECONNREFUSED), E (EINPROGRESS),
  E (ENOTSOCK),     E (EMSGSIZE),     E (EAFNOSUPPORT), E (ENETUNREACH),
  E (ECONNABORTED), E (ECONNRESET),   E (ENOTCONN),    E (ETIMEDOUT),
  E (EHOSTUNREACH), E (ENETRESET),    E (EACCES),      E (EPIPE),
  E (EPERM),        E (ENODEV),       E (EOPNOTSUPP),  E (EBUSY),
  E (EWOULDBLOCK),  E (ENOPROTOOPT),  E (EISCONN),     E (ENOTDIR),
  E (EFSM),         E (ENOCOMPATPROTO), E (ETERM),     E (EMTHREAD),
};
#undef E

int zws_errno_value (const char *name)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp (table[i].name, name) == 0)
            return table[i].value;
    return 0;
}

const char *zws_errno_name (int value)
{
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].value == value)
            return table[i].name;
    return "";
}
