// Fuzzes libzmq's ZMTP decoder in wasm through the real path: raw Node TCP
// peers (net) talk to zeromq-wasm sockets over loopback TCP and send random,
// truncated and malformed greetings, mechanisms, READY commands and frames.
// Every input comes from a seeded PRNG (one stream per case, so parallel
// scheduling does not change what is sent): FUZZ_SEED=<n> replays a run.
//
// Each case has an expected outcome: "drop" (libzmq must close the
// connection: the raw peer sees it closed) or "accept" (the frames arrive,
// exactly). Meanwhile an inproc and a tcp REQ/REP pair keep making round
// trips, and after the fuzz every fuzzed socket still serves a real peer.
import assert from "node:assert/strict";
import * as net from "node:net";
import { after, afterEach, before, describe, it } from "node:test";
import { runtime } from "../../dist/runtime/load.js";
import { curveKeyPair, Dealer, Reply, Request, Router, type Frame } from "../../dist/index.js";
import { bindAny, eventually, Sockets, within } from "../support/util.ts";
import { fuzzSeed, prng } from "../support/prng.ts";
import { zmtpLongHeader, zmtpServerReady } from "../support/tcp.ts";

const SEED = fuzzSeed();
console.log(`zmtp fuzz: seed ${SEED} (replay with FUZZ_SEED=${SEED})`);

/** How long a connection that must be dropped may stay open: generous, not
 * a performance threshold (the handshake timeout below is 500 ms). */
const DROP_WAIT_MS = 30_000;
const PARALLEL = 32;

// --- seeded randomness ----------------------------------------------------

type Rng = ReturnType<typeof prng>;

/** The PRNG of one case: depends only on the seed, the group and the index. */
const caseRng = (group: number, index: number) => prng((SEED ^ Math.imul(group + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);

// --- ZMTP 3.x pieces ------------------------------------------------------

function greeting(mechanism: string | Buffer = "NULL", major = 3, minor = 1, asServer = 0): Buffer {
  const out = Buffer.alloc(64);
  out[0] = 0xff;
  out[9] = 0x7f;
  out[10] = major;
  out[11] = minor;
  (typeof mechanism === "string" ? Buffer.from(mechanism) : mechanism).copy(out, 12, 0, 20);
  out[32] = asServer;
  return out;
}

/** A frame: flags (MORE 1, LONG 2, COMMAND 4) and a 1- or 8-byte size. */
function frame(body: Buffer, { more = false, command = false, long = body.length > 255, extraFlags = 0 } = {}): Buffer {
  const flags = (more ? 1 : 0) | (long ? 2 : 0) | (command ? 4 : 0) | extraFlags;
  const header = long ? Buffer.alloc(9) : Buffer.alloc(2);
  header[0] = flags;
  if (long) header.writeBigUInt64BE(BigInt(body.length), 1);
  else header[1] = body.length;
  return Buffer.concat([header, body]);
}

const property = (name: string | Buffer, value: string | Buffer): Buffer => {
  const n = Buffer.from(name);
  const v = Buffer.from(value);
  const out = Buffer.alloc(1 + n.length + 4 + v.length);
  out[0] = n.length;
  n.copy(out, 1);
  out.writeUInt32BE(v.length, 1 + n.length);
  v.copy(out, 5 + n.length);
  return out;
};

const commandBody = (name: string, ...rest: Buffer[]) => Buffer.concat([Buffer.from([name.length]), Buffer.from(name), ...rest]);
const command = (name: string, ...rest: Buffer[]) => frame(commandBody(name, ...rest), { command: true });
const ready = (socketType = "DEALER", identity?: string) =>
  command("READY", property("Socket-Type", socketType), ...(identity ? [property("Identity", identity)] : []));

/** A valid NULL handshake from a DEALER peer with this routing id. */
const handshake = (identity: string, rng?: Rng) =>
  Buffer.concat([greeting("NULL", 3, rng ? rng.pick([0, 1, 1]) : 1, 0), ready(rng ? rng.pick(["DEALER", "REQ", "ROUTER"]) : "DEALER", identity)]);

/** Bytes that end any post-handshake stream on a socket with maxMessageSize
 * <= 1024: whatever state the decoder is in, a 0xFF flags byte (LONG set)
 * with an all-0xFF size follows within reach, and that size is refused. */
const POISON = Buffer.alloc(1300, 0xff);

// --- a raw TCP peer ------------------------------------------------------

interface Exchange {
  /** True once the server closed (or reset) the connection. */
  closed: Promise<void>;
  received: () => Buffer;
  socket: net.Socket;
}

/** Connects to port and writes bytes in random chunks (the decoder must
 * reassemble across reads). With `after`, those bytes follow once the
 * server's READY is in: libzmq (native too) treats a frame that arrives
 * before it has sent its own READY as a handshake command and drops the
 * connection, so a peer must not pipeline frames behind its READY. */
function rawPeer(port: number, bytes: Buffer, rng: Rng, after?: Buffer): Exchange {
  const socket = net.connect({ host: "127.0.0.1", port, noDelay: true });
  const chunks: Buffer[] = [];
  let pending = after;
  const write = (data: Buffer) => {
    let at = 0;
    while (at < data.length) {
      const n = rng.chance(0.5) ? data.length - at : rng.range(1, Math.max(1, data.length - at));
      socket.write(data.subarray(at, at + n));
      at += n;
    }
  };
  socket.on("data", (chunk) => {
    chunks.push(chunk);
    if (pending && zmtpServerReady(Buffer.concat(chunks))) {
      write(pending);
      pending = undefined;
    }
  });
  const closed = new Promise<void>((resolve) => {
    socket.on("error", () => resolve());
    socket.on("close", () => resolve());
  });
  socket.once("connect", () => write(bytes));
  return { closed, received: () => Buffer.concat(chunks), socket };
}


/** Runs tasks with at most `limit` in flight. */
async function pool(count: number, limit: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) await task(next++);
    }),
  );
}

