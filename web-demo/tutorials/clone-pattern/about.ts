import type { Tutorial } from "../tutorial.ts";

const tutorial: Tutorial = {
  id: "clone-pattern",
  title: "Clone pattern (snapshot + updates)",
  chapter: "Chapter 5 - Advanced Pub-Sub Patterns",
  where: "gateway",
  programs: [{ file: "clonecli.ts", role: "client" }],
  services: [
    { endpoint: "tickerSnapshot", file: "services/ticker-server.ts", example: "clonesrv" },
    { endpoint: "tickerUpdates", file: "services/ticker-server.ts", example: "clonesrv" },
  ],
  explanation: `<p>The ticker service keeps a key-value state (symbol to price) and publishes every change with a sequence number on
      port 5558. A newcomer needs the current state, not just the changes from now on.</p>
      <p>The client first subscribes to the updates and waits until one arrives, so it cannot miss later changes. Then it asks
      the snapshot ROUTER on port 5557 for the whole state with "ICANHAZ?" over a DEALER, reading key-value messages until
      "KTHXBAI", which carries the snapshot's sequence number.</p>
      <p>Updates that queued up meanwhile and are not newer than the snapshot are already part of it and get skipped; the rest
      are applied in order.</p>`,
  expect: "I: applied 20 updates newer than the snapshot",
};
export default tutorial;
