import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

// CURVE applies to tcp connections only (inproc has no handshake), and a
// page cannot bind tcp: a page's CURVE goes through the gateway to a native
// peer, in test/e2e/page.test.ts.
for (const host of testHosts("node")) {
  describe(`CURVE over tcp (${host.name})`, () => {
    host.it("encrypts a Request/Reply exchange end to end", async ({ zmq, sockets, bindAny, keyPair, within, assert }) => {
      const server = await keyPair();
      const client = await keyPair();
      const rep = sockets.add(new zmq.Reply({ curveServer: true, curveSecretKey: server.secretKey, curvePublicKey: server.publicKey }));
      const req = sockets.add(
        new zmq.Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
      );
      req.connect(await bindAny(rep));
      await req.send("secret question");
      assert.equal((await within(rep.receive(), 5000, "request"))[0].toString(), "secret question");
      await rep.send("secret answer");
      assert.equal((await within(req.receive(), 5000, "reply"))[0].toString(), "secret answer");
    });

    host.it("never delivers to a client that trusts the wrong server key", async ({ zmq, sockets, bindAny, keyPair, assert }) => {
      const server = await keyPair();
      const impostor = await keyPair();
      const client = await keyPair();
      const rep = sockets.add(new zmq.Reply({ curveServer: true, curveSecretKey: server.secretKey, receiveTimeout: 500 }));
      const req = sockets.add(
        new zmq.Request({ curveServerKey: impostor.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
      );
      req.connect(await bindAny(rep));
      await req.send("hello?");
      await assert.rejects(rep.receive(), { code: "EAGAIN" });
    });
  });
}

for (const host of testHosts("node", "page")) {
  describe(`CURVE keys (${host.name})`, () => {
    host.it("makes distinct Z85 key pairs", async ({ keyPair, assert }) => {
      const a = await keyPair();
      const b = await keyPair();
      assert.match(a.publicKey, /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
      assert.match(a.secretKey, /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
      assert.notEqual(a.secretKey, b.secretKey);
    });
  });
}

// Z85 and key derivation are synchronous functions of the Node entry only
// (a page has curveKeyPair(), async).
for (const host of testHosts("node")) {
  describe("CURVE keys and Z85 (node)", () => {
    host.it("derives the public key from the secret", async ({ zmq, assert }) => {
      const a = zmq.curveKeyPair();
      assert.equal(zmq.curvePublicKey(a.secretKey), a.publicKey);
      assert.equal(zmq.z85Decode(a.publicKey).length, 32);
    });

    host.it("encodes and decodes Z85 (the spec's test vector)", async ({ zmq, assert }) => {
      const bytes = new Uint8Array([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
      assert.equal(zmq.z85Encode(bytes), "HelloWorld");
      assert.deepEqual([...zmq.z85Decode("HelloWorld")], [...bytes]);
      assert.throws(() => zmq.z85Encode(new Uint8Array(3)), { code: "EINVAL" });
      assert.throws(() => zmq.z85Decode("abc"), { code: "EINVAL" });
    });
  });
}
