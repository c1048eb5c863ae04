// The libzmq tests to build and run, and the ones that cannot apply
// (not-applicable.txt). Shared by build.sh (through list.mjs) and run.mjs.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const here = new URL(".", import.meta.url).pathname;

/** variant: "threads" (default) or "nothreads", which also reads
 * not-applicable-nothreads.txt (tests that need threads). */
function entries(variant = "threads") {
  const list = [];
  const files = ["not-applicable.txt", ...(variant === "nothreads" ? ["not-applicable-nothreads.txt"] : [])];
  for (const file of files) {
    for (const line of readFileSync(join(here, file), "utf8").split("\n")) {
      const m = /^(\w+)(?:\/(\w+))?:\s*(.+)$/.exec(line.trim());
      if (m) list.push({ test: m[1], testCase: m[2], reason: m[3] });
    }
  }
  return list;
}

/** Whole tests that cannot apply: name -> reason, from not-applicable.txt. */
export function notApplicable(variant) {
  return new Map(entries(variant).filter((e) => !e.testCase).map((e) => [e.test, e.reason]));
}

/** Single unity cases that cannot apply ("test/case: reason" lines):
 * case name -> reason, for one test. */
export function notApplicableCases(test, variant) {
  return new Map(entries(variant).filter((e) => e.test === test && e.testCase).map((e) => [e.testCase, e.reason]));
}

/** Every test and unit test in the libzmq source tree, sorted. */
export function allTests(src) {
  const names = (dir, re) =>
    readdirSync(join(src, dir))
      .filter((f) => re.test(f))
      .map((f) => f.replace(/\.cpp$/, ""));
  return [...names("tests", /^test_\w+\.cpp$/), ...names("unittests", /^unittest_\w+\.cpp$/)].sort();
}

/** The tests that apply: all but the not-applicable ones. */
export function applicableTests(src, variant) {
  const na = notApplicable(variant);
  return allTests(src).filter((name) => !na.has(name));
}
