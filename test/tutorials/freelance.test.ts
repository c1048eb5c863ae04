// Freelance Model One as the reader tries it in the page: stop the first
// server while the client runs; the client must go on with the next one,
// every request answered, and come back to the first once it is started
// again.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import tutorial from "../../web-demo/tutorials/freelance/about.ts";
import { runInproc } from "./inproc-run.ts";

describe("Freelance tutorial", () => {
  it("a stopped server costs a timeout, the next one answers, and a restarted one is used again", async () => {
    const { run, lines, waitFor, outcome } = runInproc(tutorial);
    await waitFor('flclient1.ts: I: inproc://flserver-1 answered "request 3"');
    run.kill("flserver1.ts #1");
    await waitFor("flclient1.ts: W: no response from inproc://flserver-1");
    await waitFor("flclient1.ts: I: inproc://flserver-2 answered");
    run.restart("flserver1.ts #1");
    const restartedAt = lines.length;

    assert.equal(await outcome(), "done", lines.join("\n"));
    assert.ok(lines.includes(`flclient1.ts: ${tutorial.expect}`), lines.join("\n"));
    assert.ok(lines.slice(restartedAt).some((line) => line.startsWith("flclient1.ts: I: inproc://flserver-1 answered")), lines.join("\n"));
  });
});
