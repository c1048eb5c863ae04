// .ci/system-deps (npm test's pretest): on a machine that has everything it
// says so in one line, names every package it checked, and runs no apt.
// And the Node version the README asks for is the one package.json's
// engines field states and the one the tests run on.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";

describe(".ci/system-deps and the Node version", () => {
  it("prints one line saying it found everything, naming each package it checks", () => {
    const output = execFileSync("bash", [".ci/system-deps"], { encoding: "utf8" });
    const lines = output.trim().split("\n");
    assert.equal(lines.length, 1, output);
    assert.match(lines[0], /^system-deps: found everything npm test needs, nothing to install \(/);
    const checked = [...readFileSync(".ci/system-deps", "utf8").matchAll(/^have "?([\w. -]+?)"? /gm)].flatMap((m) => m[1].split(" "));
    assert.ok(checked.length >= 10, `parsed ${checked.join(", ")}`);
    for (const name of checked) assert.ok(lines[0].includes(name), `${name} in: ${lines[0]}`);
  });

  it("README, package.json engines and the Node running the tests agree on Node 20", () => {
    const engines = (JSON.parse(readFileSync("package.json", "utf8")) as { engines: { node: string } }).engines.node;
    assert.equal(engines, ">=20");
    assert.match(readFileSync("README.md", "utf8"), /\(Node 20\+, Debian;/);
    assert.ok(Number(process.versions.node.split(".")[0]) >= 20, `the tests run on Node ${process.versions.node}`);
  });
});
