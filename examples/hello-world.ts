// `npm start`: runs the hello-world server and client as two processes, as
// two ZeroMQ peers would be (the demo app replaces this in a later release).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const run = (file: string) =>
  spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(file, import.meta.url))], { stdio: "inherit" });

const server = run("./hello-server.ts");
await new Promise((resolve) => setTimeout(resolve, 1000));
const client = run("./hello-client.ts");
client.on("exit", (code) => {
  server.kill();
  process.exitCode = code ?? 1;
});
process.on("SIGINT", () => {
  client.kill();
  server.kill();
});
