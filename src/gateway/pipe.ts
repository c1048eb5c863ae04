/**
 * One pipe: a client's WebSocket and its TCP connection to the target,
 * carrying raw bytes both ways until either side ends. Memory stays bounded
 * by backpressure in both directions and by the gateway's total buffer
 * budget (buffer-budget.ts), which also counts a client's message still
 * arriving (held inside ws until complete). A side the gateway is not
 * reading from is probed so that its leaving is noticed: a paused client
 * is pinged, a paused target gets an empty write. A pipe with no traffic is
 * closed after the idle timeout, and a text frame or an oversized message
 * closes it. When one side goes, the other is closed and the bytes carried
 * are logged.
 */
import * as net from "node:net";
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { readBytes, type BufferBudget } from "./buffer-budget.js";
import type { Emit } from "./log.js";
import type { Metrics } from "./metrics.js";

export interface PipeConfig {
  /** Close a pipe with no traffic either way for this long (ms). */
  idleTimeoutMs: number;
  /** Close a pipe whose client has begun a message and not completed it
   * within this long (ms): a message still arriving holds memory. */
  messageTimeoutMs: number;
  /** Pause a side when the other has this much queued (bytes). */
  highWaterBytes: number;
}

/** What every pipe of one gateway shares. */
export interface PipeContext {
  config: PipeConfig;
  metrics: Metrics;
  emit: Emit;
  /** All pipes' buffers together (see buffer-budget.ts). */
  budget: BufferBudget;
}

/** While a side is paused (the other is not reading), the gateway reads
 * nothing from it, so it would not see it leave. This often, a paused
 * client is pinged (a client that has gone answers with a reset) and a
 * paused target gets an empty write (which fails once the target has reset
 * the connection; an orderly close, FIN, comes after the target's last
 * bytes and is seen when the client has read up to it). */
export const leaveProbeMs = 1000;

/** After the pipe ends, a client that takes none of the bytes still queued
 * for it, or has none queued and does not answer the close, within this
 * long is cut off (ws itself would wait 30 s for its close handshake). */
export const closingStallMs = 3000;

/** Who is piped to what, as the log names them. */
export interface PipeEnds {
  client: string;
  target: string;
}

/** What a pipe tells its owner. */
export interface PipeOwner {
  /** The pipe starts; called before its "open" entry is logged. */
  opened(pipe: Pipe): void;
  /** The pipe ended (once); called before its "close" entry is logged. */
  closed(pipe: Pipe): void;
}

/** A running pipe, as its owner sees it. */
export interface Pipe {
  /** Bytes queued in it right now, both directions. */
  readonly bufferedBytes: number;
  /** Gateway shutdown: close the client (1001) and drop the target now. */
  shutdown(): void;
}

/** A connected target's error listener until startPipe() listens: shared,
 * so that it keeps nothing of the connect alive. */
function ignoreUntilPiped(): void {}

/** Connects to an address the policy chose (never a name: no second lookup).
 * Rejects with the socket's error: its code (ECONNREFUSED, ...) or the
 * message "connect timeout" after timeoutMs. */
export function connectTarget(address: string, port: number, timeoutMs: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const tcp = net.connect({ host: address, port });
    tcp.setNoDelay(true);
    const connectTimer = setTimeout(() => tcp.destroy(new Error("connect timeout")), timeoutMs);
    tcp.once("error", (error) => {
      clearTimeout(connectTimer);
      reject(error);
    });
    tcp.once("connect", () => {
      clearTimeout(connectTimer);
      tcp.removeAllListeners("error");
      tcp.on("error", ignoreUntilPiped);
      resolve(tcp);
    });
  });
}

/** Starts piping between a WebSocket that completed its handshake (and
 * the client connection under it, as ws got it from the upgrade) and a
 * connected TCP socket. */
