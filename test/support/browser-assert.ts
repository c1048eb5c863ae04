/**
 * The part of node:assert/strict the shared tests use, for tests that run
 * in a page (page-harness.ts). Same semantics: strict equality, deep strict
 * equality, and error matching by object (each property equal, or a RegExp
 * that the property's text matches), RegExp or predicate.
 */

export class AssertionError extends Error {
  override name = "AssertionError";
}

function show(value: unknown): string {
  try {
    if (value instanceof Uint8Array) return `Uint8Array [${[...value.subarray(0, 32)].join(", ")}${value.length > 32 ? ", ..." : ""}]`;
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function fail(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message ?? fallback);
}

function deepStrict(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) {
    // Frames are Uint8Array subclasses; compare them as bytes.
    if (!(a instanceof Uint8Array && b instanceof Uint8Array)) return false;
  }
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a instanceof Set && b instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v));
  if (a instanceof Map && b instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepStrict(v, b.get(k)));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepStrict((a as never)[key], (b as never)[key]));
}

type Expected = RegExp | Record<string, unknown> | ((error: unknown) => boolean) | (new (...args: never[]) => unknown);

function check(error: unknown, expected: Expected | undefined, message?: string): void {
  if (expected === undefined) return;
  if (expected instanceof RegExp) {
    if (!expected.test(String((error as Error)?.message ?? error))) fail(message, `The error ${show(String(error))} does not match ${expected}`);
    return;
  }
  if (typeof expected === "function") {
    if (expected.prototype !== undefined && error instanceof (expected as new () => unknown)) return;
    if ((expected as (error: unknown) => boolean)(error) === true) return;
    fail(message, `The error ${show(String(error))} failed the check`);
  }
  for (const [key, want] of Object.entries(expected as Record<string, unknown>)) {
    const got = (error as Record<string, unknown>)?.[key];
    const ok = want instanceof RegExp ? typeof got === "string" && want.test(got) : deepStrict(got, want);
    if (!ok) fail(message, `error.${key} is ${show(got)}, expected ${want instanceof RegExp ? String(want) : show(want)} (message: ${show((error as Error)?.message)})`);
  }
}

export const assert = {
  ok(value: unknown, message?: string | Error): void {
    if (!value) fail(message, `Expected a truthy value, got ${show(value)}`);
  },
  equal(actual: unknown, expected: unknown, message?: string | Error): void {
    if (!Object.is(actual, expected)) fail(message, `Expected ${show(expected)}, got ${show(actual)}`);
  },
  notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
    if (Object.is(actual, expected)) fail(message, `Expected something other than ${show(expected)}`);
  },
  deepEqual(actual: unknown, expected: unknown, message?: string | Error): void {
    if (!deepStrict(actual, expected)) fail(message, `Expected ${show(expected)}, got ${show(actual)}`);
  },
  match(actual: string, pattern: RegExp, message?: string | Error): void {
    if (typeof actual !== "string" || !pattern.test(actual)) fail(message, `${show(actual)} does not match ${pattern}`);
  },
  throws(call: () => unknown, expected?: Expected, message?: string): void {
    try {
      call();
    } catch (error) {
      return check(error, expected, message);
    }
    fail(message, "Missing expected exception.");
  },
  async rejects(promise: Promise<unknown> | (() => Promise<unknown>), expected?: Expected, message?: string): Promise<void> {
    try {
      await (typeof promise === "function" ? promise() : promise);
    } catch (error) {
      return check(error, expected, message);
    }
    fail(message, "Missing expected rejection.");
  },
  fail(message?: string | Error): never {
    fail(message, "Failed");
  },
};
