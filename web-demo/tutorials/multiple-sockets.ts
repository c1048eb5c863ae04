// Reading from several sockets: one loop per socket, running side by side.
// Where C code calls zmq_poll, JavaScript simply awaits both at once.
import { Publisher, Pull, Push, Subscriber } from "zeromq-wasm/browser";
import { sleep, type TutorialContext } from "./context.ts";

export default async function run({ log, signal }: TutorialContext) {
  const run = Math.random().toString(36).slice(2, 8);
  const tasksAt = `inproc://tasks-${run}`;
  const weatherAt = `inproc://weather-${run}`;
  const wanted = 5;

  // Two sources: a task queue (PUSH) and a weather feed (PUB)...
  const taskSource = new Push();
  const weatherSource = new Publisher();
  // ...and the two sockets we read from.
  const tasks = new Pull();
  const weather = new Subscriber();
  const sockets = [taskSource, weatherSource, tasks, weather];
  let finished = false;
  try {
    await taskSource.bind(tasksAt);
    await weatherSource.bind(weatherAt);
    tasks.connect(tasksAt);
    weather.connect(weatherAt);
    weather.subscribe("10001 ");

    // The sources produce at different speeds until the reader is done.
    const produceTasks = (async () => {
      for (let i = 1; !finished && !signal.aborted; i++) {
        await taskSource.send(`task ${i}`);
        await sleep(70, signal);
      }
    })();
    const produceWeather = (async () => {
      for (let i = 1; !finished && !signal.aborted; i++) {
        await weatherSource.send(`10001 ${(20 + Math.random() * 5).toFixed(1)} reading ${i}`);
        await sleep(45, signal);
      }
    })();

    // One reader loop per socket; Promise.all waits for both.
    const readTasks = async () => {
      let count = 0;
      for await (const [task] of tasks) {
        log(`task queue:   ${task.toString()}`);
        if (++count === wanted || signal.aborted) break;
      }
      return count;
    };
    const readWeather = async () => {
      let count = 0;
      for await (const [update] of weather) {
        log(`weather feed: ${update.toString()}`);
        if (++count === wanted || signal.aborted) break;
      }
      return count;
    };
    const [taskCount, weatherCount] = await Promise.all([readTasks(), readWeather()]);
    finished = true;
    await Promise.all([produceTasks, produceWeather]);
    log(`read ${taskCount} tasks and ${weatherCount} weather updates, interleaved as they came`);
  } finally {
    finished = true;
    for (const socket of sockets) socket.close();
  }
}
