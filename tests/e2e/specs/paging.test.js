// An execution past page 0 is found, and later polls go straight to its page.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, apiRequests, eventually, PAGE_TWO_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

test("execution on page 1 is found and remembered", async () => {
  const { card, context } = await openCard(browser, sim, { execution: PAGE_TWO_ID, poll: "1" });
  await card.waitForStatus("RUNNING");
  const first = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.deepEqual(first.slice(0, 2).map((r) => r.query), ["page=0&size=100", "page=1&size=100"]);
  await sim.clearRequests();
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 2, 5_000, "more polls");
  const later = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.ok(later.every((r) => r.query === "page=1&size=100"), JSON.stringify(later.map((r) => r.query)));
  await context.close();
});

test("an execution that is nowhere says so", async () => {
  const { card, context } = await openCard(browser, sim, { execution: "no-such-execution", poll: "30" });
  await eventually(async () => /Execution not found/.test(await card.stale().textContent()), 10_000, "not found");
  await context.close();
});