export function startPipe(
  ws: WebSocket,
  clientSocket: Duplex,
  tcp: net.Socket,
  ends: PipeEnds,
  context: PipeContext,
  owner: PipeOwner,
): Pipe {
  const { client, target } = ends;
  const { config, metrics, emit } = context;
  /** Bytes of a client's message still arriving, which ws holds until the
   * message is complete: bytes read since ws last delivered a message, less
   * the control frames since. A read that ends one message and begins the
   * next counts short by at most that read. */
  let inMessage = 0;
  let messageDeadline: NodeJS.Timeout | undefined;
  const pipe: Pipe = {
    get bufferedBytes() {
      return ws.bufferedAmount + tcp.writableLength + inMessage;
    },
    shutdown() {
      ws.close(1001, "gateway shutting down");
      tcp.destroy();
      // A client that does not answer the close handshake is cut off.
      setTimeout(() => ws.terminate(), 1000).unref();
    },
  };
  owner.opened(pipe);
  metrics.connectionsOpen++;
  metrics.connectionsTotal++;
  let toTarget = 0;
  let toClient = 0;
  let idle: NodeJS.Timeout | undefined;
  let finished = false;
  // One timer for the pipe's life, restarted (not replaced) on traffic.
  const touch = () => {
    if (finished) return;
    if (idle) return void idle.refresh();
    idle = setTimeout(() => finish("idle timeout", 4000), config.idleTimeoutMs);
    idle.unref(); // the listener keeps the process alive, not a timer
  };
  const low = config.highWaterBytes / 4;
  const account = context.budget.open();
  let probe: NodeJS.Timeout | undefined;
  let targetProbe: NodeJS.Timeout | undefined;
  let targetPaused = false;
  const finish = (reason: string, code = 1000) => {
    if (finished) return;
    finished = true;
    clearTimeout(idle);
    clearInterval(probe);
    clearInterval(targetProbe);
    clearTimeout(messageDeadline);
    account.close();
    owner.closed(pipe);
    metrics.connectionsOpen--;
    emit({ event: "close", client, target, reason, bytesToTarget: toTarget, bytesToClient: toClient });
    if (ws.readyState === ws.OPEN) ws.close(code, reason.slice(0, 120));
    else ws.terminate();
    cutOffIfStalled();
    // Let queued bytes go out, but never wait forever for a stalled peer.
    tcp.end();
    setTimeout(() => tcp.destroy(), 2000).unref();
  };
  /** After the close: a client that neither takes what is still queued
   * for it nor answers the close within closingStallMs is cut off. */
  const cutOffIfStalled = (before = Infinity) => {
    const queued = ws.bufferedAmount;
    if (ws.readyState === ws.CLOSED) return;
    if (before !== Infinity && (queued === 0 || queued >= before)) return void ws.terminate();
    setTimeout(() => cutOffIfStalled(queued), closingStallMs).unref();
  };
  emit({ event: "open", client, target });
  touch();

  /** After every change in what the pipe holds: each side reads while the
   * other's queue has room (with hysteresis) and the pipe is within the
   * buffer budget; a side whose queue is empty always reads, so every
   * pipe makes progress. */
  const regulate = () => {
    if (finished) return;
    account.hold(pipe.bufferedBytes);
    const withinBudget = account.mayRead();
    const toClientRoom = ws.bufferedAmount < (targetPaused ? low : config.highWaterBytes);
    const readTarget = toClientRoom && (withinBudget || ws.bufferedAmount === 0);
    const toTargetRoom = !tcp.writableNeedDrain;
    // Over the budget a client still reads while its queue is empty and its
    // message in progress is at most one read (64 KiB), so that messages of
    // up to 64 KiB go on flowing; a longer one waits for room.
    const readClient = toTargetRoom && (withinBudget || (tcp.writableLength === 0 && inMessage <= readBytes));
    if (readTarget !== !targetPaused) {
      targetPaused = !readTarget;
      if (targetPaused) tcp.pause();
      else tcp.resume();
    }
    if (readClient === ws.isPaused) {
      if (readClient) ws.resume();
      else ws.pause();
    }
    if ((toClientRoom && !readTarget) || (toTargetRoom && !readClient)) account.waitForRoom(regulate);
    if (ws.isPaused && !probe) {
      probe = setInterval(() => ws.ping(), leaveProbeMs);
      probe.unref();
    } else if (!ws.isPaused && probe) {
      clearInterval(probe);
      probe = undefined;
    }
    if (targetPaused && !targetProbe) {
      targetProbe = setInterval(() => tcp.write(Buffer.alloc(0)), leaveProbeMs);
      targetProbe.unref();
    } else if (!targetPaused && targetProbe) {
      clearInterval(targetProbe);
      targetProbe = undefined;
    }
  };

  // Target -> client.
  tcp.on("data", (chunk: Buffer) => {
    if (finished) return;
    toClient += chunk.length;
    metrics.bytesToClient += chunk.length;
    touch();
    ws.send(chunk, { binary: true }, regulate);
    regulate();
  });
  // Client -> target. Counted before ws parses it (ws delivers frames
  // synchronously, within its own "data" listener).
  clientSocket.prependListener("data", (chunk: Buffer) => {
    if (inMessage === 0 && !finished) {
      messageDeadline = setTimeout(() => finish("message timeout", 1008), config.messageTimeoutMs);
      messageDeadline.unref();
    }
    inMessage += chunk.length;
    regulate();
  });
  const messageDelivered = () => {
    inMessage = 0;
    clearTimeout(messageDeadline);
  };
  // A ping or pong may come between the fragments of a message: only its
  // own bytes are taken off (a client's control frame has a 2-byte header,
  // a 4-byte mask and at most 125 bytes).
  const controlDelivered = (data: Buffer) => {
    inMessage = Math.max(0, inMessage - (6 + data.length));
    if (inMessage === 0) clearTimeout(messageDeadline);
  };
  ws.on("ping", controlDelivered);
  ws.on("pong", controlDelivered);
  ws.on("message", (data: Buffer, isBinary: boolean) => {
    messageDelivered();
    if (!isBinary) return finish("text message: the protocol is binary", 1003);
    toTarget += data.length;
    metrics.bytesToTarget += data.length;
    touch();
    tcp.write(data, regulate);
    regulate();
  });
  tcp.on("drain", regulate);
  tcp.on("close", () => finish("target closed"));
  tcp.on("error", (error: NodeJS.ErrnoException) => finish(`target error ${error.code ?? error.message}`, 1011));
  // ws itself closes the client with 1009 on a message over maxPayload; it
  // emits "error" first, so that close is logged as a client error.
  ws.on("close", (code) => finish(code === 1009 ? "message too big" : "client closed", code === 1009 ? 1009 : 1000));
  ws.on("error", (error) => finish(`client error: ${error.message}`, 1002));
  return pipe;
}
