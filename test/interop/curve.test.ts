// CURVE both ways, with keys made by each side (pyzmq's and ours).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { curveKeyPair, Reply, Request } from "../support/zmq.ts";
import { fixtures } from "../support/fixtures.ts";
import { bindAny, text, within } from "../support/util.ts";

const { sockets, peer: startPeer } = fixtures();

async function nativeKeyPair() {
  const peer = startPeer("keypair");
  const keys = await peer.next("public");
  return { publicKey: String(keys.public), secretKey: String(keys.secret) };
}

describe("interop: CURVE with native libzmq", () => {
  it("wasm client (our keys) -> native CURVE server (its keys)", async () => {
    const server = await nativeKeyPair();
    const peer = startPeer("rep", { count: 2, curve_server_secret: server.secretKey, curve_server_public: server.publicKey });
    const client = curveKeyPair();
    const req = sockets.add(
      new Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    req.connect(await peer.endpoint());
    for (const word of ["sealed", "again"]) {
      await req.send(word);
      assert.deepEqual(text(await within(req.receive(), 10_000, "reply")), [`echo:${word}`]);
    }
  });

  it("native client (its keys) -> wasm CURVE server (our keys)", async () => {
    const server = curveKeyPair();
    const rep = sockets.add(new Reply({ curveServer: true, curveSecretKey: server.secretKey, curvePublicKey: server.publicKey }));
    const client = await nativeKeyPair();
    const peer = startPeer("req", {
      connect: await bindAny(rep),
      count: 2,
      curve_server_key: server.publicKey,
      curve_public: client.publicKey,
      curve_secret: client.secretKey,
    });
    for (let i = 0; i < 2; i++) {
      const request = await within(rep.receive(), 10_000, "request");
      assert.equal(request[0].toString(), `req ${i}`);
      await rep.send("sealed reply");
      assert.deepEqual((await peer.next("reply")).reply, ["sealed reply"]);
    }
  });
});
