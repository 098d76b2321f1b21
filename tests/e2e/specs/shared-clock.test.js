// Cards of one job share one list request per interval; elapsed times follow the server's clock.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, Card, RUNNING_ID, PAGE_TWO_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(["--stop-delay-ms", "1000"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("four cards of one job: one list request per interval, each card on its own", async () => {
  const ids = [RUNNING_ID, "5f3e2a10-0000-4000-8000-00000000fa11", PAGE_TWO_ID, "e2e-shared-0004"];
  await sim.upsert({ execution_id: ids[3], status: "RUNNING", started_ago_ms: 5_000, run_ms: null });
  const { page, context } = await openCard(browser, sim, { execution: ids.join(","), poll: "1" });
  const cards = ids.map((_, i) => new Card(page.locator(".rw-card").nth(i)));
  await cards[0].waitForStatus("RUNNING");
  await cards[1].waitForStatus("FAILURE");
  await cards[2].waitForStatus("RUNNING");
  await cards[3].waitForStatus("RUNNING");
  await sleep(1_500);
  await sim.clearRequests();
  await sleep(6_000); // about six 1 s intervals
  const lists = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  const page0 = lists.filter((r) => r.query === "page=0&size=100").map((r) => r.time_ms).sort((a, b) => a - b);
  // alone, three active cards on page 0 would each ask, milliseconds apart; shared, one request per interval
  assert.ok(page0.length >= 2, `the cards poll: ${page0.length} page-0 requests in 6 s`);
  const gaps = page0.slice(1).map((t, i) => t - page0[i]);
  assert.ok(gaps.every((g) => g >= 300), `one shared request per interval, not one per card: gaps ${gaps} ms`);

  // each card still acts alone: stopping one leaves the others running
  await cards[3].stop("0");
  await cards[3].waitForStatus("STOPPED", 10_000);
  assert.equal(await cards[0].status(), "RUNNING");
  assert.equal(await cards[2].status(), "RUNNING");
  await context.close();
});

/** A card of a RUNNING execution started a minute ago, in a browser whose clock is ten minutes fast. */
async function fastClockCard(id, query = "") {
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, run_ms: null });
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const realNow = Date.now.bind(Date);
    Date.now = () => realNow() + 10 * 60 * 1000;
    // every elapsed time the card ever shows
    window.__durations = [];
    new MutationObserver(() => {
      const d = document.querySelector(".rw-timers__open .rw-timers__duration");
      if (d && d.textContent && d.textContent !== window.__durations.at(-1)) window.__durations.push(d.textContent);
    }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  const page = await context.newPage();
  await page.goto(`${sim.url}/e2e/card.html?account=XXXX&job=1111505e-6773-494a-b2bf-d2cc2684710d&execution=${id}${query}`);
  return { context, page, card: new Card(page.locator(".rw-card")) };
}

test("a browser clock ten minutes fast still shows the right elapsed time, from the first one shown", async () => {
  const { context, page, card } = await fastClockCard("e2e-clock-0001");
  await card.waitForStatus("RUNNING");
  await eventually(async () => /^1m \d\ds$/.test(await card.root.locator(".rw-timers__duration").textContent()), 5_000, "server-clock elapsed time");
  await sleep(3_000); // a few ticks, even on a busy machine (a fresh-clone CI run once saw none in 1.5 s)
  const shown = await page.evaluate(() => window.__durations);
  // started a minute ago by the server's clock; `Date` has whole seconds, so the first value may read 59s
  assert.ok(shown.length >= 2 && shown.every((t) => /^(5\ds|1m \d\ds)$/.test(t)), `never the browser clock's 11m: ${JSON.stringify(shown)}`);
  await context.close();
});

test("a browser clock ten minutes fast still waits as long as a Retry-After date asks", async () => {
  const { context, card } = await fastClockCard("e2e-clock-0002", "&poll=1");
  await card.waitForStatus("RUNNING");
  // the server asks for ~8 s by date; to this browser that date is nearly ten minutes ago
  await sim.fault({ route: "list", kind: "status", status: 503, retry_after: new Date(Date.now() + 8_000).toUTCString(), count: 1 });
  await eventually(async () => await card.stale().isVisible(), 5_000, "error line");
  // whole-second dates and a poll up to ~1 s after the fault was set: 6–8 s from the response
  assert.match(await card.stale().textContent(), /^The Runner service is temporarily unavailable\. .*Trying again in [5-9]s\.$/);
  await sim.clearRequests();
  await sleep(3_000);
  assert.equal((await apiRequests(sim, { pathIncludes: "/executions" })).length, 0, "no retry before the server's time");
  await eventually(async () => !(await card.stale().isVisible()), 15_000, "recovered");
  await context.close();
});

test("times are local with their time zone, and switch to UTC on demand", async () => {
  // a user in New York (this machine runs in UTC, where the two would read alike)
  const { card, context } = await openCard(browser, sim, {}, { timezoneId: "America/New_York" });
  await card.waitForStatus("RUNNING");
  const toggle = card.root.getByRole("button", { name: "Show times in UTC" });
  const started = card.root.locator("tbody time").first();
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  // UTC until the page's locale formatter exists (made just after the first paint), then local time
  await eventually(async () => !/ UTC$/.test(await started.textContent()), 5_000, "local time after first paint");
  assert.match(await started.textContent(), / (EST|EDT)$/, "a local time says its time zone");
  assert.match(await started.getAttribute("title"), / UTC$/);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.match(await started.textContent(), / UTC$/);
  await toggle.click();
  assert.doesNotMatch(await started.textContent(), / UTC$/);
  await context.close();
});

test("the computer's clock set back an hour: the card still follows the server (no old list page reused)", async () => {
  const id = "e2e-clock-set-back";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, run_ms: null });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await page.evaluate(() => { const real = Date.now.bind(Date); Date.now = () => real() - 3_600_000; });
  await sleep(1_500); // a poll or two with the clock set back
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 60_000, run_ms: 30_000 });
  await card.waitForStatus("SUCCESS", 10_000);
  await context.close();
});
