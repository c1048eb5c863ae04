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
import { readBytes, type BudgetAccount, type BufferBudget } from "./buffer-budget.js";
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
  /** Who keeps the running pipes. */
  owner: PipeOwner;
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

/** Who is piped to what, as the log names them, and the client's hold on
 * the connection limits. */
export interface PipeEnds {
  client: string;
  target: string;
  /** Gives the client's connection slot back: once, when the pipe ends. */
  release(): void;
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
): Pipe {
  return new RunningPipe(ws, clientSocket, tcp, ends, context);
}

/** A pipe's state in one object and its steps as methods: thousands are
 * held at once, and a closure per step (with the scope they share) took
 * about 1 KB per pipe more. Only what an event calls back is a function
 * of its own. */
class RunningPipe implements Pipe {
  /** Bytes of a client's message still arriving, which ws holds until the
   * message is complete: bytes read since ws last delivered a message, less
   * the control frames since. A read that ends one message and begins the
   * next counts short by at most that read. */
  private inMessage = 0;
  private messageDeadline: NodeJS.Timeout | undefined;
  private toTarget = 0;
  private toClient = 0;
  /** One timer for the pipe's life, restarted (not replaced) on traffic. */
  private idle: NodeJS.Timeout | undefined;
  private finished = false;
  private readonly account: BudgetAccount;
  private probe: NodeJS.Timeout | undefined;
  private targetProbe: NodeJS.Timeout | undefined;
  private targetPaused = false;

