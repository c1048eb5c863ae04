/**
 * Message frames in and out. Received frames are Buffers in Node (so
 * `frame.toString()` reads as text, as in zeromq.js) and Uint8Arrays with a
 * text-decoding toString elsewhere.
 */

/** Anything send() accepts as one frame, as zeromq.js types it; other
 * values (booleans, objects) are sent as their text, as zeromq.js does. */
export type MessageLike = ArrayBufferView | ArrayBuffer | SharedArrayBuffer | string | number | null;

/** A received frame outside Node: bytes that print as UTF-8 text with
 * toString(). */
export interface BytesFrame extends Uint8Array {
  toString(encoding?: "utf8" | "utf-8" | "hex" | "base64"): string;
}

/**
 * A received frame. In Node it is a Buffer, and where the program is
 * compiled with Node's types it is typed as one (zeromq.js's `Message`), so
 * a zeromq.js program's Buffer uses compile; elsewhere it is a BytesFrame.
 */
export type Frame = typeof globalThis extends { Buffer: { alloc(size: number): infer B } } ? B : BytesFrame;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Up to this many bytes, ASCII is read without TextDecoder: in Chromium a
 * decode() call costs ~500 ns however short the text, 2-7x reading the
 * bytes (a dashboard decoding short frames spent 40% of its page's busy
 * time in decode()). */
const SHORT_TEXT = 64;

function decodeText(bytes: Uint8Array): string {
  if (bytes.length > SHORT_TEXT) return decoder.decode(bytes);
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return decoder.decode(bytes);
  return String.fromCharCode.apply(null, bytes as unknown as number[]);
}

/** A frame outside Node: a Uint8Array whose toString() decodes it. */
export class TextFrame extends Uint8Array implements BytesFrame {
  override toString(encoding: "utf8" | "utf-8" | "hex" | "base64" = "utf8"): string {
    if (encoding === "hex") return Array.from(this, (b) => b.toString(16).padStart(2, "0")).join("");
    if (encoding === "base64") {
      // In slices: spreading a large frame into one call overflows the stack.
      let binary = "";
      for (let i = 0; i < this.length; i += 0x8000) binary += String.fromCharCode(...this.subarray(i, i + 0x8000));
      return btoa(binary);
    }
    return decodeText(this);
  }
}

type NodeBuffer = { allocUnsafe(size: number): Uint8Array };
const NodeBufferClass: NodeBuffer | undefined = (globalThis as { Buffer?: NodeBuffer }).Buffer;

/** A new frame of size bytes, filled from source at offset. */
export function frameFrom(source: Uint8Array, offset: number, size: number): Frame {
  const frame = NodeBufferClass ? NodeBufferClass.allocUnsafe(size) : new TextFrame(size);
  frame.set(source.subarray(offset, offset + size));
  return frame as Frame;
}

/** The bytes of one frame to send. As in zeromq.js, what is not bytes or
 * null is sent as its text: 42 as "42", true as "true". */
export function toBytes(message: unknown): Uint8Array {
  if (typeof message === "string") return encoder.encode(message);
  if (message === null) return new Uint8Array(0);
  if (message instanceof Uint8Array) return message;
  if (ArrayBuffer.isView(message)) return new Uint8Array(message.buffer, message.byteOffset, message.byteLength);
  if (message instanceof ArrayBuffer) return new Uint8Array(message);
  if (typeof SharedArrayBuffer !== "undefined" && message instanceof SharedArrayBuffer) return new Uint8Array(message);
  // ToString, as zeromq.js: a Symbol throws its TypeError.
  return encoder.encode(`${message as string}`);
}

/** Frames of whole messages packed into one buffer: how messages cross
 * between a page and its Worker (transferred, never copied by postMessage). */
export interface Batch {
  buffer: ArrayBuffer;
  /** Per message: its frame count, then each frame's length. */
  layout: number[];
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
