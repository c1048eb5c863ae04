// The shim's byte ring (wasm/shim/zws_ring.c) as a unit: its self-test,
// zws_ring_test (czmq style, compiled in with -DZWS_SELFTEST), built
// natively under AddressSanitizer and UndefinedBehaviorSanitizer and run.
// It needs a C compiler (cc), not emscripten: the ring is plain C.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ring = fileURLToPath(new URL("../../wasm/shim/zws_ring.c", import.meta.url));

describe("zws_ring (native self-test)", () => {
  it("wraps at every offset, fills and empties, hands out pieces, and keeps two threads' bytes in order", (t) => {
    const dir = mkdtempSync(join(tmpdir(), "zws-ring-"));
    try {
      const main = join(dir, "main.c");
      writeFileSync(main, "void zws_ring_test (int verbose);\nint main (void)\n{\n    zws_ring_test (1);\n    return 0;\n}\n");
      const exe = join(dir, "zws_ring_selftest");
      // -fno-sanitize-recover: a UBSan finding aborts instead of printing
      // and carrying on to a zero exit status.
      execFileSync(
        "cc",
        ["-O1", "-g", "-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-DZWS_SELFTEST", "-pthread", "-Wall", "-Wextra", ring, main, "-o", exe],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      const run = spawnSync(exe, { encoding: "utf8", timeout: 60_000 });
      t.diagnostic(run.stdout.trim());
      assert.equal(run.status, 0, `the self-test failed (status ${run.status}, signal ${run.signal}):\n${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /zws_ring: OK/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
