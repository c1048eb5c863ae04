/**
 * Reading a batch that zws_recv_batch (wasm/shim/zws_api.c) left in libzmq's
 * messages: an array of zws_batch_part (data pointer, size, "more" flag;
 * layout from wasm/abi.json). Two readers, one copy each: frames for this
 * thread, or one packed buffer for a page.
 */
import { frameFrom, type Batch, type Frame } from "../frames.js";
import { ZWS_BATCH_PART as PART } from "./abi.js";
import type { Native } from "./native.js";

/** Appends the batch's `parts` parts to inbox as messages, then releases it. */
export function readMessages(native: Native, parts: number, inbox: Frame[][]): void {
  const u8 = native.u8;
  const u32 = native.u32;
  const desc = native.wasm._zws_batch_desc();
  let frames: Frame[] = [];
  for (let i = 0; i < parts; i++) {
    const at = desc + PART.sizeof * i;
    frames.push(frameFrom(u8, u32[(at + PART.data) >> 2], u32[(at + PART.size) >> 2]));
    if (u32[(at + PART.more) >> 2] === 0) {
      inbox.push(frames);
      frames = [];
    }
  }
  native.wasm._zws_batch_release();
}

/** The batch's `parts` parts packed into one transferable buffer, then
 * releases it. */
export function readPacked(native: Native, parts: number): Batch {
  const u8 = native.u8;
  const u32 = native.u32;
  const desc = native.wasm._zws_batch_desc();
  const layout: number[] = [];
  let size = 0;
  let messageStart = 0;
  for (let i = 0; i < parts; i++) {
    const at = desc + PART.sizeof * i;
    const length = u32[(at + PART.size) >> 2];
    if (i === messageStart) layout.push(0); // the frame count, set below
    layout.push(length);
    size += length;
    if (u32[(at + PART.more) >> 2] === 0) {
      layout[layout.length - (i - messageStart) - 2] = i - messageStart + 1;
      messageStart = i + 1;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (let i = 0; i < parts; i++) {
    const at = desc + PART.sizeof * i;
    const data = u32[(at + PART.data) >> 2];
    const length = u32[(at + PART.size) >> 2];
    bytes.set(u8.subarray(data, data + length), offset);
    offset += length;
  }
  native.wasm._zws_batch_release();
  return { buffer: bytes.buffer, layout };
}
