// An execution past page 0 is found, and later polls go straight to its page.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, setHidden, sleep, PAGE_TWO_ID, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

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

test("a card unmounted while it waits for another card's list request does not go on searching later pages", async () => {
  // two cards of one job share the page-0 request; the second card's execution is on page 1
  await sim.clearRequests();
  await sim.fault({ route: "list", kind: "slow", delay_ms: 1_500, count: 1 });
  const { card, page, context, logs } = await openCard(browser, sim, { execution: `${RUNNING_ID},${PAGE_TWO_ID}`, poll: "30" });
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 1, 5_000, "the shared page-0 request");
  await new Promise((r) => setTimeout(r, 300)); // both cards have their tokens and wait for it (held 1.5 s)
  await page.evaluate(async () => {
    document.querySelectorAll("[data-runner-execution]")[1].remove();
    (await import("/runner-widget.js")).mountAll();
  });
  await card.waitForStatus("RUNNING", 10_000);
  await new Promise((r) => setTimeout(r, 1_500));
  const lists = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.deepEqual(lists.map((r) => r.query), ["page=0&size=100"], "one shared request, and no page 1 for the card that left");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("a server that ignores `page` (and gives no totalSize) is asked for two pages, not a thousand", async () => {
  const own = await startSim(); // no other test's card polls it
  try {
    // every list request answers the same full page of other executions, as such a server would
    const results = Array.from({ length: 100 }, (_, i) => ({ execution_id: `ignored-page-${i}`, status: "SUCCESS" }));
    await own.fault({ route: "list", kind: "status", status: 200, body: JSON.stringify({ results }), count: 60 });
    const { card, context } = await openCard(browser, own, { execution: "e2e-not-in-any-page" });
    await eventually(async () => /Execution not found/.test(await card.root.textContent()), 10_000, "not found");
    await new Promise((r) => setTimeout(r, 500));
    const lists = await apiRequests(own, { method: "GET", pathIncludes: "/executions" });
    // each refresh (the card retries on its error backoff) asks page 0, then page 1, and stops at the repeat
    const asked = lists.map((r) => r.query);
    assert.deepEqual(asked.slice(0, 2), ["page=0&size=100", "page=1&size=100"]);
    assert.ok(asked.every((q) => q === "page=0&size=100" || q === "page=1&size=100"), `never past page 1: ${asked}`);
    await context.close();
  } finally {
    await own.stop();
  }
});

test("a search over several pages stops while the tab is hidden and starts again when it shows", async () => {
  const own = await startSim(); // no other test's card polls it
  try {
    // page 0's answer takes 1.5 s: the user switches tabs while it is on its way
    await own.fault({ route: "list", kind: "slow", delay_ms: 1_500, count: 1 });
    const { card, page, context } = await openCard(browser, own, { execution: "e2e-hidden-search-nowhere", poll: "30" });
    await eventually(async () => (await apiRequests(own, { method: "GET" })).length >= 1, 5_000, "page 0 asked");
    await setHidden(page, true);
    await sleep(3_000); // page 0's answer comes meanwhile
    const hidden = (await apiRequests(own, { method: "GET", pathIncludes: "/executions" })).map((r) => r.query);
    assert.deepEqual(hidden, ["page=0&size=100"], "no further page asked while hidden");
    await setHidden(page, false);
    await eventually(async () => /Execution not found/.test(await card.root.textContent()), 10_000, "the search ends once the card shows");
    const all = (await apiRequests(own, { method: "GET", pathIncludes: "/executions" })).map((r) => r.query);
    assert.ok(all.includes("page=1&size=100"), `the later pages are asked once visible: ${all}`);
    await context.close();
  } finally {
    await own.stop();
  }
});

test("a search stopped while the card was out of the document goes on as soon as it is back, not a poll later", async () => {
  const own = await startSim();
  try {
    await own.fault({ route: "list", kind: "slow", delay_ms: 1_500, count: 1 });
    // a 60 s poll: "not found" a few seconds after the card is back can only come from the search going on
    const { card, page, context } = await openCard(browser, own, { execution: "e2e-detached-search-nowhere", poll: "60" });
    await eventually(async () => (await apiRequests(own, { method: "GET" })).length >= 1, 5_000, "page 0 asked");
    await page.evaluate(() => { window.__host = document.querySelector("[data-runner-execution]"); window.__place = window.__host.parentNode; window.__host.remove(); });
    await sleep(3_000); // page 0's answer comes while the card is away
    const away = (await apiRequests(own, { method: "GET", pathIncludes: "/executions" })).map((r) => r.query);
    assert.deepEqual(away, ["page=0&size=100"], "no further page asked while the card is away");
    await page.evaluate(() => window.__place.append(window.__host));
    await eventually(async () => /Execution not found/.test(await card.root.textContent()), 8_000, "the search went on when the card came back");
    await context.close();
  } finally {
    await own.stop();
  }
});

test("a search stopped at a later page goes on from there: the pages it had seen are not asked again", async () => {
  const own = await startSim();
  try {
    // 150 seeded executions + 60 more: three list pages (0, 1, 2)
    for (let i = 0; i < 60; i++) await own.upsert({ execution_id: `e2e-filler-${i}`, status: "SUCCESS" });
    await own.fault({ route: "list", kind: "slow", delay_ms: 1_500, count: 2 });
    const { card, page, context } = await openCard(browser, own, { execution: "e2e-resumed-search-nowhere", poll: "60" });
    const lists = async () => (await apiRequests(own, { method: "GET", pathIncludes: "/executions" })).map((r) => r.query);
    await eventually(async () => (await lists()).includes("page=1&size=100"), 8_000, "page 1 asked");
    await setHidden(page, true);
    await sleep(3_000); // page 1's answer comes while hidden
    assert.deepEqual(await lists(), ["page=0&size=100", "page=1&size=100"], "page 2 not asked while hidden");
    await setHidden(page, false);
    await eventually(async () => /Execution not found/.test(await card.root.textContent()), 8_000, "the search ends once visible");
    // the first page again (fresh data for the likely page), then on from page 2: page 1 is not asked twice
    // (a "not found" is asked again on its backoff: only the first search's requests are looked at)
    assert.deepEqual((await lists()).slice(0, 4), ["page=0&size=100", "page=1&size=100", "page=0&size=100", "page=2&size=100"]);
    await context.close();
  } finally {
    await own.stop();
  }
});
