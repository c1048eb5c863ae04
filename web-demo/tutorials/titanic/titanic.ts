// Titanic: disconnected reliability on top of Majordomo. Titanic is a
// Majordomo worker for three services of its own and a client of the
// others: a client hands it a request (titanic.request) and gets back a
// ticket (a UUID); Titanic stores the request, passes it on to its service
// whenever that service is there, stores the reply, and hands it out when
// the client asks (titanic.reply), until the client closes the ticket
// (titanic.close). Requests and replies are kept in the page's IndexedDB,
// as the Guide keeps them on disk, so they survive Titanic restarting.
import { Dealer, Request, type ZmqError } from "zeromq-wasm/browser";

type Frame = Uint8Array;
const BROKER = "inproc://majordomo";
const MDPC = "MDPC01";
const MDPW = "MDPW01";
const READY = "\x01";
const REQUEST = "\x02";
const REPLY = "\x03";
const HEARTBEAT = "\x04";
const DISCONNECT = "\x05";
const HEARTBEAT_LIVENESS = 3;
const HEARTBEAT_INTERVAL = 1000; // msecs (the Guide: 2500)
const RECONNECT = 1000; // msecs
const TIMEOUT = 2500; // msecs
const RETRIES = 3; // before we abandon

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- Storage: three IndexedDB object stores, keyed by UUID: "requests",
// "replies", and "queue" (requests not yet passed on to their service).
const db = await new Promise<IDBDatabase>((resolve, reject) => {
  const opening = indexedDB.open("titanic", 1);
  opening.onupgradeneeded = () => {
    for (const store of ["requests", "replies", "queue"]) opening.result.createObjectStore(store);
  };
  opening.onsuccess = () => resolve(opening.result);
  opening.onerror = () => reject(opening.error);
});

function stored<T>(store: string, action: (objects: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(store, "readwrite");
    const request = action(transaction.objectStore(store));
    // Done once the transaction is committed, as a file is once written.
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error);
  });
}
const save = (store: string, uuid: string, frames: Frame[]) => stored(store, (s) => s.put(frames.map((f) => new Uint8Array(f)), uuid));
const load = (store: string, uuid: string) => stored<Frame[] | undefined>(store, (s) => s.get(uuid));
const remove = (store: string, uuid: string) => stored(store, (s) => s.delete(uuid));
// Frames come back from IndexedDB as plain bytes, without a text toString().
const text = (frame: Frame) => new TextDecoder().decode(frame);

// ---- The Majordomo client and worker APIs, as in mdclient.ts and mdworker.ts.
class MajordomoClient {
  #socket!: Request;

  constructor(readonly broker: string) {
    this.#connect();
  }

  #connect() {
    this.#socket?.close();
    this.#socket = new Request({ sendTimeout: TIMEOUT, receiveTimeout: TIMEOUT, linger: 0 });
    this.#socket.connect(this.broker);
    console.log(`I: connecting to broker at ${this.broker}…`);
  }

  /** The service's reply, or undefined if it did not come in time. */
  async send(service: string, request: Array<string | Frame> | string): Promise<Frame[] | undefined> {
    for (let retriesLeft = RETRIES; retriesLeft > 0; retriesLeft--) {
      try {
        await this.#socket.send([MDPC, service, ...[request].flat()]);
        // ["MDPC01", service, ...body]
        const [header, replyService, ...body] = await this.#socket.receive();
        if (header.toString() !== MDPC || replyService.toString() !== service) throw new Error("unexpected reply");
        return body;
      } catch (error) {
        if ((error as ZmqError).code !== "EAGAIN") throw error;
      }
      console.log("W: no reply, reconnecting…");
      this.#connect();
    }
    console.log("W: permanent error, abandoning");
    return undefined;
  }

  close() {
    this.#socket.close();
  }
}

class MajordomoWorker {
  #socket!: Dealer;
  #liveness = 0;
  #heartbeatAt = 0;
  #replyTo: Frame | undefined; // the client whose request we hold

  constructor(
    readonly broker: string,
    readonly service: string,
  ) {}

