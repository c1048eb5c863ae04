import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalAddress, forbiddenAddress, parseTarget, TargetPolicy, type Resolver } from "../../dist/gateway/policy.js";
import { eventually } from "../support/util.ts";

const dns: Record<string, string[]> = {
  "feeds.example": ["10.1.2.3"],
  "localhost": ["127.0.0.1", "::1"],
  "rebind.example": ["169.254.169.254"],
  "sneaky.example": ["127.0.0.1"],
};
const resolve: Resolver = async (host) => {
  const found = dns[host];
  if (!found) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return found;
};

describe("gateway target policy", () => {
  it("parses /<host>:<port> and /[v6]:<port>, and nothing else", () => {
    assert.deepEqual(parseTarget("/127.0.0.1:5555"), { host: "127.0.0.1", port: 5555 });
    assert.deepEqual(parseTarget("/[::1]:5555"), { host: "::1", port: 5555 });
    assert.deepEqual(parseTarget("/Feeds.Example:80?token=x"), { host: "feeds.example", port: 80 });
    for (const bad of ["/", "/host", "/host:", "/host:0", "/host:70000", "/a/b:1", "/[zz]:1", "/::1:5", "/h%zz:1", "/user@host:1"]) {
      assert.equal(parseTarget(bad), undefined, bad);
    }
  });

  it("names the address classes it never reaches", () => {
    assert.equal(forbiddenAddress("169.254.169.254"), "link-local");
    assert.equal(forbiddenAddress("0.0.0.0"), "unspecified");
    assert.equal(forbiddenAddress("::"), "unspecified");
    assert.equal(forbiddenAddress("fe80::1"), "link-local");
    assert.equal(forbiddenAddress("::ffff:169.254.1.1"), "link-local");
    assert.equal(forbiddenAddress("224.0.0.1"), "multicast");
    assert.equal(forbiddenAddress("127.0.0.1"), undefined);
  });

  it("checks every spelling of an address as its canonical form", async () => {
    assert.equal(canonicalAddress("0:0:0:0:0:0:0:0"), "::");
    assert.equal(canonicalAddress("0:0:0:0:0:ffff:a9fe:a9fe"), "169.254.169.254");
    assert.equal(canonicalAddress("::FFFF:7f00:1"), "127.0.0.1");
    assert.equal(canonicalAddress("FE80:0::1"), "fe80::1");
    assert.equal(canonicalAddress("localhost"), undefined);
    for (const [spelling, reason] of [
      ["::ffff:a9fe:a9fe", "link-local"],
      ["0:0:0:0:0:ffff:a9fe:a9fe", "link-local"],
      ["::ffff:e000:1", "multicast"],
      ["0::0", "unspecified"],
      ["::0", "unspecified"],
      ["0:0:0:0:0:0:0:0", "unspecified"],
      ["::ffff:0.0.0.0", "unspecified"],
      ["FE80::1", "link-local"],
    ]) {
      assert.equal(forbiddenAddress(spelling), reason, spelling);
    }
    // An allow-list entry in another spelling does not open the unspecified
    // address (which connects to this host)...
    const zero = new TargetPolicy(["[0:0:0:0:0:0:0:0]:80"], resolve);
    for (const host of ["0:0:0:0:0:0:0:0", "::", "0::0", "::ffff:0.0.0.0"]) {
      assert.deepEqual(await zero.check({ host, port: 80 }), { ok: false, reason: "unspecified address" }, host);
    }
    // ...and any spelling of an allowed address reaches that address only.
    const policy = new TargetPolicy(["127.0.0.1:5555", "[0:0:0:0:0:0:0:1]:5555"], resolve);
    assert.deepEqual(await policy.check({ host: "::ffff:7f00:1", port: 5555 }), { ok: true, address: "127.0.0.1", port: 5555 });
    assert.deepEqual(await policy.check({ host: "0::1", port: 5555 }), { ok: true, address: "::1", port: 5555 });
    assert.deepEqual(await policy.check({ host: "::ffff:a9fe:a9fe", port: 5555 }), { ok: false, reason: "link-local address" });
  });

  it("allows only allow-listed host:port pairs, compared after resolution", async () => {
    const policy = new TargetPolicy(["localhost:5555", "feeds.example:9000"], resolve);
    assert.deepEqual(await policy.check({ host: "127.0.0.1", port: 5555 }), { ok: true, address: "127.0.0.1", port: 5555 });
    assert.deepEqual(await policy.check({ host: "::1", port: 5555 }), { ok: true, address: "::1", port: 5555 });
    assert.deepEqual(await policy.check({ host: "feeds.example", port: 9000 }), { ok: true, address: "10.1.2.3", port: 9000 });
    // The same allowed address under another name is the same target.
    assert.equal((await policy.check({ host: "sneaky.example", port: 5555 })).ok, true);
    const refused = async (host: string, port: number) => {
      const decision = await policy.check({ host, port });
      assert.equal(decision.ok, false, `${host}:${port}`);
      return decision.ok ? "" : decision.reason;
    };
    assert.equal(await refused("127.0.0.1", 22), "port not allowed");
    assert.equal(await refused("10.9.9.9", 9000), "host not allowed");
    assert.equal(await refused("feeds.example", 5555), "host not allowed");
    assert.equal(await refused("nowhere.example", 5555), "unresolvable");
    assert.equal(await refused("0.0.0.0", 5555), "unspecified address");
    assert.equal(await refused("::", 5555), "unspecified address");
  });

  it("refuses link-local even when a name on the list resolves there", async () => {
    const policy = new TargetPolicy(["rebind.example:80", "169.254.169.254:80"], resolve);
    assert.equal((await policy.check({ host: "rebind.example", port: 80 })).ok, false);
    assert.equal((await policy.check({ host: "169.254.169.254", port: 80 })).ok, false);
  });

  it("re-resolves the allow-list's names in the background, keeping the last answer when a lookup fails", async () => {
    const answers = [["10.0.0.1"], ["10.0.0.2"]];
    let calls = 0;
    const failures: string[] = [];
    const moving: Resolver = async (host) => {
      const answer = answers[calls++];
      if (!answer) throw new Error(`no answer for ${host}`);
      return answer;
    };
    const policy = new TargetPolicy(["moving.example:80"], { resolve: moving, dnsRefreshMs: 20, failed: (name, error) => failures.push(`${name}: ${error.message}`) });
    await policy.ready;
    assert.deepEqual(await policy.check({ host: "10.0.0.1", port: 80 }), { ok: true, address: "10.0.0.1", port: 80 });
    await eventually("a refresh failed", () => failures.length > 0, 5000);
    policy.stop();
    // The second answer replaced the first; the failed third kept it.
    assert.equal((await policy.check({ host: "10.0.0.1", port: 80 })).ok, false);
    assert.deepEqual(await policy.check({ host: "moving.example", port: 80 }), { ok: true, address: "10.0.0.2", port: 80 });
    assert.equal(failures[0], "moving.example: no answer for moving.example");
  });

  it("rejects a malformed allow-list entry at start", () => {
    assert.throws(() => new TargetPolicy(["no-port"], resolve), /Invalid allow-list entry/);
  });
});