/** Expects the server to drop the connection; says which case did not. */
async function expectDrop(port: number, bytes: Buffer, rng: Rng, what: string, after?: Buffer): Promise<void> {
  const peer = rawPeer(port, bytes, rng, after);
  try {
    const sent = Buffer.concat([bytes, after ?? Buffer.alloc(0)]);
    await within(peer.closed, DROP_WAIT_MS, `case ${what} (seed ${SEED}): connection not dropped; sent ${sent.subarray(0, 400).toString("hex")}`);
  } finally {
    peer.socket.destroy();
  }
}

// --- the sockets under test ---------------------------------------------

const sockets = new Sockets();

/** A Router that files each message under its peer's routing id. */
class Collector {
  readonly byId = new Map<string, Frame[][]>();
  private readonly waiters = new Map<string, { count: number; resolve: () => void }>();
  readonly done: Promise<void>;

  constructor(readonly router: Router) {
    this.done = (async () => {
      for await (const [id, ...frames] of router) {
        const key = id.toString();
        const list = this.byId.get(key) ?? [];
        list.push(frames);
        this.byId.set(key, list);
        const waiter = this.waiters.get(key);
        if (waiter && list.length >= waiter.count) waiter.resolve();
      }
    })();
  }

  until(id: string, count: number): Promise<void> {
    if ((this.byId.get(id)?.length ?? 0) >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.set(id, { count, resolve }));
  }
}

let plain: Collector; // NULL mechanism, the default maxMessageSize (64 MiB)
let capped: Collector; // NULL mechanism, maxMessageSize 1024
let curve: Collector; // CURVE server
let plainPort: number;
let cappedPort: number;
let curvePort: number;
const server = curveKeyPair();

// zapDomain: libzmq then refuses ZMTP 1.0/2.0 peers (no silent downgrade to
// the unversioned protocol, where random bytes can be valid). handshakeInterval:
// a truncated handshake is dropped after 500 ms rather than libzmq's 30 s.
const common = { zapDomain: "fuzz", handshakeInterval: 500, linger: 0 };

const portOf = (endpoint: string) => Number(/:(\d+)$/.exec(endpoint)![1]);