  async #connect() {
    this.#socket?.close();
    this.#socket = new Dealer({ receiveTimeout: HEARTBEAT_INTERVAL, sendTimeout: 0, linger: 0 });
    this.#socket.connect(this.broker);
    console.log(`I: connecting to broker at ${this.broker} for "${this.service}"…`);
    await this.#send([READY, this.service]);
    this.#liveness = HEARTBEAT_LIVENESS;
    this.#heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
  }

  // ["", "MDPW01", command, ...]. Over inproc, a socket whose broker has
  // gone has nowhere to send (tcp would reconnect): the message is lost, and
  // the missing heartbeats tell.
  async #send(command: Array<string | Frame>) {
    try {
      await this.#socket.send(["", MDPW, ...command]);
    } catch (error) {
      if ((error as ZmqError).code !== "EAGAIN") throw error;
    }
  }

  /** Sends the reply to the last request (if any), then waits for the next
   * request and returns its body. */
  async receive(reply?: Array<string | Frame>): Promise<Frame[]> {
    if (!this.#socket) await this.#connect();
    if (reply && this.#replyTo) await this.#send([REPLY, this.#replyTo, "", ...reply]);
    for (;;) {
      try {
        // ["", "MDPW01", command, ...]
        const [, , command, ...body] = await this.#socket.receive();
        this.#liveness = HEARTBEAT_LIVENESS;
        if (command.toString() === REQUEST) {
          const [client, , ...request] = body;
          this.#replyTo = client;
          return request;
        }
        if (command.toString() === DISCONNECT) await this.#connect();
      } catch (error) {
        if ((error as ZmqError).code !== "EAGAIN") throw error;
        if (--this.#liveness === 0) {
          console.log("W: disconnected from broker - retrying…");
          await sleep(RECONNECT);
          await this.#connect();
        }
      }
      if (Date.now() > this.#heartbeatAt) {
        await this.#send([HEARTBEAT]);
        this.#heartbeatAt = Date.now() + HEARTBEAT_INTERVAL;
      }
    }
  }
}

// ---- The three services Titanic offers.

// titanic.request: [service, ...body] -> ["200", uuid]
let wakeDispatcher = () => {};
async function requestService() {
  const worker = new MajordomoWorker(BROKER, "titanic.request");
  let reply: Array<string | Frame> | undefined;
  for (;;) {
    const request = await worker.receive(reply);
    const uuid = crypto.randomUUID().replaceAll("-", "").toUpperCase();
    await save("requests", uuid, request);
    await stored("queue", (s) => s.put("pending", uuid));
    console.log(`I: request ${uuid} stored`);
    wakeDispatcher();
    reply = ["200", uuid];
  }
}

// titanic.reply: [uuid] -> ["200", ...reply], ["300"] (pending) or ["400"] (unknown)
async function replyService() {
  const worker = new MajordomoWorker(BROKER, "titanic.reply");
  let reply: Array<string | Frame> | undefined;
  for (;;) {
    const [uuid] = await worker.receive(reply);
    const saved = await load("replies", uuid.toString());
    if (saved) reply = ["200", ...saved];
    else reply = (await load("requests", uuid.toString())) ? ["300"] : ["400"];
  }
}

// titanic.close: [uuid] -> ["200"], forgetting the request and its reply
async function closeService() {
  const worker = new MajordomoWorker(BROKER, "titanic.close");
  let reply: string[] | undefined;
  for (;;) {
    const [uuid] = await worker.receive(reply);
    await remove("requests", uuid.toString());
    await remove("replies", uuid.toString());
    reply = ["200"];
  }
}

// ---- The dispatcher: passes each queued request on to its service, if the
// service has workers now ("mmi.service" asks the broker), and stores the
// reply. It goes through the queue when a request arrives, and every second.
const client = new MajordomoClient(BROKER);

async function passedOn(uuid: string): Promise<boolean> {
  const request = await load("requests", uuid);
  if (!request) return true; // closed meanwhile
  const [service, ...body] = request;
  const [status] = (await client.send("mmi.service", [service])) ?? [];
  if (status?.toString() !== "200") return false;
  const reply = await client.send(text(service), body);
  if (!reply) return false;
  await save("replies", uuid, reply);
  console.log(`I: request ${uuid} answered by "${text(service)}"`);
  return true;
}

async function dispatcher() {
  for (;;) {
    const queued = await stored("queue", (s) => s.getAllKeys());
    for (const uuid of queued) if (await passedOn(String(uuid))) await remove("queue", String(uuid));
    await new Promise<void>((resolve) => {
      wakeDispatcher = resolve;
      setTimeout(resolve, 1000);
    });
  }
}

await Promise.all([requestService(), replyService(), closeService(), dispatcher()]);
