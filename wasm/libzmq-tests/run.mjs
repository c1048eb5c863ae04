// npm run test:libzmq: builds libzmq's own tests against our wasm libzmq
// and shim (build.sh), runs each in its own Node process (run-one.mjs), two
// at a time, and reports passed / failed / not applicable. Writes the
// results to RESULTS.md next to this file; exits 1 if any test failed.
//
//   node wasm/libzmq-tests/run.mjs [NAME...]   [--no-build] [--timeout=S] [--jobs=N] [--build=nothreads]
//
// --build=nothreads: against libzmq without threads (the package's default
// build), the tests linked with Asyncify (see Makefile); results in
// RESULTS-nothreads.md.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { allTests, notApplicable, notApplicableCases } from "./tests.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../..");
const work = process.env.ZWS_WORK ?? join(root, "wasm/.build");
const src = join(work, "libzmq-4.3.4-6");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const arg = args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
};
const timeoutS = option("timeout", 60);
const jobs = option("jobs", 2);
const only = args.filter((a) => !a.startsWith("--"));
const variant = args.includes("--build=nothreads") ? "nothreads" : "threads";
const outDir = join(work, variant === "nothreads" ? "libzmq-tests-nothreads" : "libzmq-tests");
const variantEnv = { ...process.env, ZWS_TEST_VARIANT: variant };

if (!args.includes("--no-build")) {
  const built = spawnSync("bash", [join(here, "build.sh"), ...only], { stdio: "inherit", env: variantEnv });
  // A test that did not build is reported as failed below.
  if (built.status !== 0) console.error("test:libzmq: some tests did not build (see above)");
}

const na = notApplicable(variant);
const all = allTests(src);
const toRun = (only.length ? only : all).filter((name) => !na.has(name));

/** Runs one test; resolves with its outcome. */
function runOne(name) {
  if (!existsSync(join(outDir, `${name}.js`)))
    return Promise.resolve({ name, status: "failed", why: "did not build", seconds: 0, ignored: [], output: "" });
  return new Promise((resolve) => {
    const started = Date.now();
    const skip = [...notApplicableCases(name, variant)].map(([c, reason]) => `${c} not applicable: ${reason}`).join("\n");
    const child = spawn(process.execPath, [join(here, "run-one.mjs"), name, outDir], {
      cwd: root,
      env: { ...variantEnv, ZWS_TEST_SKIP: skip },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutS * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      // Unity's summary: "5 Tests 0 Failures 1 Ignored"
      const m = /(\d+) Tests (\d+) Failures (\d+) Ignored/.exec(output);
      const summary = m ? { tests: +m[1], failures: +m[2], ignored: +m[3] } : undefined;
      const ignored = [...output.matchAll(/^\S+:\d+:(\w+):IGNORE(?::\s*(.*))?$/gm)].map((x) => `${x[1]}${x[2] ? ` (${x[2]})` : ""}`);
      const failures = [...output.matchAll(/^\S+:\d+:(\w+):FAIL(?::\s*(.*))?$/gm)].map((x) => `${x[1]}: ${x[2] ?? ""}`);
      let status = code === 0 && !timedOut ? "passed" : "failed";
      let why = "";
      if (timedOut) why = `timed out after ${timeoutS} s`;
      else if (code === 77) {
        status = "skipped";
        why = "the test skipped itself (exit 77)";
      } else if (code !== 0) why = failures.length ? failures.join("; ") : `exit code ${code ?? signal}`;
      resolve({ name, status, why, seconds, summary, ignored, output });
    });
  });
}

// Timing-sensitive tests run last, alone: test_heartbeats gives a peer
// 50 ms to answer a ping, and a ping and its pong each cross the Node main
// thread (the host) on top of libzmq's I/O threads; with a second test
// busy on the other core they can miss it.
const alone = new Set(["test_heartbeats"]);

