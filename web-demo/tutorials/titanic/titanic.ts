// Titanic: disconnected reliability on top of Majordomo. Titanic is a
// Majordomo worker for three services of its own and a client of the
// others: a client hands it a request (titanic.request) and gets back a
// ticket (a UUID); Titanic stores the request, passes it on to its service
// whenever that service is there, stores the reply, and hands it out when
// the client asks (titanic.reply), until the client closes the ticket
// (titanic.close). Requests and replies are kept in the page's IndexedDB,
// as the Guide keeps them on disk, so they survive Titanic restarting.
import { MajordomoClient } from "../majordomo/mdcliapi.ts";
import { MajordomoWorker, type Frame } from "../majordomo/mdwrkapi.ts";

const BROKER = "inproc://majordomo";

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
