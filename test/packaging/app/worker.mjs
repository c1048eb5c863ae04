// A Cloudflare Worker (module syntax) using the installed tarball: bundled
// as wrangler bundles (test/packaging/workerd.test.ts), run by workerd. Each
// check is one HTTP request, so sockets live within a request as Workers
// require; the checks run in order, on one module instance.
import { Reply, Request as ZmqRequest, Subscriber, curveKeyPair, version } from "zeromq-wasm";

const texts = (frames) => frames.map((frame) => new TextDecoder().decode(frame));

/** The Guide's hello-world client: one request to a REP. */
async function hello(endpoint, options = {}, connectOptions) {
  const socket = new ZmqRequest({ linger: 0, receiveTimeout: 10_000, ...options });
  try {
    socket.connect(endpoint, connectOptions);
    await socket.send("Hello");
    return texts(await socket.receive());
  } finally {
    socket.close();
  }
}

const checks = {
  version: async () => version,
  "tcp connect": (config) => hello(config.rep),
  "tcp connect again": (config) => hello(config.rep),
  "pub/sub": async (config) => {
    const sub = new Subscriber({ linger: 0, receiveTimeout: 10_000 });
    try {
      sub.connect(config.pub);
      sub.subscribe("weather");
      const got = [];
      for await (const frames of sub) {
        got.push(texts(frames));
        if (got.length === 3) break;
      }
      return got;
    } finally {
      sub.close();
    }
  },
  inproc: async () => {
    const server = new Reply({ linger: 0 });
    const client = new ZmqRequest({ linger: 0 });
    try {
      await server.bind("inproc://hello");
      client.connect("inproc://hello");
      await client.send("Hello");
      const [request] = await server.receive();
      await server.send(`${new TextDecoder().decode(request)}, World`);
      return texts(await client.receive());
    } finally {
      client.close();
      server.close();
    }
  },
  curve: (config) => {
    const keys = curveKeyPair();
    return hello(config.curve.endpoint, { curveServerKey: config.curve.serverKey, curvePublicKey: keys.publicKey, curveSecretKey: keys.secretKey });
  },
  "tcp bind": async () => {
    const server = new Reply({ linger: 0 });
    try {
      await server.bind("tcp://127.0.0.1:*");
      return "bound";
    } finally {
      server.close();
    }
  },
  gateway: (config) => hello(config.gatewayRep, {}, { gateway: config.gateway }),
};

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const check = checks[decodeURIComponent(url.pathname.slice(1))];
    if (!check) return new Response("no such check", { status: 404 });
    const config = JSON.parse(url.searchParams.get("config") ?? "{}");
    try {
      return Response.json({ ok: true, value: await check(config) });
    } catch (error) {
      return Response.json({ ok: false, error: String(error?.message ?? error), code: error?.code });
    }
  },
};
