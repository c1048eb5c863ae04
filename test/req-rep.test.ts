import { describe } from "node:test";
import { testHosts, type HostContext } from "./support/hosts.ts";

/** A connected Request/Reply pair over tcp (bound in Node) or inproc. */
async function pair({ zmq, sockets, bindAny, inproc }: HostContext, transport: string) {
  const rep = sockets.add(new zmq.Reply());
  const req = sockets.add(new zmq.Request());
  let address = inproc("req-rep");
  if (transport === "tcp") address = await bindAny(rep);
  else await rep.bind(address);
  req.connect(address);
  return [req, rep] as const;
}

for (const host of testHosts("node", "page")) {
  for (const transport of host.name === "node" ? ["inproc", "tcp"] : ["inproc"]) {
    describe(`Request/Reply over ${transport} (${host.name})`, () => {
      const options = { args: { transport }, uses: [pair] };

      host.it("round-trips a request and its reply", async (t, { transport }) => {
        const [req, rep] = await pair(t, transport);
        await req.send("hello");
        const [request] = await t.within(rep.receive(), 5000, "request");
        t.assert.equal(request.toString(), "hello");
        await rep.send("world");
        const [reply] = await t.within(req.receive(), 5000, "reply");
        t.assert.equal(reply.toString(), "world");
      }, options);

      host.it("keeps multipart messages whole, in order, many times over", async (t, { transport }) => {
        const [req, rep] = await pair(t, transport);
        for (let i = 0; i < 200; i++) {
          await req.send([`a${i}`, "", new Uint8Array([0, 1, 2, 255]), `z${i}`]);
          const request = await t.within(rep.receive(), 5000, "request");
          t.assert.deepEqual(t.text(request.slice(0, 2)), [`a${i}`, ""]);
          t.assert.deepEqual([...request[2]], [0, 1, 2, 255]);
          t.assert.equal(request[3].toString(), `z${i}`);
          await rep.send(request);
          t.assert.equal((await t.within(req.receive(), 5000, "reply")).length, 4);
        }
      }, options);

      // As zeromq.js: a send the socket is not ready for waits (pending
      // without a sendTimeout), and at the timeout gets libzmq's EFSM; with
      // sendTimeout 0, at once.
      host.it("refuses a second request before the reply (EFSM), at the sendTimeout", async (t, { transport }) => {
        const [req] = await pair(t, transport);
        await req.send("first");
        req.sendTimeout = 20;
        await t.assert.rejects(req.send("second"), { code: "EFSM" });
        req.sendTimeout = 0;
        await t.assert.rejects(req.send("third"), { code: "EFSM" });
      }, options);

      host.it("refuses a reply before a request (EFSM), at the sendTimeout", async (t, { transport }) => {
        const [, rep] = await pair(t, transport);
        rep.sendTimeout = 20;
        await t.assert.rejects(rep.send("nobody asked"), { code: "EFSM" });
      }, options);
    });
  }

  describe(`Reply with several clients (${host.name})`, () => {
    host.it("answers each client its own reply", async ({ zmq, sockets, bindAny, within, assert }) => {
      const rep = sockets.add(new zmq.Reply());
      const address = await bindAny(rep);
      const clients = [0, 1, 2].map(() => sockets.add(new zmq.Request()));
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
}
