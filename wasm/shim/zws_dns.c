/*  zeromq-wasm shim: name resolution.

    libzmq resolves endpoint hosts itself, on its I/O thread. A wasm thread
    cannot do DNS, so a host name resolves to a stand-in address in 240/4
    (reserved, never a real peer) that remembers the name; the host thread
    hands the name to net.connect or to the gateway, which do the real
    lookup. Numeric addresses and "localhost" resolve here, at once. */
#include "zws_fd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define ZWS_MAX_NAMES 4096
#define ZWS_NAME_NET 0xF0000000u /* 240.0.0.0/4 */

static pthread_mutex_t names_lock = PTHREAD_MUTEX_INITIALIZER;
static char *names[ZWS_MAX_NAMES];
static int name_count;

/*  Index of name in the table, adding it if new; -1 when full. */
static int name_index (const char *name)
{
    pthread_mutex_lock (&names_lock);
    for (int i = 0; i < name_count; i++)
        if (strcmp (names[i], name) == 0) {
            pthread_mutex_unlock (&names_lock);
            return i;
        }
    int i = -1;
    if (name_count < ZWS_MAX_NAMES && (names[name_count] = strdup (name)))
        i = name_count++;
    pthread_mutex_unlock (&names_lock);
    return i;
}

/*  The host name behind a stand-in address, or NULL for a real address. */
const char *zws_name_of (const struct sockaddr *sa)
{
    uint32_t ip;
    if (sa->sa_family == AF_INET)
        ip = ntohl (((const struct sockaddr_in *) sa)->sin_addr.s_addr);
    else if (sa->sa_family == AF_INET6
             && IN6_IS_ADDR_V4MAPPED (
               &((const struct sockaddr_in6 *) sa)->sin6_addr))
        memcpy (&ip, ((const struct sockaddr_in6 *) sa)->sin6_addr.s6_addr + 12, 4),
          ip = ntohl (ip);
    else
        return NULL;
    if ((ip & 0xF0000000u) != ZWS_NAME_NET)
        return NULL;
    const int i = (int) (ip & 0x0FFFFFFFu);
    pthread_mutex_lock (&names_lock);
    const char *name = i < name_count ? names[i] : NULL;
    pthread_mutex_unlock (&names_lock);
    return name;
}

static int parse_port (const char *service, uint16_t *port)
{
    if (!service) {
        *port = 0;
        return 0;
    }
    char *end;
    const long p = strtol (service, &end, 10);
    if (*service == '\0' || *end != '\0' || p < 0 || p > 65535)
        return -1;
    *port = (uint16_t) p;
    return 0;
}

/*  Letters, digits, '-', '_' and dots: anything else ("*", "" ...) could
    never resolve, and fails here as getaddrinfo fails on it. */
static int is_host_name (const char *node)
{
    if (*node == '\0')
        return 0;
    for (const char *c = node; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')
              || (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'
              || *c == '.'))
            return 0;
    return 1;
}

static int resolve_v4 (const char *node, int flags, struct in_addr *out)
{
    if (!node) {
        out->s_addr = (flags & AI_PASSIVE) ? htonl (INADDR_ANY)
                                           : htonl (INADDR_LOOPBACK);
        return 0;
    }
    if (inet_pton (AF_INET, node, out) == 1)
        return 0;
    if (strcmp (node, "localhost") == 0) {
        out->s_addr = htonl (INADDR_LOOPBACK);
        return 0;
    }
    if (flags & AI_NUMERICHOST)
        return EAI_NONAME;
    if (strlen (node) > 253 || !is_host_name (node))
        return EAI_NONAME;
    const int i = name_index (node);
    if (i < 0)
        return EAI_MEMORY;
    out->s_addr = htonl (ZWS_NAME_NET | (uint32_t) i);
    return 0;
}

int zws_getaddrinfo (const char *node,
                     const char *service,
                     const struct addrinfo *hints,
                     struct addrinfo **res)
{
    const int family = hints ? hints->ai_family : AF_UNSPEC;
    const int flags = hints ? hints->ai_flags : 0;
    uint16_t port;
    if (parse_port (service, &port))
        return EAI_SERVICE;

