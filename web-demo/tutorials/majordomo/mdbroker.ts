// Majordomo broker: one ROUTER for clients and workers, told apart by the
// protocol header (MDP/0.1: "MDPC01" clients, "MDPW01" workers). Workers
// register for a service by name; the broker queues each service's requests
// and hands them to its idle workers, heartbeats idle workers, and drops
// those that go silent. "mmi.service" answers whether a service has workers.
import { Router } from "zeromq-wasm/browser";
import { DISCONNECT, HEARTBEAT, MDPC, MDPW, READY, REPLY, REQUEST } from "./mdp.ts";

const HEARTBEAT_LIVENESS = 3; // 3-5 is reasonable
const HEARTBEAT_INTERVAL = 1000; // msecs (the Guide: 2500)
const HEARTBEAT_EXPIRY = HEARTBEAT_INTERVAL * HEARTBEAT_LIVENESS;

type Frame = Uint8Array;
interface Worker {
  identity: Frame;
  name: string;
  service?: Service; // set once it said READY
  expiry: number;
}
interface Service {
  name: string;
  requests: Array<Array<string | Frame>>; // [client, "", ...body], oldest first
  waiting: Worker[]; // idle workers, longest idle first
}

const socket = new Router();
await socket.bind("inproc://majordomo");
console.log("I: MDP broker is active at inproc://majordomo");

// Messages go out from the receive loop and from the heartbeat timer; a
// socket takes one send at a time (a second at once fails with EBUSY), so
// they are sent in turn.
let sending = Promise.resolve();
function send(message: Array<string | Frame>) {
  sending = sending.then(() => socket.send(message)).catch((error: Error) => console.log(`E: ${error.message}`));
}

const services = new Map<string, Service>();
const workers = new Map<string, Worker>();
const waiting: Worker[] = []; // every idle worker, for heartbeats and expiry

// Workers are known by their routing id, in hex (libzmq makes up binary ids).
const hex = (frame: Frame) => Array.from(frame, (byte) => byte.toString(16).padStart(2, "0")).join("");

function serviceNamed(name: string): Service {
  let service = services.get(name);
  if (!service) services.set(name, (service = { name, requests: [], waiting: [] }));
  return service;
}

// Hand queued requests to idle workers while there are both.
function dispatch(service: Service) {
  while (service.waiting.length > 0 && service.requests.length > 0) {
    const worker = service.waiting.shift()!;
    waiting.splice(waiting.indexOf(worker), 1);
    send([worker.identity, "", MDPW, REQUEST, ...service.requests.shift()!]);
  }
}

function workerWaiting(worker: Worker) {
  waiting.push(worker);
  worker.service!.waiting.push(worker);
  worker.expiry = Date.now() + HEARTBEAT_EXPIRY;
  dispatch(worker.service!);
}

function deleteWorker(worker: Worker, disconnect: boolean) {
  if (disconnect) send([worker.identity, "", MDPW, DISCONNECT]);
  for (const list of [waiting, worker.service?.waiting ?? []]) {
    const index = list.indexOf(worker);
    if (index >= 0) list.splice(index, 1);
  }
  workers.delete(worker.name);
}

function workerMessage(identity: Frame, command: string, body: Frame[]) {
  const name = hex(identity);
  const known = workers.get(name);
  const worker = known ?? { identity, name, expiry: 0 };
  if (command === READY) {
    const serviceName = body[0]?.toString() ?? "";
    // Saying READY twice, or offering an internal service, is a protocol error.
    if (known || serviceName.startsWith("mmi.")) return deleteWorker(worker, true);
    workers.set(name, worker);
    worker.service = serviceNamed(serviceName);
    workerWaiting(worker);
  } else if (command === REPLY && known) {
    const [client, , ...reply] = body;
    send([client, "", MDPC, worker.service!.name, ...reply]);
    workerWaiting(worker);
  } else if (command === HEARTBEAT && known) {
    worker.expiry = Date.now() + HEARTBEAT_EXPIRY;
  } else if (command === DISCONNECT) {
    deleteWorker(worker, false);
  } else {
    // Anything else from a worker we do not know: tell it to start over.
    deleteWorker(worker, true);
  }
}

function clientMessage(client: Frame, serviceFrame: Frame, body: Frame[]) {
  const serviceName = serviceFrame.toString();
  if (serviceName.startsWith("mmi.")) {
    // Internal services, answered by the broker itself.
    const code = serviceName !== "mmi.service" ? "501" : hasWorkers(body[0]?.toString()) ? "200" : "404";
    send([client, "", MDPC, serviceName, code]);
    return;
  }
  const service = serviceNamed(serviceName);
  service.requests.push([client, "", ...body]);
  dispatch(service);
}

// A service exists while some worker serves it, idle or busy.
function hasWorkers(serviceName: string | undefined): boolean {
  return [...workers.values()].some((worker) => worker.service?.name === serviceName);
}

// Heartbeat idle workers; forget those that have been silent too long.
setInterval(() => {
  for (const worker of [...waiting]) {
    if (Date.now() > worker.expiry) {
      console.log(`I: deleting expired worker: ${worker.name}`);
      deleteWorker(worker, false);
    } else {
      send([worker.identity, "", MDPW, HEARTBEAT]);
    }
  }
}, HEARTBEAT_INTERVAL);

// [sender, "", header, ...]: a client's request or a worker's command.
for await (const [sender, , header, ...message] of socket) {
  if (header?.toString() === MDPC) clientMessage(sender, message[0], message.slice(1));
  else if (header?.toString() === MDPW) workerMessage(sender, message[0].toString(), message.slice(1));
  else console.log(`E: invalid message from ${hex(sender)}`);
}