const started = Date.now();
const results = [];
let queue = toRun.filter((name) => !alone.has(name));
let next = 0;
async function worker() {
  while (next < queue.length) {
    const name = queue[next++];
    let r = await runOne(name);
    // Up to two retries: some cases are timing-sensitive (test_heartbeats
    // allows a peer 50 ms to answer a ping; test_sub_forward). A pass on
    // retry is reported as flaky, with the first failure.
    for (let attempt = 1; attempt <= 2 && r.status === "failed" && r.why !== "did not build"; attempt++) {
      const retry = await runOne(name);
      if (retry.status === "passed") r = { ...retry, flaky: `failed ${attempt === 1 ? "once" : "twice"} (${r.why}), passed on retry` };
    }
    results.push(r);
    const s = r.summary ? ` (${r.summary.tests} tests, ${r.summary.failures} failures, ${r.summary.ignored} ignored)` : "";
    const note = r.why || r.flaky;
    console.log(`${r.status.toUpperCase().padEnd(7)} ${name}${s} ${r.seconds.toFixed(1)} s${note ? ` - ${note}` : ""}`);
    if (r.status === "failed") {
      const tail = r.output.trim().split("\n").slice(-15).join("\n    ");
      console.log(`    ${tail}`);
    }
  }
}
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
queue = toRun.filter((name) => alone.has(name));
next = 0;
await worker();
results.sort((a, b) => a.name.localeCompare(b.name));
const elapsed = (Date.now() - started) / 1000;

const passed = results.filter((r) => r.status === "passed");
const failed = results.filter((r) => r.status === "failed");
const skipped = results.filter((r) => r.status === "skipped");
const naList = all.filter((name) => na.has(name));
const subtests = passed.reduce((n, r) => n + (r.summary?.tests ?? 0), 0);

console.log("");
console.log(`libzmq tests: ${passed.length} passed, ${failed.length} failed, ${naList.length + skipped.length} not applicable (${elapsed.toFixed(0)} s)`);
for (const r of failed) console.log(`  failed: ${r.name} - ${r.why}`);

// RESULTS.md: only for a full run, so a partial run does not overwrite it.
if (only.length === 0) {
  const lines = [];
  lines.push(`# libzmq's own tests on zeromq-wasm${variant === "nothreads" ? ", libzmq without threads" : ""}`, "");
  lines.push(
    "libzmq 4.3.4's test suite (`tests/`, `unittests/` of the Debian source package the wasm build uses), " +
      "compiled with emscripten against our wasm libzmq and transport shim and run under Node with the " +
      "package's TCP host (`npm run test:libzmq`; see `wasm/libzmq-tests/`). Generated by `wasm/libzmq-tests/run.mjs`.",
    "",
  );
  if (variant === "nothreads") {
    lines.push(
      "This run: against libzmq built without threads (the package's default build; " +
        "`npm run test:libzmq:nothreads`). The tests block in C, so they are linked with Asyncify: " +
        "their waits and sleeps run libzmq's turns and yield to the event loop. Tests that start threads of " +
        "their own are listed in `not-applicable-nothreads.txt`.",
      "",
    );
  }
  const naCases = results.reduce((n, r) => n + r.ignored.filter((i) => i.includes("(not applicable: ")).length, 0);
  lines.push(`**${passed.length} passed, ${failed.length} failed, ${naList.length + skipped.length} not applicable** ` +
    `(of ${all.length} tests; the passing ones ran ${subtests} unity test cases, of which ${naCases} are ` +
    "marked not applicable and reported as ignored).", "");
  lines.push("## Run", "", "| test | result | unity summary |", "|---|---|---|");
  for (const r of results) {
    const s = r.summary ? `${r.summary.tests} tests, ${r.summary.failures} failures, ${r.summary.ignored} ignored` : "";
    let note = r.status === "passed" ? "passed" : `${r.status}: ${r.why}`;
    if (r.flaky) note += ` (${r.flaky})`;
    if (r.ignored.length) note += `; ignored: ${r.ignored.join("; ")}`;
    lines.push(`| ${r.name} | ${note.replace(/\|/g, "\\|")} | ${s} |`);
  }
  lines.push("", "## Not applicable", "", "From `wasm/libzmq-tests/not-applicable.txt` (not built):", "", "| test | reason |", "|---|---|");
  for (const name of naList) lines.push(`| ${name} | ${na.get(name).replace(/\|/g, "\\|")} |`);
  lines.push("");
  writeFileSync(join(here, variant === "nothreads" ? "RESULTS-nothreads.md" : "RESULTS.md"), lines.join("\n"));
}

console.log(`${passed.length} passed, ${failed.length} failed`);
process.exit(failed.length ? 1 : 0);
