import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Reply, Request } from "../dist/index.js";
import { bindAny, text, within } from "./support/util.ts";
import { fixtures } from "./support/fixtures.ts";

const { sockets } = fixtures();

for (const transport of ["inproc", "tcp"] as const) {
  describe(`Request/Reply over ${transport}`, () => {
    async function pair(): Promise<[Request, Reply]> {
      const rep = sockets.add(new Reply());
      const req = sockets.add(new Request());
      const address = transport === "tcp" ? await bindAny(rep) : `inproc://req-rep-${Math.random()}`;
      if (transport === "inproc") await rep.bind(address);
      req.connect(address);
      return [req, rep];
    }

    it("round-trips a request and its reply", async () => {
      const [req, rep] = await pair();
      await req.send("hello");
      const [request] = await within(rep.receive(), 5000, "request");
      assert.equal(request.toString(), "hello");
      await rep.send("world");
      const [reply] = await within(req.receive(), 5000, "reply");
      assert.equal(reply.toString(), "world");
    });

    it("keeps multipart messages whole, in order, many times over", async () => {
      const [req, rep] = await pair();
      for (let i = 0; i < 200; i++) {
        await req.send([`a${i}`, "", Buffer.from([0, 1, 2, 255]), `z${i}`]);
        const request = await within(rep.receive(), 5000, "request");
        assert.deepEqual(text(request.slice(0, 2)), [`a${i}`, ""]);
        assert.deepEqual([...request[2]], [0, 1, 2, 255]);
        assert.equal(request[3].toString(), `z${i}`);
        await rep.send(request);
        assert.equal((await within(req.receive(), 5000, "reply")).length, 4);
      }
    });

    it("refuses a second request before the reply (EFSM)", async () => {
      const [req] = await pair();
      await req.send("first");
      await assert.rejects(req.send("second"), { code: "EFSM" });
    });

    it("refuses a reply before a request (EFSM)", async () => {
      const [, rep] = await pair();
      await assert.rejects(rep.send("nobody asked"), { code: "EFSM" });
    });
  });
}

describe("Reply with several clients", () => {
  it("answers each client its own reply", async () => {
    const rep = sockets.add(new Reply());
    const address = await bindAny(rep);
    const clients = [0, 1, 2].map(() => sockets.add(new Request()));
    for (const client of clients) client.connect(address);
    await Promise.all(clients.map((client, i) => client.send(`client ${i}`)));
    const serve = (async () => {
      for (let i = 0; i < clients.length; i++) {
        const [request] = await rep.receive();
        await rep.send(`re: ${request.toString()}`);
      }
    })();
    const replies = await within(Promise.all(clients.map((client) => client.receive())), 5000, "replies");
    await serve;
    assert.deepEqual(replies.map(([reply]) => reply.toString()), ["re: client 0", "re: client 1", "re: client 2"]);
  });
});
