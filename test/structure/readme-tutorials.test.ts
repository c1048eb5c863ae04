// README's tutorial table lists every tutorial of the catalog, in its order.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { tutorials } from "../../web-demo/tutorials/catalog.ts";

it("README lists every Guide tutorial, in the catalog's order", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const listed = [...readme.matchAll(/\]\(web-demo\/tutorials\/([\w-]+)\) \|/g)].map((match) => match[1]);
  assert.deepEqual(listed, tutorials.map((t) => t.id));
});