    struct sockaddr_storage ss;
    memset (&ss, 0, sizeof ss);
    socklen_t len;
    struct in6_addr v6;
    if (node && inet_pton (AF_INET6, node, &v6) == 1) {
        if (family == AF_INET)
            return EAI_ADDRFAMILY;
        struct sockaddr_in6 *sa = (struct sockaddr_in6 *) &ss;
        sa->sin6_family = AF_INET6;
        sa->sin6_addr = v6;
        sa->sin6_port = htons (port);
        len = sizeof *sa;
    } else {
        struct in_addr v4;
        const int rc = resolve_v4 (node, flags, &v4);
        if (rc)
            return rc;
        if (family == AF_INET6) {
            /*  libzmq asks for AF_INET6 with AI_V4MAPPED when ZMQ_IPV6 is
                on: answer with the v4-mapped form. */
            struct sockaddr_in6 *sa = (struct sockaddr_in6 *) &ss;
            sa->sin6_family = AF_INET6;
            if (!node && (flags & AI_PASSIVE))
                sa->sin6_addr = in6addr_any;
            else {
                sa->sin6_addr.s6_addr[10] = 0xff;
                sa->sin6_addr.s6_addr[11] = 0xff;
                memcpy (sa->sin6_addr.s6_addr + 12, &v4, 4);
            }
            sa->sin6_port = htons (port);
            len = sizeof *sa;
        } else {
            struct sockaddr_in *sa = (struct sockaddr_in *) &ss;
            sa->sin_family = AF_INET;
            sa->sin_addr = v4;
            sa->sin_port = htons (port);
            len = sizeof *sa;
        }
    }

    struct addrinfo *ai =
      (struct addrinfo *) calloc (1, sizeof *ai + sizeof (struct sockaddr_storage));
    if (!ai)
        return EAI_MEMORY;
    ai->ai_family = ss.ss_family;
    ai->ai_socktype = hints && hints->ai_socktype ? hints->ai_socktype : SOCK_STREAM;
    ai->ai_protocol = hints ? hints->ai_protocol : 0;
    ai->ai_addrlen = len;
    ai->ai_addr = (struct sockaddr *) (ai + 1);
    memcpy (ai->ai_addr, &ss, len);
    *res = ai;
    return 0;
}

void zws_freeaddrinfo (struct addrinfo *res)
{
    while (res) {
        struct addrinfo *next = res->ai_next;
        free (res);
        res = next;
    }
}

/*  One interface, "lo" (127.0.0.1), so tcp://lo:port binds loopback; other
    interface names fall through to name resolution, as in libzmq. */
int zws_getifaddrs (struct ifaddrs **ifap)
{
    struct lo_if
    {
        struct ifaddrs ifa;
        struct sockaddr_in addr;
        struct sockaddr_in mask;
        char name[3];
    } *lo = (struct lo_if *) calloc (1, sizeof (struct lo_if));
    if (!lo) {
        errno = ENOMEM;
        return -1;
    }
    memcpy (lo->name, "lo", 3);
    lo->addr.sin_family = AF_INET;
    lo->addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
    lo->mask.sin_family = AF_INET;
    lo->mask.sin_addr.s_addr = htonl (0xff000000u);
    lo->ifa.ifa_name = lo->name;
    lo->ifa.ifa_flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING;
    lo->ifa.ifa_addr = (struct sockaddr *) &lo->addr;
    lo->ifa.ifa_netmask = (struct sockaddr *) &lo->mask;
    *ifap = &lo->ifa;
    return 0;
}

/*  IPv6 zone ids (fe80::1%lo): "lo" is interface 1, as in getifaddrs;
    any other name is unknown (emscripten's own version aborts). */
unsigned int zws_if_nametoindex (const char *name)
{
    if (name && strcmp (name, "lo") == 0)
        return 1;
    errno = ENXIO;
    return 0;
}

void zws_freeifaddrs (struct ifaddrs *ifa)
{
    free (ifa); /* the one block zws_getifaddrs allocated */
}
