import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { curveKeyPair, curvePublicKey, Reply, Request, z85Decode, z85Encode } from "../dist/index.js";
import { bindAny, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

describe("CURVE", () => {
  it("makes distinct Z85 key pairs whose public key derives from the secret", () => {
    const a = curveKeyPair();
    const b = curveKeyPair();
    assert.match(a.publicKey, /^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/);
    assert.notEqual(a.secretKey, b.secretKey);
    assert.equal(curvePublicKey(a.secretKey), a.publicKey);
    assert.equal(z85Decode(a.publicKey).length, 32);
  });

  it("encodes and decodes Z85 (the spec's test vector)", () => {
    const bytes = new Uint8Array([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    assert.equal(z85Encode(bytes), "HelloWorld");
    assert.deepEqual([...z85Decode("HelloWorld")], [...bytes]);
    assert.throws(() => z85Encode(new Uint8Array(3)), { code: "EINVAL" });
    assert.throws(() => z85Decode("abc"), { code: "EINVAL" });
  });

  it("encrypts a Request/Reply exchange end to end", async () => {
    const server = curveKeyPair();
    const client = curveKeyPair();
    const rep = sockets.add(new Reply({ curveServer: true, curveSecretKey: server.secretKey, curvePublicKey: server.publicKey }));
    const req = sockets.add(
      new Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    req.connect(await bindAny(rep));
    await req.send("secret question");
    assert.equal((await within(rep.receive(), 5000, "request"))[0].toString(), "secret question");
    await rep.send("secret answer");
    assert.equal((await within(req.receive(), 5000, "reply"))[0].toString(), "secret answer");
  });

  it("never delivers to a client that trusts the wrong server key", async () => {
    const server = curveKeyPair();
    const impostor = curveKeyPair();
    const client = curveKeyPair();
    const rep = sockets.add(new Reply({ curveServer: true, curveSecretKey: server.secretKey, receiveTimeout: 500 }));
    const req = sockets.add(
      new Request({ curveServerKey: impostor.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey }),
    );
    req.connect(await bindAny(rep));
    await req.send("hello?");
    await assert.rejects(rep.receive(), { code: "EAGAIN" });
  });
});
