// Handling a kill signal: the divide-and-conquer pipeline again, plus a
// PUB "control" socket. When the sink has every result it publishes KILL,
// and each worker, which also listens on a SUB, stops cleanly.
import { Publisher, Pull, Push, Subscriber } from "zeromq-wasm/browser";
import { sleep, type TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const run = Math.random().toString(36).slice(2, 8);
  const tasksAt = `inproc://tasks-${run}`;
  const resultsAt = `inproc://results-${run}`;
  const controlAt = `inproc://control-${run}`;
  const taskCount = 30;

  const ventilator = new Push();
  const sink = new Pull({ receiveTimeout: 5000 });
  const controller = new Publisher();
  const sockets: Array<Push | Pull | Publisher | Subscriber> = [ventilator, sink, controller];

  // A worker reads two sockets: tasks, and the control channel. It keeps one
  // receive pending on each and handles whichever finishes first.
  async function worker(name: string) {
    const receiver = new Pull();
    const sender = new Push();
    const control = new Subscriber();
    sockets.push(receiver, sender, control);
    receiver.connect(tasksAt);
    sender.connect(resultsAt);
    control.connect(controlAt);
    control.subscribe(""); // everything on the control channel
    const kill = control.receive().then(() => "kill" as const);
    let nextTask = receiver.receive();
    nextTask.catch(() => {}); // may still be pending when we close
    let done = 0;
    while (!signal.aborted) {
      const event = await Promise.race([kill, nextTask]);
      if (event === "kill") break;
      await sleep(Number(event[0].toString()), signal);
      await sender.send(name);
      done++;
      nextTask = receiver.receive();
      nextTask.catch(() => {});
    }
    log(`${name}: got KILL after ${done} tasks, stopping`);
  }

  try {
    await ventilator.bind(tasksAt);
    await sink.bind(resultsAt);
    await controller.bind(controlAt);
    const names = ["worker-1", "worker-2", "worker-3"];
    const workers = names.map((name) => worker(name));

    for (let i = 0; i < taskCount; i++) await ventilator.send(String(1 + Math.floor(Math.random() * 20)));
    log(`ventilator: sent ${taskCount} tasks`);

    let received = 0;
    while (received < taskCount && !signal.aborted) {
      await sink.receive();
      received++;
    }
    log(`sink: ${received} results collected, sending KILL`);
    await controller.send("KILL");

    // Every worker returns once it has seen KILL.
    await Promise.all(workers);
    log(`all ${names.length} workers stopped`);
  } finally {
    for (const socket of sockets) socket.close();
  }
}
