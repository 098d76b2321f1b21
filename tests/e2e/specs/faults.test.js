// Server faults while polling: a specific message, the last data kept as stale, then recovery.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, apiRequests, eventually } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

const cases = [
  { name: "500", fault: { route: "list", kind: "status", status: 500, count: 2 }, words: /failed \(HTTP 500\)/ },
  { name: "503 with Retry-After", fault: { route: "list", kind: "status", status: 503, retry_after: "2", count: 1 }, words: /temporarily unavailable; retrying in 2/ },
  { name: "429", fault: { route: "list", kind: "status", status: 429, retry_after: "1", count: 1 }, words: /busy/ },
  { name: "truncated body", fault: { route: "list", kind: "truncate", count: 2 }, words: /couldn't read/ },
  { name: "wrong types", fault: { route: "list", kind: "wrong_types", count: 2 }, words: /couldn't read/ },
  { name: "HTML body", fault: { route: "list", kind: "html", count: 2 }, words: /couldn't read/ },
  { name: "dropped connection", fault: { route: "list", kind: "drop", count: 2 }, words: /offline|can't be reached/ },
  { name: "403", fault: { route: "list", kind: "status", status: 403, count: 2 }, words: /permission/ },
  { name: "404", fault: { route: "list", kind: "status", status: 404, count: 2 }, words: /not found/ },
];

for (const { name, fault, words } of cases) {
  test(`${name}: message, stale data, recovery`, async () => {
    const { card, context, logs } = await openCard(browser, sim, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await sim.fault(fault);
    await eventually(async () => words.test(await card.stale().textContent()), 10_000, `message for ${name}`);
    assert.match(await card.stale().textContent(), /Showing data from/);
    assert.equal(await card.status(), "RUNNING", "the last good data stays on screen");
    await eventually(async () => !(await card.stale().isVisible()), 20_000, "recovery");
    await card.waitForStatus("RUNNING");
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  });
}

test("a fault on the stop request never leads to a second stop", async () => {
  const { card, context } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await sim.clearRequests();
  await sim.fault({ route: "stop", kind: "status", status: 500, count: 1 });
  await card.stop("0");
  await eventually(async () => /Couldn't stop the execution/.test(await card.notice().textContent()), 5_000, "stop error");
  assert.equal(await card.status(), "RUNNING");
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: "/stop" })).length, 1);
  await context.close();
});
