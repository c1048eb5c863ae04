/**
 * The gateway's buffers in total: one budget that all pipes share, so many
 * slow readers cannot make the gateway hold their connections' high-water
 * marks each (1 MiB per connection, 1 GB at 1000). Below the budget, a pipe
 * may fill up to its fair share (budget / open pipes), and beyond it only
 * while the total, counting the unused shares of the others, stays within
 * the budget. A pipe that may not read is paused (it stops reading from its
 * source) and woken when room appears; no byte is ever dropped.
 *
 * Over the budget no pipe grows, except that a side whose queue is empty
 * may always read (pipe.ts): a well-behaved peer, whose queue drains, keeps
 * flowing one read at a time. The check comes after each read, so the
 * total stays within the budget plus about one read (64 KiB) per pipe.
 */

/** Node reads a TCP socket in chunks of at most this many bytes: the room
 * one woken pipe is expected to take. */
export const readBytes = 64 * 1024;

export class BufferBudget {
  private readonly accounts = new Set<BudgetAccount>();
  /** What the accounts hold, in total. */
  private total = 0;
  /** The unused parts of the shares: Σ max(0, share − held). */
  private reserved = 0;
  private share: number;
  private readonly waiting = new Set<() => void>();
  private wakeScheduled = false;
  private wakeAll = false;

  constructor(readonly limitBytes: number) {
    this.share = limitBytes;
  }

  open(): BudgetAccount {
    const account = new BudgetAccount(this);
    this.accounts.add(account);
    this.reshare();
    return account;
  }

  /** Whether `account` may read more: the total is within the budget and
   * the account within its share, or the total with every share's unused
   * part is within the budget. Over the budget nobody grows: bytes a slow
   * reader already holds cannot be taken back, so a newcomer must not add
   * its share on top (the pipe lets a side whose queue is empty read, so it
   * still flows, one read at a time). */
  mayRead(account: BudgetAccount): boolean {
    if (this.total >= this.limitBytes) return false;
    return account.held < this.share || this.total + this.reserved < this.limitBytes;
  }

  /** @internal BudgetAccount.hold */
  moved(from: number, to: number): void {
    this.total += to - from;
    this.reserved += this.unused(to) - this.unused(from);
    if (to < from) this.wake();
  }

  /** @internal BudgetAccount.waitForRoom */
  wait(wake: () => void): void {
    this.waiting.add(wake);
  }

  /** @internal BudgetAccount.close */
  closed(account: BudgetAccount): void {
    this.accounts.delete(account);
    this.waiting.delete(account.waker);
    this.total -= account.held;
    this.reshare();
    this.wake(true);
  }

  private unused(held: number): number {
    return Math.max(0, this.share - held);
  }

  private reshare(): void {
    this.share = Math.floor(this.limitBytes / Math.max(1, this.accounts.size));
    this.reserved = 0;
    for (const account of this.accounts) this.reserved += this.unused(account.held);
  }

  /** Wakes as many waiting pipes as the room below the budget has reads
   * for (all of them when shares grew), in the order they began to wait;
   * each checks again, and one that still may not read waits again, at the
   * back. */
  private wake(all = false): void {
    this.wakeAll ||= all;
    if (this.waiting.size === 0 || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      let count = this.wakeAll ? this.waiting.size : Math.ceil((this.limitBytes - this.total) / readBytes);
      this.wakeScheduled = false;
      this.wakeAll = false;
      for (const wake of [...this.waiting]) {
        if (count-- <= 0) break;
        this.waiting.delete(wake);
        wake();
      }
    });
  }
}

/** An account's wake-up before it first waits: one for all of them. */
const notWaiting = (): void => {};

/** One pipe's part of the budget. */
export class BudgetAccount {
  held = 0;
  /** @internal the pipe's wake-up, once it waits */
  waker: () => void = notWaiting;

  constructor(private readonly budget: BufferBudget) {}

  /** Whether this pipe may read more from its sources now. */
  mayRead(): boolean {
    return this.budget.mayRead(this);
  }

  /** What the pipe holds now. */
  hold(bytes: number): void {
    const from = this.held;
    this.held = bytes;
    this.budget.moved(from, bytes);
  }

  /** Calls `wake` once when room may have appeared. */
  waitForRoom(wake: () => void): void {
    this.waker = wake;
    this.budget.wait(wake);
  }

  close(): void {
    this.budget.closed(this);
  }
}
