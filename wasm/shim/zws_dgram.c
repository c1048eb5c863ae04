/*  zeromq-wasm shim: datagram records in a ring (see zws_fd.h).

    A UDP socket's rings carry whole datagrams, each with its peer's
    address, where a stream's carry bytes: a record goes in whole or not at
    all (UDP drops what does not fit) and comes out whole. */
#include "zws_fd.h"

#include <string.h>

int zws_dgram_put (zws_ring *r,
                   const struct sockaddr *addr,
                   socklen_t addr_len,
                   const void *data,
                   size_t n)
{
    zws_dgram_head head;
    memset (&head, 0, sizeof head);
    head.size = (uint32_t) n;
    head.addr_len = addr_len <= sizeof head.addr ? addr_len : sizeof head.addr;
    memcpy (&head.addr, addr, head.addr_len);
    return zws_ring_put (r, &head, sizeof head, data, n);
}

ssize_t zws_dgram_take (zws_ring *r,
                        void *buf,
                        size_t len,
                        struct sockaddr *addr,
                        socklen_t *addr_len)
{
    zws_dgram_head head;
    if (zws_ring_copy (r, 0, &head, sizeof head) != sizeof head)
        return -1;
    const size_t n = head.size < len ? head.size : len;
    zws_ring_copy (r, sizeof head, buf, n);
    if (addr && addr_len) {
        memcpy (addr, &head.addr,
                *addr_len < head.addr_len ? *addr_len : head.addr_len);
        *addr_len = head.addr_len;
    }
    zws_ring_consume (r, (uint32_t) (sizeof head + head.size));
    return (ssize_t) n;
}
