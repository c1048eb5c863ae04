/**
 * CURVE keys and Z85 text (libzmq's own zmq_curve_keypair / zmq_z85_*):
 * keys are 32 bytes, written as 40 Z85 characters.
 */
import { makeError } from "./errors.js";
import { runtime } from "./runtime/load.js";

export interface CurveKeyPair {
  /** 40-character Z85 text. */
  publicKey: string;
  secretKey: string;
}

/** A new CURVE key pair from the host's CSPRNG. */
export function curveKeyPair(): CurveKeyPair {
  const { native } = runtime();
  const ptr = native.ensureScratch(82);
  if (native.wasm._zmq_curve_keypair(ptr, ptr + 41) !== 0) throw native.lastErrorFor({ operation: "curveKeyPair" });
  return { publicKey: native.wasm.UTF8ToString(ptr), secretKey: native.wasm.UTF8ToString(ptr + 41) };
}

/** The public key that goes with a secret key (Z85 in, Z85 out). */
export function curvePublicKey(secretKey: string): string {
  const { native } = runtime();
  const ptr = native.ensureScratch(82);
  native.wasm.stringToUTF8(secretKey, ptr + 41, 41);
  if (secretKey.length !== 40 || native.wasm._zmq_curve_public(ptr, ptr + 41) !== 0) {
    throw makeError("A CURVE secret key must be 40 Z85 characters", "EINVAL");
  }
  return native.wasm.UTF8ToString(ptr);
}

/** Z85-encodes data; its length must be a multiple of 4. */
export function z85Encode(data: Uint8Array): string {
  if (!(data instanceof Uint8Array) || data.length % 4 !== 0) {
    throw makeError("Z85 encodes a Uint8Array whose length is a multiple of 4", "EINVAL");
  }
  const { native } = runtime();
  const textSize = (data.length / 4) * 5 + 1;
  const ptr = native.ensureScratch(data.length + textSize);
  native.u8.set(data, ptr);
  if (!native.wasm._zmq_z85_encode(ptr + data.length, ptr, data.length)) {
    throw makeError("Z85 encoding failed", "EINVAL");
  }
  return native.wasm.UTF8ToString(ptr + data.length);
}

/** Decodes Z85 text; its length must be a multiple of 5. */
export function z85Decode(text: string): Uint8Array {
  if (typeof text !== "string" || text.length % 5 !== 0) {
    throw makeError("Z85 text must be a string whose length is a multiple of 5", "EINVAL");
  }
  const { native } = runtime();
  const size = (text.length / 5) * 4;
  const ptr = native.ensureScratch(text.length + 1 + size);
  native.wasm.stringToUTF8(text, ptr, text.length + 1);
  if (!native.wasm._zmq_z85_decode(ptr + text.length + 1, ptr)) {
    throw makeError("Invalid Z85 text", "EINVAL");
  }
  return native.u8.slice(ptr + text.length + 1, ptr + text.length + 1 + size);
}
