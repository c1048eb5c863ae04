// `npm start`: the gateway, the demo services and the web demo, with the
// embedded default config (web-demo/demo-config.ts). Ctrl-C stops it all.
import { startDemo } from "./demo.ts";

const demo = await startDemo({
  log: (entry) => {
    if (entry.event !== "open" && entry.event !== "close") console.log(`gateway: ${JSON.stringify(entry)}`);
  },
});
console.log(`
  zeromq-wasm demo: ${demo.url}
  gateway:          ${demo.gateway.url} (allows the demo services only)
  services:         tcp://127.0.0.1:5555 hello (REP), :5556 weather (PUB), :5557/:5558 ticker (Clone: ROUTER snapshots, PUB updates), :5559 flaky (Lazy Pirate)

  Ctrl-C to stop.
`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log("stopping…");
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  await demo.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
