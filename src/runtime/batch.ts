/**
 * Reading a batch that zws_recv_batch (wasm/shim/zws_api.c) left in libzmq's
 * messages: per part a data pointer, a size and a "more" flag. Two readers,
 * one copy each: frames for this thread, or one packed buffer for a page.
 */
import { frameFrom, type Batch, type Frame } from "../frames.js";
import type { Native } from "./native.js";

/** Words per part in the batch descriptor: data, size, more. */
const PART_WORDS = 3;

/** Appends the batch's `parts` parts to inbox as messages, then releases it. */
export function readMessages(native: Native, parts: number, inbox: Frame[][]): void {
  const u8 = native.u8;
  const u32 = native.u32;
  const desc = native.wasm._zws_batch_desc() >> 2;
  let frames: Frame[] = [];
  for (let i = 0; i < parts; i++) {
    const at = desc + PART_WORDS * i;
    frames.push(frameFrom(u8, u32[at], u32[at + 1]));
    if (u32[at + 2] === 0) {
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
  const desc = native.wasm._zws_batch_desc() >> 2;
  const layout: number[] = [];
  let size = 0;
  let messageStart = 0;
  for (let i = 0; i < parts; i++) {
    const at = desc + PART_WORDS * i;
    if (i === messageStart) layout.push(0);
    layout.push(u32[at + 1]);
    size += u32[at + 1];
    if (u32[at + 2] === 0) {
      layout[layout.length - (i - messageStart) - 2] = i - messageStart + 1;
      messageStart = i + 1;
    }
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (let i = 0; i < parts; i++) {
    const at = desc + PART_WORDS * i;
    bytes.set(u8.subarray(u32[at], u32[at] + u32[at + 1]), offset);
    offset += u32[at + 1];
  }
  native.wasm._zws_batch_release();
  return { buffer: bytes.buffer, layout };
}
