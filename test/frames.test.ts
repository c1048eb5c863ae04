/**
 * A page's received frames (TextFrame, src/frames.ts) print as UTF-8 text:
 * short ASCII frames take a path without TextDecoder, and every other frame
 * must read exactly as TextDecoder reads it.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TextFrame } from "../dist/frames.js";

const frame = (bytes: Uint8Array) => {
  const result = new TextFrame(bytes.length);
  result.set(bytes);
  return result;
};
const utf8 = (text: string) => frame(new TextEncoder().encode(text));

describe("TextFrame.toString", () => {
  it("reads short and long ASCII, and the lengths around the short path's limit", () => {
    for (const text of ["", "a", "AAPL 1234.56", "x".repeat(63), "y".repeat(64), "z".repeat(65), "w".repeat(10_000)]) {
      assert.equal(utf8(text).toString(), text);
    }
  });

  it("reads multi-byte UTF-8 in short and long frames as TextDecoder does", () => {
    for (const text of ["é", "Zürich 21 °C", "温度", "🙂", `${"a".repeat(60)}é`, `é${"b".repeat(100)}`]) {
      assert.equal(utf8(text).toString(), text);
    }
  });

  it("replaces invalid UTF-8 as TextDecoder does, short or long", () => {
    for (const bytes of [[0xff], [0x61, 0xc3], [...new Array(70).fill(0x61), 0xfe]]) {
      const expected = new TextDecoder().decode(new Uint8Array(bytes));
      assert.equal(frame(new Uint8Array(bytes)).toString(), expected);
    }
  });

  it("keeps hex and base64", () => {
    assert.equal(utf8("hi").toString("hex"), "6869");
    assert.equal(utf8("hi").toString("base64"), "aGk=");
    assert.equal(utf8("hi").toString("utf-8"), "hi");
  });
});
