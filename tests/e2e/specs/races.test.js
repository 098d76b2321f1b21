// Things that change under the user: the execution finishes while a confirmation is open, the page
// hands over a new token while a poll with the old one is in flight, and two cards of one job hold
// different tokens; the execution runs again before a stop signal expired.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, apiRequests, eventually, sleep, watchSignIn, Card, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

const mint = () => fetch(`${sim.url}/__sim/token`, {
  method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ account: ACCOUNT }),
}).then((r) => r.json()).then((j) => j.bearerToken);

/** A page with programmatic cards, no token provider, each handed `tokens[i]` right after mounting. */
async function programmaticCards(ids, tokens) {
  const context = await browser.newContext();
  await context.addInitScript((t) => { window.__initialTokens = t; }, tokens);
  await watchSignIn(context);
  const page = await context.newPage();
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: ids.join(","), mode: "programmatic", auth: "none", poll: "1" });
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  await page.waitForFunction(() => window.__ready === true);
  const cards = ids.map((_, i) => new Card(page.locator(".rw-card").nth(i)));
  return { context, page, cards };
}

test("the execution finishes while Confirm stop is open: the confirmation closes and nothing is sent", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f1";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await card.stopButton().click();
  await card.confirmButton("stop").waitFor();
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 60_000 });
  await card.waitForStatus("SUCCESS", 10_000);
  await eventually(async () => (await card.root.locator(".rw-confirm:not([hidden])").count()) === 0, 5_000, "confirmation closed");
  assert.match(await card.notice().textContent(), /status changed to Succeeded, so the execution can no longer be stopped/);
  assert.equal(await card.confirmButton("stop").count(), 0, "no Confirm left to press");
  assert.equal(await page.evaluate(() => document.activeElement?.closest?.(".rw-confirm") ?? null), null, "focus left the hidden confirmation");
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: `${id}/stop` })).length, 0, "no stop was sent");
  await context.close();
});

test("a 401 for a token the page has just replaced does not sign the card out", async () => {
  const first = await mint();
  const { context, page, cards: [card] } = await programmaticCards([RUNNING_ID], [first]);
  await card.waitForStatus("RUNNING");
  // the next poll, with the first token, is held 1.5 s and then refused; meanwhile the page hands over a new token
  await sim.fault({ route: "list", kind: "slow", delay_ms: 1_500, count: 1 });
  await sim.expireTokens();
  await sleep(1_100); // a poll (every second) is now in flight
  const second = await mint();
  await page.evaluate((t) => window.__handles[0].setToken(t), second);
  await eventually(async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" }))
    .some((r) => r.headers.authorization === `Bearer ${second}`), 10_000, "a poll with the new token");
  await sleep(2_500); // the refused poll has come back, and a couple more polls
  assert.equal(await page.evaluate(() => window.__signInSeen), false, "never a sign-in form");
  assert.equal(await card.stale().isVisible(), false, "no error on the card");
  assert.equal(await card.status(), "RUNNING");
  const latest = (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).at(-1);
  assert.equal(latest.headers.authorization, `Bearer ${second}`, "the new token is still in use");
  await context.close();
});

test("two cards of one job with different tokens: one token refused, the other card unaffected", async () => {
  const stale = await mint();
  await sim.expireTokens(); // `stale` is refused from now on
  const valid = await mint();
  await sim.clearRequests();
  const { context, cards: [, fine] } = await programmaticCards([RUNNING_ID, RUNNING_ID], [stale, valid]);
  await fine.waitForStatus("RUNNING");
  // the refused card's own requests are refused (it may show data a shared request brought: one user per page)
  await eventually(async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" }))
    .some((r) => r.headers.authorization === `Bearer ${stale}`), 10_000, "a request with the refused token");
  await sleep(3_000); // polls on the shared grid
  assert.equal(await fine.root.locator("form.rw-sign-in").count(), 0, "the other card keeps its token");
  assert.equal(await fine.stale().isVisible(), false);
  assert.equal(await fine.status(), "RUNNING");
  const gets = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.ok(gets.some((r) => r.headers.authorization === `Bearer ${valid}`));
  await context.close();
});

test("running again before the stop signal expired: the card doesn't claim it expired", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f2";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await card.stop("600");
  await card.waitForStatus("STOPPING", 5_000);
  // someone restarts it meanwhile: RUNNING again, ten minutes before the signal would expire
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 1_000 });
  await card.waitForStatus("RUNNING", 10_000);
  await eventually(async () => /running again although the stop signal had not expired/.test(await card.notice().textContent()), 5_000, "notice");
  assert.doesNotMatch(await card.notice().textContent(), /expired before/);
  assert.ok(await card.killButton().isVisible(), "Kill is offered");
  await context.close();
});

test("Kill hiding while it has keyboard focus (the execution ended): focus goes to Stop, not the page", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f5";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await card.stop("600");
  await card.waitForStatus("STOPPING", 5_000);
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 1_000 });
  await card.waitForStatus("RUNNING", 10_000);
  await card.killButton().waitFor();
  await card.stopButton().focus();
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Kill");
  // it finishes on its own before the user decides
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 2_000 });
  await card.waitForStatus("SUCCESS", 10_000);
  assert.ok(await card.killButton().isHidden(), "Kill is gone");
  await eventually(async () => (await page.evaluate(() => document.activeElement.textContent)) === "Stop", 3_000, "focus on Stop");
  assert.equal(await card.stopButton().getAttribute("aria-disabled"), "true");
  await context.close();
});
