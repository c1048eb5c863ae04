/*  zeromq-wasm: force-included (-include) into every libzmq translation unit.

    It routes libzmq's socket-level calls to our transport shim (zws_*), so
    libzmq's own tcp transport, signalers and pollers run unchanged on top of
    shared-memory rings instead of emscripten's SOCKFS.

    Object-like macros rename every use in libzmq, including libzmq's own
    members that share a name (socket_base_t::bind, ::close, ...); that is
    consistent because every libzmq file sees this header first. The system
    and standard headers libzmq uses are included before the macros, so their
    declarations keep their real names. */
#ifndef ZWS_REDIRECT_H_INCLUDED
#define ZWS_REDIRECT_H_INCLUDED

#ifdef __EMSCRIPTEN__

#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#ifdef __cplusplus
#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <condition_variable>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <ios>
#include <iterator>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <new>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>
#endif

#include "zws.h"

#define socket zws_socket
#define socketpair zws_socketpair
#define connect zws_connect
#define bind zws_bind
#define listen zws_listen
#define accept zws_accept
#define accept4 zws_accept4
#define send zws_send
#define recv zws_recv
#define getsockopt zws_getsockopt
#define setsockopt zws_setsockopt
#define getsockname zws_getsockname
#define getpeername zws_getpeername
#define shutdown zws_shutdown
#define close zws_close
#define poll zws_poll
#define fcntl zws_fcntl
#define getaddrinfo zws_getaddrinfo
#define freeaddrinfo zws_freeaddrinfo
#define getifaddrs zws_getifaddrs
#define freeifaddrs zws_freeifaddrs
#define if_nametoindex zws_if_nametoindex
#define sendto zws_sendto
#define recvfrom zws_recvfrom

#endif /* __EMSCRIPTEN__ */
#endif
