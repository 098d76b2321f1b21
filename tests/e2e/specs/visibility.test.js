// No requests while the tab is hidden; a refresh as soon as it is visible again.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, apiRequests, eventually, sleep, setHidden } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

test("hidden tab: zero requests; visible again: refreshed at once", async () => {
  const { card, page, context } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await setHidden(page, true);
  await sleep(1_500); // let a request already in flight finish
  await sim.clearRequests();
  await sleep(4_000);
  assert.equal((await apiRequests(sim)).length, 0, "no requests while hidden");
  await setHidden(page, false);
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 1, 3_000, "refresh on return");
  await context.close();
});
