// Task worker: pulls a workload from the ventilator, "works" that many
// milliseconds, and pushes a result to the sink. Run it several times
// (this page starts three) and the same batch finishes sooner.
import { Pull, Push } from "zeromq-wasm/browser";

const receiver = new Pull();
receiver.connect("inproc://tasks");

const sender = new Push();
sender.connect("inproc://results");

for await (const [message] of receiver) {
  await new Promise((resolve) => setTimeout(resolve, Number(message.toString())));
  await sender.send("");
}
