/**
 * What the page and the Worker host say to each other (over comlink):
 * socket operations by id, and messages in batches: one ArrayBuffer holding
 * the frames of many messages, transferred, never copied by postMessage.
 */
import { transferHandlers } from "comlink";

/** Frames of whole messages packed into one buffer. */
export interface Batch {
  buffer: ArrayBuffer;
  /** Per message: its frame count, then each frame's length. */
  layout: number[];
}

export interface HostConfig {
  /** ws:// or wss:// base URL of the gateway (see README). */
  gateway?: string | null;
}

export interface WorkerApi {
  start(config: HostConfig): Promise<{ version: string }>;
  configure(config: HostConfig): void;
  create(id: number, type: number, options: Record<string, unknown>): void;
  // Not "bind": comlink takes a call named bind for Function.prototype.bind.
  bindTo(id: number, address: string): Promise<string | null>;
  unbindFrom(id: number, address: string): Promise<string | null>;
  connect(id: number, address: string, options: { routingId?: string | Uint8Array; gateway?: string }): void;
  disconnect(id: number, address: string): void;
  subscribe(id: number, on: boolean, prefixes: Array<string | Uint8Array>): void;
  setOption(id: number, name: string, value: unknown): void;
  getOption(id: number, name: string): unknown;
  send(id: number, batch: Batch): Promise<void>;
  /** Waits for at least one message, then returns up to maxMessages. */
  receive(id: number, maxMessages: number): Promise<Batch>;
  close(id: number): void;
  /** Runs libzmq's proxy between two sockets until proxyCommand(…, "terminate"). */
  proxyRun(proxyId: number, frontId: number, backId: number): Promise<void>;
  proxyCommand(proxyId: number, command: "pause" | "resume" | "terminate"): void;
  curveKeyPair(): { publicKey: string; secretKey: string };
  /** Network connections in the worker and inbound bytes held in JS. */
  stats(): { connections: number; backlogBytes: number };
}

/** Packs messages into one transferable buffer. */
export function pack(messages: Uint8Array[][]): Batch {
  let size = 0;
  const layout: number[] = [];
  for (const frames of messages) {
    layout.push(frames.length);
    for (const frame of frames) {
      layout.push(frame.length);
      size += frame.length;
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const frames of messages) {
    for (const frame of frames) {
      bytes.set(frame, at);
      at += frame.length;
    }
  }
  return { buffer: bytes.buffer, layout };
}

/** Splits a batch into messages of frames (views on its buffer, no copy). */
export function unpack<F>(batch: Batch, view: (buffer: ArrayBuffer, offset: number, length: number) => F): F[][] {
  const messages: F[][] = [];
  let at = 0;
  for (let i = 0; i < batch.layout.length; ) {
    const count = batch.layout[i++];
    const frames: F[] = [];
    for (let f = 0; f < count; f++) {
      const length = batch.layout[i++];
      frames.push(view(batch.buffer, at, length));
      at += length;
    }
    messages.push(frames);
  }
  return messages;
}

// Errors cross with libzmq's code, errno and address, not just a message.
const throwHandler = transferHandlers.get("throw")!;
transferHandlers.set("throw", {
  canHandle: throwHandler.canHandle,
  serialize(thrown: unknown) {
    const value = (thrown as { value: unknown }).value;
    if (value instanceof Error) {
      const { code, errno, address } = value as Error & { code?: string; errno?: number; address?: string };
      return [{ isError: true, value: { message: value.message, name: value.name, stack: value.stack, code, errno, address } }, []];
    }
    return throwHandler.serialize(thrown);
  },
  deserialize: throwHandler.deserialize,
});
