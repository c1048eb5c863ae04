// Which client a connection counts against for the per-client limit.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clientKey } from "../../dist/gateway/upgrade.js";

describe("gateway per-client limit", () => {
  it("counts IPv4 clients per address and IPv6 clients per /64", () => {
    assert.equal(clientKey("10.0.0.1"), "10.0.0.1");
    assert.notEqual(clientKey("10.0.0.1"), clientKey("10.0.0.2"));
    // A dual-stack listener sees IPv4 clients IPv4-mapped: the same client.
    assert.equal(clientKey("::ffff:10.0.0.1"), "10.0.0.1");
    // One /64, however the addresses in it are spelled, is one client...
    const site = clientKey("2001:db8:1:2::a");
    assert.equal(site, "2001:db8:1:2::/64");
    for (const address of ["2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:0DB8:0001:0002:0:0:0:1", "2001:db8:1:2:abcd::"]) {
      assert.equal(clientKey(address), site, address);
    }
    assert.equal(clientKey("2001:db8::1"), "2001:db8:0:0::/64");
    assert.equal(clientKey("::1"), "0:0:0:0::/64");
    // ...and the next /64 is another.
    assert.notEqual(clientKey("2001:db8:1:3::a"), site);
    assert.notEqual(clientKey("2001:db8:1:2::a"), clientKey("2001:db9:1:2::a"));
  });
});
