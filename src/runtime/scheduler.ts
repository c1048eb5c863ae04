/**
 * How JS waits for libzmq, per build. With threads, libzmq runs on its own
 * threads and JS sleeps on wait words in shared memory (Atomics.waitAsync).
 * Without threads (wasm/shim/zws_coop.c), nothing runs unless JS runs it:
 * the scheduler gives libzmq's pollers a run whenever the shim signals a
 * change, hands the host loop its work after each run, and wakes JS
 * waiters; a timer covers libzmq's own timers (reconnects, heartbeats).
 */
import { afterEventLoop } from "./macrotask.js";
import type { Native } from "./native.js";
import { sleepOn } from "./wait.js";

export interface Scheduler {
  /** Resolves once the wait word (zws_waitword) at index (in Int32 units)
   * may have moved from `seen`, or after timeoutMs. */
  sleep(index: number, seen: number, timeoutMs?: number): Promise<void>;
  /** The same for a plain futex word with no sleeper count beside it
   * (zws_call.done). */
  sleepPlain(index: number, seen: number): Promise<void>;
  /** Wakes whoever sleeps on index, whether or not it moved (a socket
   * closed under its own pending wait). */
  wake(index: number): void;
}

export class ThreadScheduler implements Scheduler {
  constructor(private readonly native: Native) {}

  sleep(index: number, seen: number, timeoutMs?: number): Promise<void> {
    return sleepOn(this.native.i32, index, seen, timeoutMs);
  }

  async sleepPlain(index: number, seen: number): Promise<void> {
    const wait = Atomics.waitAsync(this.native.i32, index, seen);
    if (wait.async) await wait.value;
  }

  wake(index: number): void {
    Atomics.notify(this.native.i32, index);
  }
}

/** Runs after the host's work is handed over (ShimHost.drain): returns
 * whether there was any. */
type Drain = () => boolean;

/** Runs of libzmq per turn of the event loop, at most, before yielding to
 * the host's own I/O (a feed that never pauses cannot starve it). */
const RUNS_PER_TURN = 16;

/** A JS waiter on a wait word: woken once the word moves from `seen`. */
interface Waiter {
  index: number;
  seen: number;
  wake(): void;
}

export class CooperativeScheduler implements Scheduler {
  private readonly waiters = new Set<Waiter>();
  private runNow = false;
  private runAfterIo = false;
  private running = false;
  /** A signal came while libzmq ran (see run()). */
  private kickedDuringRun = false;
  /** Runs of libzmq so far: an after-I/O run asked for before the latest
   * run is moot, and an idle context must not add any (test/idle-cpu). */
  #runs = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private drain: Drain = () => false;

  get runs(): number {
    return this.#runs;
  }

  constructor(private readonly native: Native) {
    // The shim calls this on every signal (zws_coop_kick, once per run).
    (native.module as unknown as { zwsKick: () => void }).zwsKick = () => this.kick();
    // libzmq aborted: no more runs; every waiter wakes to find it so.
    native.guard.onAbort(() => {
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      for (const waiter of [...this.waiters]) waiter.wake();
    });
  }

  /** Where the host loop's work goes after each run. */
  setDrain(drain: Drain): void {
    this.drain = drain;
  }

  sleep(index: number, seen: number, timeoutMs?: number): Promise<void> {
    if (Atomics.load(this.native.i32, index) !== seen) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter = {
        index,
        seen,
        wake: () => {
          this.waiters.delete(waiter);
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.add(waiter);
      if (timeoutMs !== undefined) timer = unref(setTimeout(waiter.wake, timeoutMs));
    });
  }

  sleepPlain(index: number, seen: number): Promise<void> {
    return this.sleep(index, seen);
  }

  wake(index: number): void {
    for (const waiter of [...this.waiters]) if (waiter.index === index) waiter.wake();
  }

  /** Something changed: give libzmq a run. At once (a microtask) after an
   * API call or a network event; when the change came from a run itself,
   * one more run in the same turn, up to RUNS_PER_TURN, then after the
   * event loop's I/O, so that a busy stream yields. */
  kick(): void {
    if (this.native.guard.aborted) return;
    if (this.running) return void (this.kickedDuringRun = true);
    if (this.runNow) return;
    this.runNow = true;
    queueMicrotask(() => {
      this.runNow = false;
      this.run();
    });
  }

  private runAfterEventLoop(): void {
    if (this.runAfterIo) return;
    this.runAfterIo = true;
    const runsBefore = this.#runs;
    afterEventLoop(() => {
      if (runsBefore !== this.#runs) return; // a run came first
      this.run();
    });
  }

  private run(): void {
    // This run does what a pending after-I/O run would have done: that one
    // is dropped, and a new one is asked for below if needed. So a pending
    // run that never comes (workerd drops the timers of a request that has
    // ended) cannot hold back the next request's runs.
    this.#runs++;
    this.runAfterIo = false;
    this.running = true;
    let next = -1;
    try {
      for (let i = 0; i < RUNS_PER_TURN; i++) {
        this.kickedDuringRun = false;
        next = this.native.wasm._zws_coop_run();
        // A signal during the run (a timer's command to a poller already
        // passed) is one more run now: cheaper than a turn of the event
        // loop, and the bound above still lets a busy stream yield.
        if (!this.drain() && next !== 0 && !this.kickedDuringRun) break;
      }
    } catch (error) {
      // A run that aborted libzmq (out of memory): the guard has told
      // every socket; this turn of the event loop must not throw it.
      if (this.native.guard.aborted) return;
      throw error;
    } finally {
      this.running = false;
    }
    // Only those whose word moved: with many idle sockets, a run for one
    // of them leaves the others asleep.
    const i32 = this.native.i32;
    for (const waiter of [...this.waiters]) if (Atomics.load(i32, waiter.index) !== waiter.seen) waiter.wake();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (next === 0 || this.kickedDuringRun) this.runAfterEventLoop();
    else if (next > 0) this.timer = unref(setTimeout(() => this.kick(), next));
  }
}

/** A timer that does not keep Node running (pending API calls do). */
function unref<T>(timer: T): T {
  (timer as { unref?: () => void }).unref?.();
  return timer;
}