/** Round trips on an inproc and a tcp REQ/REP pair, until stopped. */
function heartbeat() {
  let stop = false;
  let trips = 0;
  let failure: Error | undefined;
  const loops = (async () => {
    const pairs: Array<[Request, Reply]> = [];
    const inprocRep = sockets.add(new Reply());
    await inprocRep.bind("inproc://fuzz-heartbeat");
    const inprocReq = sockets.add(new Request());
    inprocReq.connect("inproc://fuzz-heartbeat");
    pairs.push([inprocReq, inprocRep]);
    const tcpRep = sockets.add(new Reply());
    const tcpReq = sockets.add(new Request());
    tcpReq.connect(await bindAny(tcpRep));
    pairs.push([tcpReq, tcpRep]);
    await Promise.all(
      pairs.map(async ([req, rep]) => {
       try {
        for (let i = 0; !stop; i++) {
          await req.send(`ping ${i}`);
          const [question] = await within(rep.receive(), DROP_WAIT_MS, "heartbeat request");
          await rep.send(`pong ${question.toString().slice(5)}`);
          const [answer] = await within(req.receive(), DROP_WAIT_MS, "heartbeat reply");
          assert.equal(answer.toString(), `pong ${i}`);
          trips++;
          // inproc round trips can complete without ever leaving the
          // microtask queue: give the event loop (the fuzz's I/O) a turn.
          await new Promise((resolve) => setImmediate(resolve));
        }
       } catch (error) {
        if (!stop) failure ??= error as Error;
       }
      }),
    );
  })();
  return {
    trips: () => trips,
    failure: () => failure,
    stop: async () => {
      stop = true;
      await loops;
    },
  };
}

let beat: ReturnType<typeof heartbeat>;
const counts: Record<string, number> = {};
const count = (kind: string, n = 1) => void (counts[kind] = (counts[kind] ?? 0) + n);

before(async () => {
  const a = sockets.add(new Router(common));
  const b = sockets.add(new Router({ ...common, maxMessageSize: 1024 }));
  const c = sockets.add(new Router({ handshakeInterval: 500, linger: 0, curveServer: true, curveSecretKey: server.secretKey }));
  plainPort = portOf(await bindAny(a));
  cappedPort = portOf(await bindAny(b));
  curvePort = portOf(await bindAny(c));
  [plain, capped, curve] = [new Collector(a), new Collector(b), new Collector(c)];
  beat = heartbeat();
});

afterEach(() => console.log(`wasm memory ${(runtime().native.u8.length / 2 ** 20).toFixed(0)} MiB`));

after(async () => {
  await beat?.stop();
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  console.log(`zmtp fuzz: seed ${SEED}, ${total} cases: ${JSON.stringify(counts)}`);
  sockets.closeAll();
});

// --- case generators ------------------------------------------------------

const MECHANISMS = ["PLAIN", "CURVE", "GSSAPI", "null", "NULL\0x", " NULL", "NUL", "NULLNULL", "\0"];
const BAD_SOCKET_TYPES = ["PUSH", "PULL", "PUB", "SUB", "PAIR", "XPUB", "XSUB", "STREAM", "", "dealer", "DEALERX", "DEALER\0"];

