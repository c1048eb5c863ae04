// Divide and conquer: a ventilator pushes tasks to three workers, which push
// their results to a sink. All sockets live on this page (inproc://).
import { Pull, Push } from "zeromq-wasm/browser";
import { sleep, type TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  // Fresh addresses each run, so a second Run never finds them taken.
  const run = Math.random().toString(36).slice(2, 8);
  const tasksAt = `inproc://tasks-${run}`;
  const resultsAt = `inproc://results-${run}`;
  const taskCount = 30;

  const ventilator = new Push();
  const sink = new Pull({ receiveTimeout: 5000 });
  const sockets: Array<Push | Pull> = [ventilator, sink];
  await ventilator.bind(tasksAt);
  await sink.bind(resultsAt);

  // A worker: pull a task (a workload in ms), "work" that long, push the result.
  async function worker(name: string) {
    const receiver = new Pull();
    const sender = new Push();
    sockets.push(receiver, sender);
    receiver.connect(tasksAt);
    sender.connect(resultsAt);
    // The loop ends quietly when the receiver is closed at the end.
    for await (const [task] of receiver) {
      await sleep(Number(task.toString()), signal);
      await sender.send(name);
    }
  }

  try {
    const names = ["worker-1", "worker-2", "worker-3"];
    const workers = names.map((name) => worker(name));

    // Fan out: PUSH deals the tasks round-robin to the connected workers.
    let planned = 0;
    for (let i = 0; i < taskCount; i++) {
      const workload = 1 + Math.floor(Math.random() * 20);
      planned += workload;
      await ventilator.send(String(workload));
    }
    log(`ventilator: sent ${taskCount} tasks, ${planned} ms of work in total`);

    // Fan in: the sink collects one result per task, from whichever worker.
    const started = performance.now();
    const perWorker = new Map<string, number>();
    let received = 0;
    while (received < taskCount && !signal.aborted) {
      const [from] = await sink.receive();
      perWorker.set(from.toString(), (perWorker.get(from.toString()) ?? 0) + 1);
      received++;
    }
    for (const name of names) log(`${name}: ${perWorker.get(name) ?? 0} tasks`);
    log(`elapsed ${Math.round(performance.now() - started)} ms (about a third of the work, with three workers)`);
    log(`sink: ${received} of ${taskCount} results collected`);
    for (const socket of sockets) socket.close();
    await Promise.allSettled(workers);
  } finally {
    for (const socket of sockets) socket.close();
  }
}