  constructor(
    private readonly ws: WebSocket,
    clientSocket: Duplex,
    private readonly tcp: net.Socket,
    private readonly ends: PipeEnds,
    private readonly context: PipeContext,
  ) {
    const { metrics, emit } = context;
    context.owner.opened(this);
    metrics.connectionsOpen++;
    metrics.connectionsTotal++;
    this.account = context.budget.open();
    emit({ event: "open", client: ends.client, target: ends.target });
    this.touch();

    // Target -> client.
    tcp.on("data", (chunk: Buffer) => {
      if (this.finished) return;
      this.toClient += chunk.length;
      metrics.bytesToClient += chunk.length;
      this.touch();
      ws.send(chunk, { binary: true }, this.regulate);
      this.regulate();
    });
    // Client -> target. Counted before ws parses it (ws delivers frames
    // synchronously, within its own "data" listener).
    clientSocket.prependListener("data", (chunk: Buffer) => {
      if (this.inMessage === 0 && !this.finished) {
        this.messageDeadline = setTimeout(() => this.finish("message timeout", 1008), context.config.messageTimeoutMs);
        this.messageDeadline.unref();
      }
      this.inMessage += chunk.length;
      this.regulate();
    });
    // A ping or pong may come between the fragments of a message: only its
    // own bytes are taken off (a client's control frame has a 2-byte header,
    // a 4-byte mask and at most 125 bytes).
    const controlDelivered = (data: Buffer) => {
      this.inMessage = Math.max(0, this.inMessage - (6 + data.length));
      if (this.inMessage === 0) clearTimeout(this.messageDeadline);
    };
    ws.on("ping", controlDelivered);
    ws.on("pong", controlDelivered);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      this.inMessage = 0;
      clearTimeout(this.messageDeadline);
      if (!isBinary) return this.finish("text message: the protocol is binary", 1003);
      this.toTarget += data.length;
      metrics.bytesToTarget += data.length;
      this.touch();
      tcp.write(data, this.regulate);
      this.regulate();
    });
    tcp.on("drain", this.regulate);
    tcp.on("close", () => this.finish("target closed"));
    tcp.on("error", (error: NodeJS.ErrnoException) => this.finish(`target error ${error.code ?? error.message}`, 1011));
    // ws itself closes the client with 1009 on a message over maxPayload; it
    // emits "error" first, so that close is logged as a client error.
    ws.on("close", (code) => (code === 1009 ? this.finish("message too big", 1009) : this.finish("client closed")));
    ws.on("error", (error) => this.finish(`client error: ${error.message}`, 1002));
  }

  get bufferedBytes(): number {
    return this.ws.bufferedAmount + this.tcp.writableLength + this.inMessage;
  }

  shutdown(): void {
    const ws = this.ws;
    ws.close(1001, "gateway shutting down");
    this.tcp.destroy();
    // A client that does not answer the close handshake is cut off.
    setTimeout(() => ws.terminate(), 1000).unref();
  }

  private touch(): void {
    if (this.finished) return;
    if (this.idle) return void this.idle.refresh();
    this.idle = setTimeout(() => this.finish("idle timeout", 4000), this.context.config.idleTimeoutMs);
    this.idle.unref(); // the listener keeps the process alive, not a timer
  }

  private finish(reason: string, code = 1000): void {
    if (this.finished) return;
    this.finished = true;
    const { ws, tcp } = this;
    clearTimeout(this.idle);
    clearInterval(this.probe);
    clearInterval(this.targetProbe);
    clearTimeout(this.messageDeadline);
    this.account.close();
    this.context.owner.closed(this);
    this.ends.release();
    this.context.metrics.connectionsOpen--;
    this.context.emit({ event: "close", client: this.ends.client, target: this.ends.target, reason, bytesToTarget: this.toTarget, bytesToClient: this.toClient });
    if (ws.readyState === ws.OPEN) ws.close(code, reason.slice(0, 120));
    else ws.terminate();
    cutOffIfStalled(ws);
    // Let queued bytes go out, but never wait forever for a stalled peer.
    tcp.end();
    setTimeout(() => tcp.destroy(), 2000).unref();
  }

  /** After every change in what the pipe holds: each side reads while the
   * other's queue has room (with hysteresis) and the pipe is within the
   * buffer budget; a side whose queue is empty always reads, so every
   * pipe makes progress. A function of its own: it is every callback's. */
  private readonly regulate = (): void => {
    if (this.finished) return;
    const { ws, tcp, account } = this;
    const { highWaterBytes } = this.context.config;
    account.hold(this.bufferedBytes);
    const withinBudget = account.mayRead();
    const toClientRoom = ws.bufferedAmount < (this.targetPaused ? highWaterBytes / 4 : highWaterBytes);
    const readTarget = toClientRoom && (withinBudget || ws.bufferedAmount === 0);
    const toTargetRoom = !tcp.writableNeedDrain;
    // Over the budget a client still reads while its queue is empty and its
    // message in progress is at most one read (64 KiB), so that messages of
    // up to 64 KiB go on flowing; a longer one waits for room.
    const readClient = toTargetRoom && (withinBudget || (tcp.writableLength === 0 && this.inMessage <= readBytes));
    if (readTarget !== !this.targetPaused) {
      this.targetPaused = !readTarget;
      if (this.targetPaused) tcp.pause();
      else tcp.resume();
    }
    if (readClient === ws.isPaused) {
      if (readClient) ws.resume();
      else ws.pause();
    }
    if ((toClientRoom && !readTarget) || (toTargetRoom && !readClient)) account.waitForRoom(this.regulate);
    if (ws.isPaused && !this.probe) {
      this.probe = setInterval(() => ws.ping(), leaveProbeMs);
      this.probe.unref();
    } else if (!ws.isPaused && this.probe) {
      clearInterval(this.probe);
      this.probe = undefined;
    }
    if (this.targetPaused && !this.targetProbe) {
      this.targetProbe = setInterval(() => tcp.write(Buffer.alloc(0)), leaveProbeMs);
      this.targetProbe.unref();
    } else if (!this.targetPaused && this.targetProbe) {
      clearInterval(this.targetProbe);
      this.targetProbe = undefined;
    }
  };
}

/** After a pipe's close: a client that neither takes what is still queued
 * for it nor answers the close within closingStallMs is cut off. */
function cutOffIfStalled(ws: WebSocket, before = Infinity): void {
  const queued = ws.bufferedAmount;
  if (ws.readyState === ws.CLOSED) return;
  if (before !== Infinity && (queued === 0 || queued >= before)) return void ws.terminate();
  setTimeout(() => cutOffIfStalled(ws, queued), closingStallMs).unref();
}