/** One handshake that must fail, for a NULL-mechanism socket. */
function badHandshake(rng: Rng): { kind: string; bytes: Buffer } {
  const valid = handshake("x", rng);
  switch (rng.int(12)) {
    case 0:
      return { kind: "random bytes", bytes: rng.bytes(rng.range(0, 120)) };
    case 1:
      // A valid handshake cut short: libzmq waits, then times out.
      return { kind: "truncated handshake", bytes: valid.subarray(0, rng.int(valid.length)) };
    case 2: {
      // Signature broken: libzmq sees ZMTP 1.0, which ZAP refuses.
      const bytes = Buffer.from(valid);
      if (rng.chance(0.5)) bytes[0] = rng.int(255);
      else bytes[9] = rng.int(128) * 2;
      return { kind: "bad signature", bytes };
    }
    case 3: {
      const bytes = Buffer.from(valid);
      bytes[10] = rng.pick([0, 1]); // ZMTP 1.0 and 2.0 (libzmq reads 2 as 3.x)
      return { kind: "old version", bytes };
    }
    case 4: {
      // Wrong mechanism, any version from 3 up.
      const mechanism = rng.chance(0.7) ? rng.pick(MECHANISMS) : rng.bytes(20);
      return { kind: "bad mechanism", bytes: Buffer.concat([greeting(mechanism, rng.range(3, 255), rng.int(256), rng.int(256)), valid.subarray(64)]) };
    }
    case 5:
      return { kind: "bad socket type", bytes: Buffer.concat([greeting(), ready(rng.pick(BAD_SOCKET_TYPES))]) };
    case 6: {
      // Metadata whose lengths run past the command.
      const good = property("Socket-Type", "DEALER");
      // (libzmq 4.3.4 silently accepts a READY whose last property stops
      // exactly after its name or its value length: those cut points are
      // left out here, see the test "accepts a READY cut at a property
      // boundary".)
      const name = rng.pick(["Identity", "X-Fuzz", "Socket-Type"]);
      const broken = Buffer.from(property(name, rng.bytes(rng.range(1, 8))));
      const where = rng.int(3);
      if (where === 0) broken[0] = 255; // name longer than the rest
      else if (where === 1) broken.writeUInt32BE(rng.pick([0xffffffff, 0x80000000, broken.length + rng.range(1, 1000)]), 1 + broken[0]);
      let cut = rng.range(1, broken.length - 1);
      if (cut === 1 + name.length || cut === 5 + name.length) cut--;
      const tail = where === 2 ? broken.subarray(0, cut) : broken;
      return { kind: "bad metadata", bytes: Buffer.concat([greeting(), command("READY", good, tail)]) };
    }
    case 7: {
      const name = rng.pick(["READX", "ERROR", "HELLO", "INITIATE", "WELCOME", "PING", "", "READYREADY"]);
      return { kind: "wrong command", bytes: Buffer.concat([greeting(), command(name, rng.bytes(rng.range(0, 40)))]) };
    }
    case 8: {
      // READY whose name length runs past its end.
      const body = commandBody("READY", property("Socket-Type", "DEALER"));
      body[0] = rng.range(body.length, 255);
      return { kind: "bad command name length", bytes: Buffer.concat([greeting(), frame(body, { command: true })]) };
    }
    case 9:
      return { kind: "empty command", bytes: Buffer.concat([greeting(), frame(Buffer.alloc(0), { command: true, long: rng.chance(0.5) })]) };
    case 10: {
      // A command announcing 2^32 bytes or more (2^63 and up included).
      const size = rng.pick([1n << 32n, 1n << 40n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n, (BigInt(rng.int(2 ** 31)) << 32n) | BigInt(rng.int(2 ** 32))]);
      return { kind: "huge command", bytes: Buffer.concat([greeting(), zmtpLongHeader(size < 1n << 32n ? 1n << 32n : size, 6)]) };
    }
    default: {
      // A valid handshake with random bytes flipped in the parts libzmq checks.
      const bytes = Buffer.from(Buffer.concat([greeting(), ready("DEALER")]));
      const checked = [0, 10, 12, 13, 14, 15, 16, 64, 65, 66, 67, 68, 69, 70, 71, 72];
      for (let n = rng.range(1, 3); n > 0; n--) bytes[rng.pick(checked)] ^= rng.range(1, 255);
      // Some flips keep it valid (version 3 -> 4+ is still ZMTP 3.x): the READY
      // is cut after its size byte and followed by 0xFF bytes, which no
      // READY starts with, so every variant must fail.
      return { kind: "mutated handshake", bytes: Buffer.concat([bytes.subarray(0, 66), POISON.subarray(0, 64)]) };
    }
  }
}

/** A run of valid frames (with reserved flag bits, long encoding of small
 * sizes, zero-length frames, PINGs and unknown commands mixed in), and the
 * messages they make. */
