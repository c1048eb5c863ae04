/**
 * One datagram fd of the transport shim (a udp:// socket of libzmq's):
 * a transport's datagram socket bound to the fd's two rings, which hold
 * whole datagrams with their peer's address (wasm/shim/zws_dgram.c). UDP
 * is lossy by design: a datagram with no room on either side is dropped.
 */
import type { DatagramSink, Datagrams, Endpoint, Transport } from "../transport/types.js";
import type { Native, Ptr } from "./native.js";

/** A transport's way to open a datagram socket (Transport.datagrams). */
export type OpenDatagrams = NonNullable<Transport["datagrams"]>;

/** The largest datagram carried: more than UDP's own limit (65,507 bytes
 * of payload over IPv4). */
export const MAX_DATAGRAM = 65_536;

/** zws_host_addr/port's `remote` argument: which address of an fd
 * (Destination: a datagram fd's, of the datagram last taken). */
export const AddressOf = { Local: 0, Remote: 1, Destination: 2 } as const;

export function endpointOf(native: Native, fd: number, which: (typeof AddressOf)[keyof typeof AddressOf]): Endpoint {
  const { wasm } = native;
  return { host: wasm.UTF8ToString(wasm._zws_host_addr(fd, which)), port: wasm._zws_host_port(fd, which) };
}

function ipVersion(host: string): 4 | 6 {
  return host.includes(":") ? 6 : 4;
}

export class DatagramEntry implements DatagramSink {
  private socket: Datagrams | undefined;
  /** Released: the fd number may belong to another socket already. */
  private closed = false;

  constructor(
    private readonly native: Native,
    readonly fd: number,
    private readonly open: OpenDatagrams,
    /** MAX_DATAGRAM bytes of wasm memory the host lends every datagram fd
     * in turn (it handles one at a time). */
    private readonly scratch: Ptr,
  ) {}

  /** libzmq bound the fd (a Dish, a Datagram socket): bind a socket. */
  bind(): void {
    const local = endpointOf(this.native, this.fd, AddressOf.Local);
    try {
      this.socket = this.open(ipVersion(local.host), local, this);
    } catch (error) {
      this.failed((error as { code?: string }).code ?? "EADDRNOTAVAIL");
    }
  }

  /** Sends every datagram libzmq queued. */
  flush(): void {
    const { wasm } = this.native;
    for (;;) {
      const size = wasm._zws_host_dgram_next(this.fd, this.scratch, MAX_DATAGRAM);
      if (size < 0) return;
      const to = endpointOf(this.native, this.fd, AddressOf.Destination);
      // Never bound (a Radio): the first datagram opens a socket, on an
      // ephemeral port, as the kernel binds one at the first sendto.
      this.socket ??= this.open(ipVersion(to.host), undefined, this);
      // A copy: the scratch is reused, and transports cannot send shared memory.
      this.socket.send(this.native.u8.slice(this.scratch, this.scratch + size), to);
    }
  }

  listening(port: number): void {
    if (this.closed) return;
    this.native.wasm._zws_host_listening(this.fd, port);
  }

  message(data: Uint8Array, from: Endpoint): void {
    if (this.closed || data.length > MAX_DATAGRAM) return;
    const { wasm } = this.native;
    this.native.u8.set(data, this.scratch);
    wasm._zws_host_dgram_deliver(this.fd, this.native.cString(from.host), from.port, this.scratch, data.length);
  }

  failed(code: string): void {
    if (this.closed) return;
    this.native.wasm._zws_host_failed(this.fd, this.native.errno(code));
  }

  close(): void {
    this.closed = true;
    this.socket?.close();
    this.socket = undefined;
    this.native.wasm._zws_host_release(this.fd);
  }
}
