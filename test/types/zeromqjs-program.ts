// A program written for zeromq.js v6 and typed against it: it imports
// "zeromq". test/packaging/types.test.ts compiles it as it is (so it is a
// valid zeromq.js program), and with only the import changed to
// "zeromq-wasm", with TypeScript 5 and 4.9: a zeromq.js program compiles
// against zeromq-wasm by changing the import. (socket.events, capability and
// the draft sockets are not in it yet.)
import * as zmq from "zeromq";
import { Context, Dealer, Pair, Proxy, Publisher, Pull, Push, Reply, Request, Router, Subscriber, XPublisher, XSubscriber, context, curveKeyPair, version } from "zeromq";
import type { MessageLike, Readable, RouterConnectOptions, SocketOptions, Writable } from "zeromq";

export async function pushPull(): Promise<void> {
  const sock = new Push();
  await sock.bind("tcp://127.0.0.1:3000");
  await sock.send("some work");
  await sock.send(42);
  await sock.send([Buffer.from("a"), new Uint8Array([1]), null, "b"]);
  const pull = new Pull({ receiveHighWaterMark: 100, linger: 0 });
  pull.connect("tcp://127.0.0.1:3000");
  for await (const [msg] of pull) {
    console.log("work: %s", msg.toString());
    const json: unknown = JSON.parse(msg.toString("utf8"));
    void json;
  }
}

export async function pubSub(): Promise<void> {
  const pub = new Publisher({ noDrop: true, conflate: false });
  await pub.bind("tcp://127.0.0.1:3001");
  await pub.send(["kitty cats", "meow!"]);
  const sub = new Subscriber({ receiveTimeout: 1000 });
  sub.connect("tcp://127.0.0.1:3001");
  sub.subscribe("kitty cats");
  sub.subscribe(Buffer.from("dogs"), "birds");
  sub.unsubscribe("birds");
  sub.invertMatching = false;
  for await (const [topic, msg] of sub) {
    console.log(`received a message related to: ${topic.toString()}, containing message: ${msg.toString()}`);
  }
}

export async function requestReply(): Promise<string> {
  const rep = new Reply();
  await rep.bind("tcp://*:5555");
  const req = new Request({ correlate: true, relaxed: true });
  req.connect("tcp://localhost:5555");
  await req.send(4);
  const [request] = await rep.receive();
  await rep.send(2 * parseInt(request.toString(), 10));
  const [result] = await req.receive();
  req.close();
  rep.close();
  return result.toString();
}

export function bindSynchronously(): string | null {
  const pair = new Pair();
  const done: void = pair.bindSync("tcp://127.0.0.1:*");
  void done;
  const endpoint = pair.lastEndpoint;
  pair.unbindSync(endpoint ?? "tcp://127.0.0.1:3003");
  pair.close();
  return endpoint;
}

export async function routerDealer(): Promise<void> {
  const router = new Router({ mandatory: true, handover: true, probeRouter: false });
  const options: RouterConnectOptions = { routingId: "backend" };
  router.connect("tcp://127.0.0.1:5556", options);
  const dealer = new Dealer({ routingId: "worker-1", sendHighWaterMark: 1000, sendTimeout: 100 });
  dealer.connect("tcp://127.0.0.1:5557");
  await dealer.send(["", "READY"]);
  const [identity, , payload] = await router.receive();
  await router.send([identity, "", payload]);
  const id: string | null = dealer.routingId;
  dealer.routingId = "worker-2";
  void id;
}

export function socketOptions(): void {
  const ctx = new Context({ ioThreads: 2, maxSockets: 64, blocky: false, ipv6: false });
  const opts: SocketOptions<Dealer> = { linger: 0, context: ctx, immediate: true, heartbeatInterval: 1000, maxMessageSize: -1 };
  const dealer = new Dealer(opts);
  dealer.receiveTimeout = 500;
  dealer.reconnectInterval = 100;
  dealer.zapDomain = null;
  dealer.socksProxy = "127.0.0.1:1080";
  const endpoint: string | null = dealer.lastEndpoint;
  const mechanism: null | "plain" | "curve" | "gssapi" = dealer.securityMechanism;
  const type: number = dealer.type;
  const safe: boolean = dealer.threadSafe;
  const closed: boolean = dealer.closed;
  const readable: boolean = dealer.readable && dealer.writable;
  const owner: Context = dealer.context;
  const gssapi: boolean = dealer.gssapiServer; // typed in zeromq.js (no GSSAPI in either build)
  const xpub = new XPublisher({ manual: true, welcomeMessage: "hi" });
  xpub.verbosity = "allSubs";
  xpub.verbosity = null;
  const xsub = new XSubscriber();
  const pair = new Pair({ context });
  void [endpoint, mechanism, type, safe, closed, readable, owner, gssapi, xsub, pair];
}

export function contextOptions(): void {
  context.blocky = false;
  context.ioThreads = 2;
  const limit: number = context.maxSocketsLimit;
  context.threadPriority = 1;
  context.threadSchedulingPolicy = 0;
  const sockets: number = context.maxSockets;
  const messageSize: number = context.maxMessageSize;
  const ipv6: boolean = zmq.context.ipv6;
  void [limit, sockets, messageSize, ipv6];
}

export async function curve(): Promise<void> {
  const server = curveKeyPair();
  const client = curveKeyPair();
  const rep = new Reply({ curveServer: true, curveSecretKey: server.secretKey });
  const req = new Request({ curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey });
  const plain = new Dealer({ plainUsername: "user", plainPassword: "pass" });
  void [rep, req, plain];
}

export async function proxy(): Promise<void> {
  const p = new Proxy(new Router(), new Dealer());
  await p.frontEnd.bind("tcp://*:3001");
  await p.backEnd.bind("tcp://*:3002");
  const running: Promise<void> = p.run();
  p.pause();
  p.resume();
  p.terminate();
  await running;
}

export async function generic(out: Writable, into: Readable, messages: MessageLike[]): Promise<Buffer> {
  for (const message of messages) await out.send(message);
  const [first] = await into.receive();
  return first;
}

export async function errors(sock: zmq.Socket & Writable): Promise<void> {
  try {
    await sock.send("x");
  } catch (err) {
    const error = err as Error & { code: string; errno: number; address?: string };
    if (error.code === "EAGAIN") console.log(`timed out: ${error.message} (${error.errno})`);
    else throw err;
  }
}

export function info(): string {
  const instance = new Dealer();
  const base: zmq.Socket = instance;
  base.close();
  return version;
}
