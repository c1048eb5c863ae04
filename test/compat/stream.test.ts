/**
 * Stream (ZMQ_STREAM) with plain TCP peers, as zeromq.js programs use it
 * (issue 14, item 4): every message is [routing id, bytes]; with notify (on
 * by default) a connection's start and end arrive as [id, empty].
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer, connect as tcpConnect, type AddressInfo, type Socket as TcpSocket } from "node:net";
import { describe } from "node:test";
import { libraries } from "./libraries.ts";

/** A TCP server that answers each chunk with "echo:" + the chunk. */
async function echoServer(): Promise<{ port: number; close(): Promise<void> }> {
  const peers = new Set<TcpSocket>();
  const server = createServer((peer) => {
    peers.add(peer);
    peer.on("data", (chunk) => peer.write(Buffer.concat([Buffer.from("echo:"), chunk])));
    peer.on("close", () => peers.delete(peer));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      for (const peer of peers) peer.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

for (const lib of libraries()) {
  describe(`Stream (${lib.name})`, () => {
    lib.it("connects to a TCP server with a chosen routing id, sends and receives raw bytes", async (zmq) => {
      const server = await echoServer();
      const stream = new zmq.Stream({ linger: 0 });
      try {
        stream.connect(`tcp://127.0.0.1:${server.port}`, { routingId: "peer-1" });
        const [id, notice] = await stream.receive();
        assert.equal(id.toString(), "peer-1");
        assert.equal(notice.length, 0, "the connect notification is an empty frame");
        await stream.send(["peer-1", "hello"]);
        const [from, reply] = await stream.receive();
        assert.equal(from.toString(), "peer-1");
        assert.equal(reply.toString(), "echo:hello");
      } finally {
        stream.close();
        await server.close();
      }
    });

    lib.it("accepts TCP clients: connect notice, their bytes, a reply by routing id, and the disconnect notice", async (zmq) => {
      const stream = new zmq.Stream({ linger: 0 });
      let tcp: TcpSocket | undefined;
      try {
        await stream.bind("tcp://127.0.0.1:*");
        const port = Number(new URL(stream.lastEndpoint!.replace("tcp://", "http://")).port);
        tcp = tcpConnect(port, "127.0.0.1");
        const received: Buffer[] = [];
        tcp.on("data", (chunk) => received.push(chunk));
        const [id, notice] = await stream.receive();
        assert.equal(notice.length, 0, "the connect notification is an empty frame");
        assert.ok(id.length > 0);
        tcp.write("ping");
        const [from, data] = await stream.receive();
        assert.deepEqual(from, id);
        assert.equal(data.toString(), "ping");
        await stream.send([id, "pong"]);
        while (Buffer.concat(received).toString() !== "pong") await once(tcp, "data");
        tcp.end();
        const [gone, last] = await stream.receive();
        assert.deepEqual(gone, id);
        assert.equal(last.length, 0, "the disconnect notification is an empty frame");
      } finally {
        tcp?.destroy();
        stream.close();
      }
    });

    lib.it("takes the notify option in the constructor and as a property", async (zmq) => {
      const stream = new zmq.Stream({ notify: false });
      try {
        assert.equal(stream.type, 11);
        stream.notify = true;
      } finally {
        stream.close();
      }
    });
  });
}
