// No requests while the tab is hidden; a refresh as soon as it is visible again.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, setHidden } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

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

test("visible again during a Retry-After wait: no request before the server's time", async () => {
  const { card, page, context } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await sim.clearRequests();
  await sim.fault({ route: "list", kind: "status", status: 503, retry_after: "6", count: 1 });
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 1, 5_000, "the refused poll");
  const [refused] = await apiRequests(sim, { method: "GET" });
  await eventually(async () => (await card.stale().isVisible()), 5_000, "the card says the server is busy");
  // the computer's clock is set back an hour (the wait must not grow by as much), and the user switches away
  // and back while the server's wait runs
  await page.evaluate(() => { const real = Date.now.bind(Date); Date.now = () => real() - 3_600_000; });
  await setHidden(page, true);
  await sleep(300);
  await setHidden(page, false);
  await sleep(2_500);
  assert.equal((await apiRequests(sim, { method: "GET" })).length, 1, "no request before Retry-After has passed");
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 2, 10_000, "the retry");
  const retry = (await apiRequests(sim, { method: "GET" }))[1];
  assert.ok(retry.time_ms - refused.time_ms >= 5_900, `retried ${retry.time_ms - refused.time_ms} ms after the 503`);
  await card.waitForStatus("RUNNING");
  await context.close();
});
