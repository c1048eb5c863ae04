// Readiness (issue 14, item 14): a Publisher takes in a subscriber that
// connected just before its send. libzmq's send looks at the socket's
// commands at most every 3 ms in wasm (1 ms natively), so without help
// the first messages after a connect were dropped for that long.
// Deterministic: over inproc the connect and the subscription are in the
// publisher's mailbox before the send.
import { describe } from "node:test";
import { testHosts } from "./support/hosts.ts";

for (const host of testHosts("node", "page")) {
  describe(`readiness (${host.name})`, () => {
    host.it("delivers a message published right after a subscriber connected", async ({ zmq, sockets, inproc, within, text, assert }) => {
      for (let round = 0; round < 5; round++) {
        const publisher = sockets.add(new zmq.Publisher());
        const address = inproc("ready");
        await publisher.bind(address);
        // libzmq's send looked at the commands just now: the next look was
        // due 3 ms later, whatever arrives meanwhile.
        await publisher.send("nobody listens yet");
        const subscriber = sockets.add(new zmq.Subscriber());
        subscriber.subscribe();
        subscriber.connect(address);
        await publisher.send(`hello ${round}`);
        assert.deepEqual(text(await within(subscriber.receive(), 2000, "the message published right after connect")), [`hello ${round}`]);
        publisher.close();
        subscriber.close();
      }
    });
  });
}
