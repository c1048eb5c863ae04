// The total buffer budget's rules, account by account (the gateway test in
// hostile.test.ts checks them over real sockets).
import assert from "node:assert/strict";
import { setImmediate as tick } from "node:timers/promises";
import { describe, it } from "node:test";
import { BufferBudget } from "../../dist/gateway/buffer-budget.js";

describe("gateway buffer budget", () => {
  it("lets a pipe alone fill the whole budget, and no more", () => {
    const budget = new BufferBudget(1000);
    const a = budget.open();
    a.hold(999);
    assert.equal(a.mayRead(), true);
    a.hold(1000);
    assert.equal(a.mayRead(), false);
  });

  it("keeps the unused fair shares free: a pipe over its share stops, one under it reads", () => {
    const budget = new BufferBudget(1000);
    const a = budget.open();
    const b = budget.open(); // shares: 500 each
    a.hold(499);
    assert.equal(a.mayRead(), true, "within its share");
    a.hold(600);
    assert.equal(a.mayRead(), false, "over its share while b's share is unused");
    assert.equal(b.mayRead(), true);
    b.hold(300);
    assert.equal(a.mayRead(), false, "600 + 300 + b's unused 200 reach the budget");
  });

  it("lets nobody grow over the budget, not even a newcomer under its share", () => {
    const budget = new BufferBudget(1000);
    const slow = budget.open();
    slow.hold(1000); // held before the newcomer came: it cannot be taken back
    const newcomer = budget.open();
    assert.equal(newcomer.mayRead(), false);
    slow.hold(900);
    assert.equal(newcomer.mayRead(), true);
  });

  it("wakes waiting pipes when room appears or shares grow", async () => {
    const budget = new BufferBudget(1000);
    const slow = budget.open();
    const waiter = budget.open();
    slow.hold(1000);
    waiter.hold(10);
    let woken = 0;
    waiter.waitForRoom(() => woken++);
    waiter.hold(20); // growing makes no room
    await tick();
    assert.equal(woken, 0);
    slow.close();
    await tick();
    assert.equal(woken, 1, "woken once when the slow pipe closed");
    assert.equal(waiter.mayRead(), true);
  });
});
