// Binary Star's failover, as the reader triggers it in the page: stop the
// primary while the client runs. The client must move to the backup, the
// backup must take over, and every request must still be answered; the
// primary, started again, must see the active backup and stay passive.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import tutorial from "../../web-demo/tutorials/binary-star/about.ts";
import { runInproc } from "./inproc-run.ts";

describe("Binary Star tutorial", () => {
  it("the client fails over to the backup when the primary is stopped, and the restarted primary goes passive", async () => {
    const { run, lines, waitFor, outcome } = runInproc(tutorial);
    await waitFor("bstarcli.ts: I: server replied OK (3)");
    run.kill("bstarsrv.ts #1");
    const killedAt = lines.length;

    await waitFor("bstarsrv.ts #2: I: failover successful, ready active");
    run.restart("bstarsrv.ts #1");
    await waitFor("bstarsrv.ts #1: I: connected to backup (active), ready passive");

    assert.equal(await outcome(), "done", lines.join("\n"));
    const output = lines.join("\n");
    const after = lines.slice(killedAt);
    assert.ok(after.includes("bstarcli.ts: W: no response from server, failing over"), output);
    assert.ok(after.includes("bstarcli.ts: I: connecting to server at inproc://bstar-backup…"), output);
    for (let sequence = 1; sequence <= 15; sequence++) assert.ok(lines.includes(`bstarcli.ts: I: server replied OK (${sequence})`), output);
    assert.ok(!output.includes("fatal error"), output);
  });
});
