/*  zeromq-wasm transport shim: the socket calls libzmq makes (see
    zws_redirect.h), served from shared memory instead of kernel sockets.

    File descriptors returned here start at ZWS_FD_BASE so they can never be
    mistaken for emscripten's own (files, stdio). */
#ifndef ZWS_H_INCLUDED
#define ZWS_H_INCLUDED

#include <ifaddrs.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>

#define ZWS_FD_BASE 0x40000

#ifdef __cplusplus
extern "C" {
#endif

int zws_socket (int domain, int type, int protocol);
int zws_socketpair (int domain, int type, int protocol, int sv[2]);
int zws_connect (int fd, const struct sockaddr *addr, socklen_t len);
int zws_bind (int fd, const struct sockaddr *addr, socklen_t len);
int zws_listen (int fd, int backlog);
int zws_accept (int fd, struct sockaddr *addr, socklen_t *len);
int zws_accept4 (int fd, struct sockaddr *addr, socklen_t *len, int flags);
ssize_t zws_send (int fd, const void *buf, size_t len, int flags);
ssize_t zws_recv (int fd, void *buf, size_t len, int flags);
int zws_getsockopt (int fd, int level, int name, void *val, socklen_t *len);
int zws_setsockopt (
  int fd, int level, int name, const void *val, socklen_t len);
int zws_getsockname (int fd, struct sockaddr *addr, socklen_t *len);
int zws_getpeername (int fd, struct sockaddr *addr, socklen_t *len);
int zws_shutdown (int fd, int how);
int zws_close (int fd);
int zws_poll (struct pollfd *fds, nfds_t n, int timeout_ms);
int zws_fcntl (int fd, int cmd, ...);
int zws_getaddrinfo (const char *node,
                     const char *service,
                     const struct addrinfo *hints,
                     struct addrinfo **res);
void zws_freeaddrinfo (struct addrinfo *res);
int zws_getifaddrs (struct ifaddrs **ifap);
void zws_freeifaddrs (struct ifaddrs *ifa);
unsigned int zws_if_nametoindex (const char *name);
/*  Datagrams (libzmq's udp:// engine, reachable only from draft socket
    types): whole records with their peer's address, on a ZWS_DGRAM fd. */
ssize_t zws_sendto (int fd,
                    const void *buf,
                    size_t len,
                    int flags,
                    const struct sockaddr *addr,
                    socklen_t addr_len);
ssize_t zws_recvfrom (int fd,
                      void *buf,
                      size_t len,
                      int flags,
                      struct sockaddr *addr,
                      socklen_t *addr_len);

#ifdef __cplusplus
}
#endif

#endif