function validFrames(rng: Rng, frames: number, maxSize: number): { bytes: Buffer; messages: Buffer[][]; pings: number } {
  const out: Buffer[] = [];
  const messages: Buffer[][] = [];
  let current: Buffer[] = [];
  let pings = 0;
  for (let i = 0; i < frames; i++) {
    if (current.length === 0 && rng.chance(0.05)) {
      // Commands between messages. libzmq 4.3.4 answers PING with PONG
      // (even a PING too short to hold its TTL) and, after the handshake,
      // ignores commands it does not know and malformed ones (an empty
      // command, a name length past the end): the connection stays up.
      switch (rng.int(5)) {
        case 0:
          out.push(command("PING", Buffer.alloc(2), rng.bytes(rng.range(0, 16))));
          pings++;
          break;
        case 1:
          out.push(frame(Buffer.from("\x04PING", "latin1"), { command: true }));
          pings++;
          break;
        case 2:
          out.push(frame(Buffer.alloc(0), { command: true, long: rng.chance(0.5) }));
          break;
        case 3: {
          const body = commandBody(rng.pick(["PING", "NOOP"]), rng.bytes(rng.range(0, 4)));
          body[0] = rng.range(body.length, 255);
          out.push(frame(body, { command: true }));
          break;
        }
        default:
          out.push(command(rng.pick(["NOOP", "X-FUZZ", "SUBSCRIBEX"]), rng.bytes(rng.range(0, 30))));
      }
    }
    const size = rng.chance(0.2) ? 0 : rng.chance(0.9) ? rng.range(1, 64) : rng.range(65, maxSize);
    const body = rng.bytes(size);
    const more = i < frames - 1 && rng.chance(0.3);
    out.push(frame(body, { more, long: size > 255 || rng.chance(0.2), extraFlags: rng.chance(0.2) ? rng.int(32) << 3 : 0 }));
    current.push(body);
    if (!more) {
      messages.push(current);
      current = [];
    }
  }
  return { bytes: Buffer.concat(out), messages, pings };
}

/** After a valid handshake: frames that must end the connection. */
function fatalTail(rng: Rng, capped: boolean): { kind: string; bytes: Buffer } {
  switch (rng.int(capped ? 3 : 1)) {
    case 0: {
      const size = rng.pick([1n << 32n, (1n << 32n) + 1n, 1n << 40n, (1n << 63n) - 1n, 1n << 63n, (1n << 64n) - 1n]);
      return { kind: "frame of 2^32 bytes or more", bytes: zmtpLongHeader(size, rng.pick([2, 3]) | (rng.int(32) << 3)) };
    }
    case 1:
      return { kind: "frame over maxMessageSize", bytes: zmtpLongHeader(BigInt(rng.range(1025, 2 ** 31)), rng.pick([2, 3])) };
    default:
      return { kind: "mid-stream garbage", bytes: Buffer.concat([rng.bytes(rng.range(1, 400)), POISON]) };
  }
}

function sameMessages(got: Frame[][] | undefined, want: Buffer[][], what: string, prefixOnly = false): void {
  assert.ok(got, `${what}: nothing received`);
  if (prefixOnly) assert.ok(got.length >= want.length, `${what}: message count`);
  else assert.equal(got.length, want.length, `${what}: message count`);
  for (let i = 0; i < want.length; i++) {
    assert.deepEqual(got[i].map((f) => Buffer.from(f).toString("hex")), want[i].map((f) => f.toString("hex")), `${what}: message ${i}`);
  }
}

// --- the tests --------------------------------------------------------------

