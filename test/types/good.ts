// The public API used as the README shows it: must compile with tsc --noEmit.
import { Context, Dealer, Publisher, Request, Reply, Router, Subscriber, configure, curveKeyPair, ready, version, z85Decode } from "zeromq-wasm";
import type { Event, EventOfType, EventType, Frame, MessageLike, Observer, Options, ZmqError } from "zeromq-wasm";
import * as page from "zeromq-wasm/browser";
import { createGateway } from "zeromq-wasm/gateway";
import { Dish, Radio, Server } from "zeromq-wasm/draft";
import { Stream, capability } from "zeromq-wasm";
import * as inspector from "zeromq-wasm/inspector";

export async function helloClient(): Promise<string> {
  await ready;
  const socket = new Request({ linger: 0, receiveTimeout: 1000 });
  socket.connect("tcp://127.0.0.1:5555");
  await socket.send("Hello");
  const [reply]: Frame[] = await socket.receive();
  socket.close();
  return `${version}: ${reply.toString()}`;
}

export async function helloServer(): Promise<void> {
  const socket = new Reply();
  await socket.bind("tcp://*:5555");
  for await (const [request] of socket) {
    const parts: MessageLike[] = ["World", request, new Uint8Array([1, 2]), null];
    await socket.send(parts);
  }
}

export function options(): void {
  const context = new Context({ ioThreads: 1 });
  const { publicKey, secretKey } = curveKeyPair();
  const dealer = new Dealer({ routingId: "a", sendHighWaterMark: 1000, context, curveServerKey: publicKey, curvePublicKey: publicKey, curveSecretKey: secretKey });
  dealer.linger = 0;
  const hwm: number = dealer.sendHighWaterMark;
  const router = new Router({ mandatory: true });
  router.connect("tcp://127.0.0.1:5556", { routingId: "peer" });
  const sub = new Subscriber();
  sub.subscribe("weather", "sports");
  sub.connect("tcp://feeds.internal:5556", { gateway: "wss://gateway.example.com" });
  const pub = new Publisher({ noDrop: true });
  const bytes: Uint8Array = z85Decode(publicKey);
  const socketOptions: Options<number> = { linger: 0 };
  configure({ gateway: null });
  void [hwm, pub, bytes, socketOptions];
}

export function errors(error: unknown): string | undefined {
  return (error as ZmqError).code;
}

export async function inPage(): Promise<string> {
  page.configure({ gateway: "/zmq" });
  const sub = new page.Subscriber();
  sub.connect("tcp://feeds.internal:5556");
  sub.subscribe("10001 ");
  for await (const [update] of sub) return update.toString();
  return page.version();
}

export async function gateway(): Promise<void> {
  const gw = await createGateway({ allow: ["127.0.0.1:5555"], origins: ["https://app.example.com"], port: 0 });
  await gw.close();
}

export async function events(): Promise<string[]> {
  const sub = new Subscriber();
  const observer: Observer = sub.events;
  observer.on("connect:retry", (event: EventOfType<"connect:retry">) => void event.interval);
  observer.off("bind:error", (event) => void event.error.code);
  const seen: EventType[] = [];
  for await (const event of new page.Dealer().events) {
    const e: Event = event;
    if (e.type === "handshake:error:auth") return [String(e.error.status)];
    seen.push(e.type);
  }
  const next: Event = await sub.events.receive();
  sub.events.close();
  return [...seen, next.type, String(observer.closed)];
}

export async function draftsAndStream(): Promise<boolean | undefined> {
  const server = new Server({ receiveTimeout: 1000 });
  const [message, { routingId }] = await server.receive();
  await server.send(message, { routingId });
  const radio = new Radio();
  await radio.send("x", { group: "news" });
  const dish = new Dish();
  dish.join("news", new Uint8Array([110]));
  const [, { group }]: [Frame, { group: Frame }] = await dish.receive();
  const stream = new Stream({ notify: true });
  stream.connect("tcp://127.0.0.1:80", { routingId: "web" });
  await stream.send(["web", "GET / HTTP/1.0\r\n\r\n"]);
  return group.length > 0 && capability.draft;
}

/** The inspector as README's "Inspector" shows it. */
export function inspect(): () => void {
  const panel: inspector.Mounted = inspector.mount();
  const off = inspector.shortcut({ keys: "Alt+Shift+I" });
  const view = new inspector.SocketsView();
  const rows: inspector.SocketView[] = view.refresh(performance.now());
  const states: inspector.EndpointStateName[] = rows.flatMap((row) => row.endpoints.map((endpoint) => endpoint.state));
  void states;
  return () => {
    view.close();
    off();
    panel.unmount();
  };
}