describe(`ZMTP fuzz (seed ${SEED})`, { timeout: 120_000 }, () => {
  it("drops every malformed handshake (greeting, version, mechanism, READY)", async () => {
    const cases = 3000;
    await pool(cases, PARALLEL, async (i) => {
      const rng = caseRng(1, i);
      const { kind, bytes } = badHandshake(rng);
      const port = rng.chance(0.5) ? plainPort : cappedPort;
      await expectDrop(port, bytes, rng, `handshake #${i} ${kind}`);
      count(`handshake: ${kind}`);
    });
  });

  it("drops bad CURVE handshakes on a CURVE server", async () => {
    const cases = 500;
    await pool(cases, PARALLEL, async (i) => {
      const rng = caseRng(2, i);
      let bytes: Buffer;
      let kind: string;
      switch (rng.int(4)) {
        case 0:
          [kind, bytes] = ["NULL to CURVE", handshake("x", rng)];
          break;
        case 1:
          [kind, bytes] = ["random HELLO", Buffer.concat([greeting("CURVE"), command("HELLO", rng.bytes(rng.pick([0, 10, 194, 200, rng.range(0, 255)])))])];
          break;
        case 2: {
          // A HELLO of the right size with a bad version or bad box.
          const body = Buffer.concat([Buffer.from([rng.int(3), rng.int(3)]), Buffer.alloc(72), rng.bytes(32), rng.bytes(8), rng.bytes(80)]);
          [kind, bytes] = ["HELLO with a bad box", Buffer.concat([greeting("CURVE"), command("HELLO", body)])];
          break;
        }
        default:
          [kind, bytes] = ["truncated CURVE greeting", greeting("CURVE").subarray(0, rng.int(64))];
      }
      await expectDrop(curvePort, bytes, rng, `curve #${i} ${kind}`);
      count(`curve: ${kind}`);
    });
  });

  it("delivers valid frames exactly: zero-length, long-encoded small, reserved flag bits, PINGs", async () => {
    const connections = 48;
    const framesEach = 130;
    await pool(connections, PARALLEL / 2, async (i) => {
      const rng = caseRng(3, i);
      const id = `valid-${i}`;
      const target = i % 2 ? plain : capped;
      const { bytes, messages, pings } = validFrames(rng, framesEach, i % 2 ? 4096 : 1024);
      const peer = rawPeer(i % 2 ? plainPort : cappedPort, handshake(id, rng), rng, bytes);
      try {
        await within(target.until(id, messages.length), DROP_WAIT_MS, `valid #${i} (seed ${SEED}): messages`);
        sameMessages(target.byId.get(id), messages, `valid #${i} (seed ${SEED})`);
        // libzmq answers every PING with a PONG.
        const pongs = () => peer.received().toString("latin1").split("\x04PONG").length - 1;
        await eventually(`valid #${i}: ${pongs()} PONGs for ${pings} PINGs`, () => pongs() >= pings, DROP_WAIT_MS);
      } finally {
        peer.socket.destroy();
      }
      count("valid frame", framesEach);
    });
  });

  it("drops a connection at a fatal frame after valid traffic, keeping what came before", async () => {
    const cases = 1500;
    await pool(cases, PARALLEL, async (i) => {
      const rng = caseRng(4, i);
      const isCapped = rng.chance(0.6);
      const id = `fatal-${i}`;
      const { bytes, messages } = validFrames(rng, rng.range(1, 6), isCapped ? 1024 : 2048);
      const tail = fatalTail(rng, isCapped);
      await expectDrop(isCapped ? cappedPort : plainPort, handshake(id, rng), rng, `fatal #${i} ${tail.kind}`, Buffer.concat([bytes, tail.bytes]));
      const target = isCapped ? capped : plain;
      // Complete messages before the fatal frame were delivered.
      await within(target.until(id, messages.length), DROP_WAIT_MS, `fatal #${i}: messages before the fatal frame`);
      // (Garbage may itself decode into more messages before the poison.)
      sameMessages(target.byId.get(id), messages, `fatal #${i} (seed ${SEED})`, tail.kind === "mid-stream garbage");
      target.byId.delete(id);
      count(`fatal: ${tail.kind}`);
    });
  });

  it("accepts a READY cut at a property boundary (libzmq 4.3.4 leniency, native too)", async () => {
    // parse_metadata stops without error when a property ends right after
    // its name or its value length: the property is ignored, nothing breaks.
    const rng = caseRng(7, 0);
    for (const [n, cut] of [[0, "name"], [1, "length"]] as const) {
      const id = `cut-${n}`;
      const last = property("X-Fuzz", "value");
      const bytes = Buffer.concat([greeting(), command("READY", property("Socket-Type", "DEALER"), property("Identity", id), last.subarray(0, cut === "name" ? 7 : 11))]);
      const peer = rawPeer(plainPort, bytes, rng, frame(Buffer.from("through")));
      await within(plain.until(id, 1), DROP_WAIT_MS, `READY cut after the ${cut}`);
      peer.socket.destroy();
      count("READY cut at a boundary");
    }
  });

  it("refuses frames over maxMessageSize but takes the same frame without the cap", async () => {
    // 2000 bytes: over the 1024 cap; a size libzmq allocates happily otherwise.
    const body = Buffer.alloc(2000, 7);
    const rng = caseRng(5, 0);
    await expectDrop(cappedPort, handshake("cap-1", rng), rng, "over maxMessageSize", frame(body));
    assert.equal(capped.byId.get("cap-1"), undefined);
    const peer = rawPeer(plainPort, handshake("cap-2", rng), rng, frame(body));
    await within(plain.until("cap-2", 1), DROP_WAIT_MS, "uncapped frame");
    peer.socket.destroy();
    count("maxMessageSize", 2);
  });

  it("drops peers that announce frames past the default cap, so they cannot take the 2 GiB of wasm memory", async () => {
    // Without the cap libzmq allocated each announced 505 MiB at once; four
    // such peers, sending nothing more, starved every later connection.
    const rng = caseRng(8, 0);
    const huge = zmtpLongHeader(505n * 1024n * 1024n);
    await Promise.all(
      [0, 1, 2, 3].map((i) => expectDrop(plainPort, handshake(`huge-${i}`, rng), rng, "505 MiB announced", huge)),
    );
    // A peer sending 100 KB messages still gets through, again and again.
    const body = Buffer.alloc(100_000, 9);
    const peer = rawPeer(plainPort, handshake("after-huge", rng), rng, Buffer.concat([frame(body), frame(body), frame(body)]));
    await within(plain.until("after-huge", 3), DROP_WAIT_MS, "frames after the huge announcements");
    peer.socket.destroy();
    count("huge announcements", 4);
  });

  it("drops bad greetings and READYs from a server a zeromq-wasm socket connects to", async () => {
    // libzmq ends a connecting session on a protocol error (no reconnect), so
    // each case gets a fresh Dealer; four lanes, each with its own server.
    const cases = 240;
    const lanes = 4;
    await Promise.all(
      Array.from({ length: lanes }, async (_, lane) => {
        let onConnection: ((socket: net.Socket) => void) | undefined;
        const srv = net.createServer((socket) => {
          socket.on("error", () => {});
          if (onConnection) onConnection(socket);
          else socket.destroy(); // a reconnect after a timeout: not a case
        });
        await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
        const port = (srv.address() as net.AddressInfo).port;
        try {
          for (let i = lane; i < cases; i += lanes) {
            const rng = caseRng(6, i);
            const { kind, bytes } = rng.chance(0.15)
              ? { kind: "READY from a PUB", bytes: Buffer.concat([greeting(), ready("PUB")]) }
              : badHandshake(rng);
            const arrived = new Promise<net.Socket>((resolve) => (onConnection = resolve));
            const dealer = sockets.add(new Dealer({ ...common, reconnectInterval: 50 }));
            dealer.connect(`tcp://127.0.0.1:${port}`);
            const socket = await within(arrived, DROP_WAIT_MS, `connect #${i}`);
            onConnection = undefined;
            socket.resume(); // read (and discard) what the Dealer sends, or "close" never comes
            const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
            socket.write(bytes);
            await within(closed, DROP_WAIT_MS, `connect #${i} ${kind} (seed ${SEED}): connection not dropped; sent ${bytes.toString("hex")}`);
            dealer.close();
            count(`connect side: ${kind}`);
          }
        } finally {
          onConnection = undefined;
          await new Promise<void>((resolve) => srv.close(() => resolve()));
        }
      }),
    );
  });

  it("keeps everything working: the context, the pairs and every fuzzed socket", async () => {
    assert.equal(beat.failure(), undefined, "the REQ/REP pairs kept working");
    assert.ok(beat.trips() > 0, "the REQ/REP pairs made round trips during the fuzz");
    const before = beat.trips();
    await beat.stop();
    assert.ok(beat.trips() >= before);
    // Each fuzzed Router still serves a real zeromq-wasm Dealer.
    const client = curveKeyPair();
    const curveClient = { curveServerKey: server.publicKey, curvePublicKey: client.publicKey, curveSecretKey: client.secretKey };
    for (const [collector, port, options] of [
      [plain, plainPort, {}],
      [capped, cappedPort, {}],
      [curve, curvePort, curveClient],
    ] as const) {
      const dealer = sockets.add(new Dealer({ routingId: "after", linger: 0, ...options }));
      dealer.connect(`tcp://127.0.0.1:${port}`);
      await dealer.send("still alive");
      await within(collector.until("after", 1), DROP_WAIT_MS, `fuzzed socket on port ${port} still receives`);
      await collector.router.send(["after", "yes"]);
      const [answer] = await within(dealer.receive(), DROP_WAIT_MS, "fuzzed socket still sends");
      assert.equal(answer.toString(), "yes");
    }
    // And new sockets still work on the same context after all of it.
    const rep = sockets.add(new Reply());
    const req = sockets.add(new Request());
    req.connect(await bindAny(rep));
    await req.send("hello");
    await rep.receive();
    await rep.send("world");
    assert.equal((await within(req.receive(), DROP_WAIT_MS, "fresh pair"))[0].toString(), "world");
  });
});
