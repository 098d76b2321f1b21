// The fault matrix: every way the Runner service can fail, while polling and on the stop request.
// For each: the card survives (no page error), shows the specific words from runner-core's
// `ApiError::message`, recovers when the server does, and never sends a second stop.
// Every row's observations are written to target/fault-matrix.json; lib/fault-matrix-table.js turns
// that into bench/fault-matrix.md.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, actAsAnother, ACCOUNT, JOB } from "../lib/harness.js";

const OUT = join(dirname(fileURLToPath(import.meta.url)), "../../../target/fault-matrix.json");
const STOP_DELAY_MS = 1500;
let sim, browser;
const rows = [];
before(async () => { sim = await startSim(["--stop-delay-ms", String(STOP_DELAY_MS)]); browser = await launch(); });
afterEach(() => closeLeftovers(browser));
after(async () => {
  await browser?.close();
  await sim?.stop();
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({
    command: "cd tests/e2e && RUNNER_SIM_BIN=../../target/release/runner-sim node --test --test-concurrency=1 specs/fault-matrix.test.js",
    finished: new Date().toISOString(), rows }, null, 2) + "\n");
});

const MSG = {
  server500: "The Runner service failed (HTTP 500). Try again later.",
  // the wait is in the error line's countdown ("Trying again in 2s"), not in these words
  unavailable: "The Runner service is temporarily unavailable.",
  busy: "The Runner service is busy.",
  timeout: "The Runner service didn't answer in time.",
  network: "You appear to be offline, or the Runner service can't be reached.",
  decode: "The Runner service sent a response the widget couldn't read.",
  unauthorized: "Your session has expired or the token is invalid. Sign in again.",
  forbidden: "You don't have permission to see or stop this execution.",
  notFound: "Execution not found.",
  redirect: "The Runner service answered with a redirect, which the card does not follow.",
  // after an action whose answer never came (it may have been carried out)
  unconfirmed: "If it reached the Runner service, the status will change to Stopping.",
};

let serial = 0;
/** A fresh RUNNING execution of its own, so cases never share state. */
async function freshExecution() {
  await sim.admin("DELETE", "/faults"); // nothing left over from a failed case
  const id = `fm-${String(++serial).padStart(2, "0")}-0000-4000-8000-000000000000`;
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 120_000, run_ms: null });
  return id;
}

/** Opens a card and records, in order, every distinct thing the card tells the user. */
async function watchedCard(id, params = {}) {
  const opened = await openCard(browser, sim, { execution: id, poll: "1", ...params });
  await opened.card.waitForStatus("RUNNING");
  await opened.page.evaluate(() => {
    // every fetch the widget itself makes (web-sys looks `fetch` up on window at call time)
    const fetches = (window.__fetches = []);
    const original = window.fetch;
    window.fetch = function (input, init) {
      fetches.push({ method: input?.method ?? init?.method ?? "GET", url: String(input?.url ?? input) });
      return original.apply(this, arguments);
    };
    const root = document.querySelector(".rw-card");
    const seen = (window.__seen = []);
    const push = (kind, text) => {
      if (text && !seen.some((s) => s.kind === kind && s.text === text)) seen.push({ kind, text });
    };
    const record = () => {
      const stale = root.querySelector(".rw-stale");
      if (stale && !stale.hidden) push("error line", stale.textContent.split(/ Showing data from| Trying again in/)[0].trim());
      for (const n of root.querySelectorAll("[data-notice]")) push(`notice (${n.dataset.notice})`, n.textContent.trim());
      if (root.querySelector("form.rw-sign-in")) push("sign-in form", "Sign in to see this execution.");
      const badge = root.querySelector("[data-status]");
      if (badge) push("status", badge.dataset.status);
    };
    new MutationObserver(record).observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    record();
    // every text the card's live region takes, in order (what a screen reader is given to say)
    const region = root.querySelector(".rw-card > [role=status]");
    const said = (window.__said = []);
    new MutationObserver(() => { if (region.textContent) said.push(region.textContent); })
      .observe(region, { subtree: true, childList: true, characterData: true });
  });
  return opened;
}

const seen = (page) => page.evaluate(() => window.__seen);
const messages = async (page) => (await seen(page)).filter((s) => s.kind !== "status");
const statuses = async (page) => (await seen(page)).filter((s) => s.kind === "status").map((s) => s.text);
const stopRequests = (id) => apiRequests(sim, { method: "POST", pathIncludes: `${id}/stop` });
const widgetStopFetches = async (page, id) =>
  (await page.evaluate(() => window.__fetches)).filter((f) => f.method === "POST" && f.url.includes(`${id}/stop`));
const pageErrors = (logs) => logs.filter((l) => l.startsWith("pageerror"));

/**
 * A fault while polling: the error line shows `words`, the last good data stays, then recovery,
 * no stop request at all. `inject` may return extra checks to run after recovery.
 */
function pollingCase({ fault, injected, words, inject, messageTimeout = 10_000, recoverTimeout = 20_000, extra, todo, said: mustSay }) {
  test(`polling: ${fault}`, { todo }, async () => {
    const id = await freshExecution();
    const { card, page, context, logs } = await watchedCard(id);
    try {
      await sim.clearRequests();
      const injectedAt = Date.now();
      const info = await inject(id);
      await eventually(async () => (await messages(page)).some((m) => words.test(m.text)), messageTimeout, `"${words}" for ${fault}`);
      assert.equal(await card.status(), "RUNNING", "the last good data stays on screen");
      assert.match(await card.stale().textContent(), /Showing data from/);
      await eventually(async () => !(await card.stale().isVisible()), recoverTimeout, "recovery");
      await card.waitForStatus("RUNNING");
      const said = await page.evaluate(() => window.__said);
      assert.ok(said.every((t) => !/Trying again in|Showing data from/.test(t)), `no countdown said: ${said}`);
      if (mustSay) assert.ok(said.some((t) => words.test(t)), `an error that lasts is said: ${JSON.stringify(said)}`);
      if (said.some((t) => words.test(t))) assert.equal(said.at(-1), "Live data again.", "an outage that was said has its end said");
      const shown = await messages(page);
      await extra?.({ id, page, card, info, injectedAt });
      const stops = (await stopRequests(id)).length;
      assert.equal(stops, 0, "no stop was sent");
      assert.deepEqual(pageErrors(logs), []);
      rows.push({ phase: "polling", fault, injected, seen: shown, recovers: "yes: the error line goes, live data again", stops });
    } finally {
      await context.close(); // a failed case must not leave a card polling (it would eat the next case's faults)
    }
  });
}

/** The list request after the one that got the fault, from the server's log. */
async function pollAfterFault() {
  const lists = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.ok(lists.length >= 2, "the faulted poll and the one after it");
  return { faulted: lists[0], next: lists[1] };
}

pollingCase({
  fault: "HTTP 500", injected: '`{route:"list", kind:"status", status:500, count:2}`',
  words: new RegExp(literal(MSG.server500)),
  inject: () => sim.fault({ route: "list", kind: "status", status: 500, count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});
pollingCase({
  fault: "HTTP 502", injected: '`{route:"list", kind:"status", status:502, count:2}`',
  words: new RegExp(`^${literal(MSG.unavailable)}$`),
  inject: () => sim.fault({ route: "list", kind: "status", status: 502, count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});
pollingCase({
  fault: "HTTP 503 + Retry-After: 2 (seconds)", injected: '`{route:"list", kind:"status", status:503, retry_after:"2"}`',
  words: new RegExp(`^${literal(MSG.unavailable)}$`),
  inject: () => sim.fault({ route: "list", kind: "status", status: 503, retry_after: "2", count: 1 }),
  extra: async () => {
    const { faulted, next } = await pollAfterFault();
    assert.ok(next.time_ms - faulted.time_ms >= 1_900, `Retry-After honoured: next poll ${next.time_ms - faulted.time_ms} ms later`);
  },
});
pollingCase({
  fault: "HTTP 503 + Retry-After: HTTP date ~6 s ahead", injected: '`{route:"list", kind:"status", status:503, retry_after: new Date(Date.now()+6000).toUTCString()}`',
  words: new RegExp(`^${literal(MSG.unavailable)}$`),
  inject: async () => {
    const at = new Date(Date.now() + 6000);
    await sim.fault({ route: "list", kind: "status", status: 503, retry_after: at.toUTCString(), count: 1 });
    return { at: Math.floor(at.getTime() / 1000) * 1000 };
  },
  extra: async ({ info }) => {
    const { faulted, next } = await pollAfterFault();
    // the date has whole seconds and the widget reads the server's clock from `Date`: allow 1 s; and the
    // wait is the date's, not the 1–2 s backoff an ignored date would leave (the faulted poll came within
    // ~1 s of setting the fault, so the date is ≥ 4 s after it)
    assert.ok(next.time_ms >= info.at - 1_000, `no poll before the date (${next.time_ms - info.at} ms)`);
    assert.ok(next.time_ms - faulted.time_ms >= 3_500, `waited for the date: ${next.time_ms - faulted.time_ms} ms`);
  },
});
pollingCase({
  fault: "HTTP 429 + Retry-After: 2", injected: '`{route:"list", kind:"status", status:429, retry_after:"2"}`',
  words: new RegExp(`^${literal(MSG.busy)}$`),
  inject: () => sim.fault({ route: "list", kind: "status", status: 429, retry_after: "2", count: 1 }),
  extra: async () => {
    const { faulted, next } = await pollAfterFault();
    assert.ok(next.time_ms - faulted.time_ms >= 1_900, `Retry-After honoured: next poll ${next.time_ms - faulted.time_ms} ms later`);
  },
});
pollingCase({
  fault: "slow answer (17 s, past the 15 s timeout)", injected: '`{route:"list", kind:"slow", delay_ms:17000}`',
  words: new RegExp(literal(MSG.timeout)), messageTimeout: 25_000, recoverTimeout: 25_000,
  inject: () => sim.fault({ route: "list", kind: "slow", delay_ms: 17_000, count: 1 }),
});
pollingCase({
  fault: "dropped connection", injected: '`{route:"list", kind:"drop", count:2}`',
  words: new RegExp(literal(MSG.network)),
  inject: () => sim.fault({ route: "list", kind: "drop", count: 2 }),
});
pollingCase({
  fault: "redirect (HTTP 307, not followed)", injected: '`{route:"list", kind:"redirect", location:"/elsewhere", count:2}`',
  words: new RegExp(literal(MSG.redirect)),
  inject: () => sim.fault({ route: "list", kind: "redirect", location: "/elsewhere", count: 2 }),
});
pollingCase({
  fault: "truncated body", injected: '`{route:"list", kind:"truncate", count:2}`',
  words: new RegExp(literal(MSG.decode)),
  inject: () => sim.fault({ route: "list", kind: "truncate", count: 2 }),
});
pollingCase({
  fault: "wrong types", injected: '`{route:"list", kind:"wrong_types", count:2}` (`results: {}`)',
  words: new RegExp(literal(MSG.decode)),
  inject: () => sim.fault({ route: "list", kind: "wrong_types", count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});
pollingCase({
  fault: "HTML body (200 text/html)", injected: '`{route:"list", kind:"html", count:2}`',
  words: new RegExp(literal(MSG.decode)),
  inject: () => sim.fault({ route: "list", kind: "html", count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});
pollingCase({
  fault: "HTTP 403", injected: '`{route:"list", kind:"status", status:403, count:2}`',
  words: new RegExp(literal(MSG.forbidden)),
  inject: () => sim.fault({ route: "list", kind: "status", status: 403, count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});
pollingCase({
  fault: "HTTP 404", injected: '`{route:"list", kind:"status", status:404, count:2}`',
  words: new RegExp(literal(MSG.notFound)),
  inject: () => sim.fault({ route: "list", kind: "status", status: 404, count: 2 }),
  said: true, // fails twice in a row (or lasts): said once
});

test("first load: HTTP 500 before any data", async () => {
  const id = await freshExecution();
  // three failures in a row (retries after ~1 s and ~2 s): time to look at the card between them
  await sim.fault({ route: "list", kind: "status", status: 500, count: 3 });
  const { card, context, logs } = await openCard(browser, sim, { execution: id, poll: "1" });
  const badge = card.root.locator(".rw-badge__text");
  await eventually(async () => (await badge.textContent()) === "Unavailable", 5_000, "the badge says why there is no status");
  assert.equal(await card.root.locator("[data-status]").count(), 0, "no status invented");
  const line = (await card.stale().textContent()).trim();
  assert.match(line, new RegExp("^" + literal(MSG.server500)));
  assert.equal(await card.liveRegion().textContent(), MSG.server500, "the error is said once, without its countdown");
  await card.waitForStatus("RUNNING", 10_000); // retried on the backoff
  assert.equal(await card.stale().isVisible(), false);
  assert.deepEqual(pageErrors(logs), []);
  rows.push({ phase: "first load", fault: "HTTP 500 before any data (3 times)", injected: '`{route:"list", kind:"status", status:500, count:3}` before the page opens',
    seen: [{ kind: "badge", text: "Unavailable" }, { kind: "error line", text: line.split(/ Trying again in/)[0] }],
    recovers: "yes: retried on the backoff (1 s, 2 s), shows RUNNING", stops: 0 });
  await context.close();
});

test("announcements: a one-off failure is not said; an outage is said once, and its end", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  await sim.fault({ route: "list", kind: "status", status: 500, count: 1 });
  await eventually(async () => (await messages(page)).some((m) => m.text.startsWith(MSG.server500)), 5_000, "error line");
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "recovered");
  assert.deepEqual(await page.evaluate(() => window.__said), [], "a blip is shown, not said");

  await sim.fault({ route: "list", kind: "status", status: 500, count: 3 });
  await eventually(async () => (await card.stale().isVisible()), 5_000, "error line again");
  await eventually(async () => !(await card.stale().isVisible()), 20_000, "recovered again");
  assert.deepEqual(await page.evaluate(() => window.__said), [MSG.server500, "Live data again."]);
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

test("announcements: the end of an outage and the status change it hid are said together", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  await sim.fault({ route: "list", kind: "status", status: 500, count: 3 });
  await eventually(async () => (await page.evaluate(() => window.__said)).includes(MSG.server500), 10_000, "the outage said");
  // the execution ends while the card cannot see it
  await sim.upsert({ execution_id: id, status: "SUCCESS", timers: [{ start_ago_ms: 120_000, end_ago_ms: 1_000 }] });
  await card.waitForStatus("SUCCESS", 20_000);
  await page.waitForTimeout(200);
  const said = await page.evaluate(() => window.__said);
  assert.equal(said.at(-1), "Live data again. Execution status: Succeeded", `neither replaces the other: ${JSON.stringify(said)}`);
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

test("announcements: ten cards of one job say one outage once", async () => {
  const ids = [];
  for (let i = 0; i < 10; i++) ids.push(await freshExecution());
  const { page, context, logs } = await openCard(browser, sim, { execution: ids.join(","), poll: "1" });
  await eventually(async () => (await page.locator('[data-status="RUNNING"]').count()) === 10, 15_000, "ten cards");
  await page.evaluate(() => {
    window.__said = [];
    for (const region of document.querySelectorAll(".rw-card > [role=status]")) {
      new MutationObserver(() => { if (region.textContent) window.__said.push(region.textContent); })
        .observe(region, { subtree: true, childList: true, characterData: true });
    }
  });
  // long enough that every card fails at least twice (the retries are jittered, not shared)
  await sim.fault({ route: "list", kind: "status", status: 500, count: 20 });
  await eventually(async () => (await page.locator(".rw-stale:not([hidden])").count()) === 10, 10_000, "every card shows the error");
  await eventually(async () => (await page.locator(".rw-stale:not([hidden])").count()) === 0, 40_000, "every card recovers");
  const said = await page.evaluate(() => window.__said);
  assert.equal(said.filter((t) => t === MSG.server500).length, 1, `said once: ${JSON.stringify(said)}`);
  assert.equal(said.filter((t) => t === "Live data again.").length, 1, `its end said once: ${JSON.stringify(said)}`);
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

test("polling: unknown status in the document", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  await sim.clearRequests();
  const doc = (status) => ({ execution_id: id, job_id: JOB, account_alias: ACCOUNT, status,
    timers: [{ start: Date.now() - 120_000, end: null }], repository_log: null, failed_hosts: [], is_vpn_established: false });
  await sim.upsert({ execution_id: id, raw: doc("PAUSED_BY_OPERATOR") });
  await card.waitForStatus("PAUSED_BY_OPERATOR", 10_000); // data-status carries the raw wire value
  await eventually(async () => /PAUSED_BY_OPERATOR/.test(await card.badge().textContent()), 10_000, "raw status shown");
  assert.equal(await card.stale().isVisible(), false, "not an error");
  assert.ok(await card.stopButton().isDisabled(), "no Stop for a status the widget doesn't know");
  const why = await card.root.locator(".rw-countdown").textContent();
  assert.equal(why, "Stop is unavailable: the server reported a status this card does not know.");
  const before = (await apiRequests(sim, { method: "GET" })).length;
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length > before, 10_000, "polling goes on");
  await sim.upsert({ execution_id: id, raw: doc("RUNNING") });
  await card.waitForStatus("RUNNING", 10_000);
  const stops = (await stopRequests(id)).length;
  assert.equal(stops, 0);
  assert.deepEqual(pageErrors(logs), []);
  const badge = `badge shows the raw text "${(await seen(page)).find((s) => s.kind === "status" && s.text !== "RUNNING")?.text}" (neutral), no error line, Stop disabled with "${why}"`;
  rows.push({ phase: "polling", fault: "unknown status", injected: '`sim.upsert({execution_id, raw: {..., status:"PAUSED_BY_OPERATOR"}})`',
    seen: [{ kind: "status", text: badge }, ...(await messages(page))], recovers: "yes: keeps polling; RUNNING again when the server says so", stops });
  await context.close();
});

test("polling: 401 (token expired) asks the provider again, silently", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  assert.equal(await page.evaluate(() => window.__tokenCalls), 1);
  await sim.clearRequests();
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 1, 5_000, "a poll");
  const before = (await apiRequests(sim, { method: "GET" }))[0].headers.authorization;
  await sim.clearRequests();
  await sim.expireTokens();
  // whatever happens, let it happen: a renewed token in use, or the sign-in form
  await eventually(async () => (await card.root.locator("form.rw-sign-in").count()) > 0
    || (await apiRequests(sim, { method: "GET" })).filter((r) => r.headers.authorization !== before).length >= 2, 10_000, "an outcome");
  const lists = await apiRequests(sim, { method: "GET" });
  const renewedUsed = lists.some((r) => r.headers.authorization !== before);
  const signIn = (await card.root.locator("form.rw-sign-in").count()) > 0;
  const tokenCalls = await page.evaluate(() => window.__tokenCalls);
  const stops = (await stopRequests(id)).length;
  const shown = await messages(page);
  rows.push({ phase: "polling", fault: "401 (token expired)", injected: "`POST /__sim/tokens/expire`",
    seen: shown.length ? shown : [{ kind: "none", text: "nothing: the provider is asked once for a new token and the poll retried" }],
    recovers: renewedUsed && !signIn ? "yes, at once"
      : `**no** (bug): provider asked (${tokenCalls - 1}×) but the renewed token was never sent; polling stops until the user signs in`,
    stops });
  assert.equal(tokenCalls, 2, "the provider is asked exactly once more");
  assert.ok(renewedUsed, "the poll is retried with the renewed token");
  assert.equal(signIn, false, "no sign-in form: the provider's token works");
  assert.deepEqual(shown, [], "no error, no sign-in form: the renewal is invisible");
  await card.waitForStatus("RUNNING");
  assert.equal(stops, 0);
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

test("polling: 401 that a renewed token doesn't fix offers sign-in", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  await sim.fault({ route: "list", kind: "status", status: 401, count: 2 });
  await eventually(async () => card.root.locator("form.rw-sign-in").isVisible(), 10_000, "sign-in form");
  assert.equal(await page.evaluate(() => window.__tokenCalls), 2, "the provider was asked once more first");
  await eventually(async () => (await messages(page)).some((m) => m.text === MSG.unauthorized), 5_000, "message");
  await sim.admin("DELETE", "/faults"); // the server is fine again; the user reads the form and signs in
  const form = card.root.locator("form.rw-sign-in");
  await form.getByLabel("User name").fill("demo");
  await form.getByLabel("Password").fill("demo");
  await form.getByRole("button", { name: "Sign in" }).click();
  await eventually(async () => (await form.count()) === 0, 10_000, "form gone");
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "error gone");
  await card.waitForStatus("RUNNING");
  const stops = (await stopRequests(id)).length;
  assert.equal(stops, 0);
  assert.deepEqual(pageErrors(logs), []);
  rows.push({ phase: "polling", fault: "401 twice (the renewed token is refused too)", injected: '`{route:"list", kind:"status", status:401, count:2}`',
    seen: await messages(page), recovers: "yes, after the user signs in with the form", stops });
  await context.close();
});

/**
 * A fault on the stop request: the notice shows `words`; exactly `expectedStops` stop requests
 * (one, unless the token was refused); then `recover` says how the card got back to the truth.
 */
function stopCase({ fault, injected, words, inject, expectedStops = 1, expectedFetches = 1, settle, recovers, note, params, todo }) {
  test(`stop: ${fault}`, { todo }, async () => {
    const id = await freshExecution();
    const { card, page, context, logs } = await watchedCard(id, params);
    await sim.clearRequests();
    await inject(id);
    await card.stop("0");
    await eventually(async () => (await messages(page)).some((m) => words.test(m.text)), 25_000, `"${words}" for ${fault}`);
    await settle(card, id);
    await sleep(2_000); // the card keeps polling; nothing may re-send the stop
    const stops = await stopRequests(id);
    assert.equal((await widgetStopFetches(page, id)).length, expectedFetches, "stop fetches the widget made");
    assert.equal(stops.length, expectedStops, "stop requests the server received");
    assert.ok(stops.every((r) => r.body === stops[0].body), "any re-send is the same request");
    assert.deepEqual(pageErrors(logs), []);
    rows.push({ phase: "stop", fault, injected, seen: await messages(page), recovers, stops: stops.length,
      widgetFetches: expectedFetches, note, statuses: await statuses(page) });
    await context.close();
  });
}

const stillRunning = async (card) => {
  await card.waitForStatus("RUNNING");
  await eventually(async () => card.stopButton().isEnabled(), 10_000, "Stop offered again");
};
const stopHappened = async (card) => {
  await card.waitForStatus("STOPPED", 20_000);
};

stopCase({
  fault: "HTTP 500", injected: '`{route:"stop", kind:"status", status:500}`',
  words: new RegExp("^" + literal(`Couldn't confirm the stop. ${MSG.server500} ${MSG.unconfirmed}`) + "$"),
  inject: () => sim.fault({ route: "stop", kind: "status", status: 500 }),
  settle: stillRunning, recovers: "yes: still RUNNING, Stop offered again (not re-sent by itself)",
});
stopCase({
  fault: "redirect (HTTP 303, not followed)", injected: '`{route:"stop", kind:"redirect", status:303, location:"/elsewhere"}`',
  // a 303 after a POST usually comes once the request was carried out: unconfirmed, not "did nothing"
  words: new RegExp("^" + literal(`Couldn't confirm the stop. ${MSG.redirect} ${MSG.unconfirmed}`) + "$"),
  inject: () => sim.fault({ route: "stop", kind: "redirect", status: 303, location: "/elsewhere" }),
  settle: stillRunning, recovers: "yes: still RUNNING (this server did not carry it out), Stop offered again (not re-sent by itself)",
});
stopCase({
  fault: "HTTP 503 + Retry-After: 2", injected: '`{route:"stop", kind:"status", status:503, retry_after:"2"}`',
  words: new RegExp("^" + literal(`Couldn't stop the execution. The Runner service is busy and did nothing; try again in 2 s.`)),
  inject: () => sim.fault({ route: "stop", kind: "status", status: 503, retry_after: "2" }),
  settle: async (card) => { await sleep(3_000); await stillRunning(card); },
  recovers: "yes: still RUNNING, Stop offered again; the stop is not retried after Retry-After",
});
stopCase({
  fault: "dropped connection, once", injected: '`{route:"stop", kind:"drop"}`',
  words: /^The execution is now stopped\.$/,
  inject: () => sim.fault({ route: "stop", kind: "drop" }),
  expectedStops: 2, expectedFetches: 1,
  settle: stopHappened, recovers: "yes: STOPPING → STOPPED, no error shown",
  note: "Chromium itself re-sent the POST on a new connection (a reused keep-alive connection closed without an answer); the widget fetched once",
});
stopCase({
  fault: "dropped connection, twice", injected: '`{route:"stop", kind:"drop", count:2}`',
  words: new RegExp("^" + literal(`Couldn't confirm the stop. ${MSG.network} ${MSG.unconfirmed}`) + "$"),
  inject: () => sim.fault({ route: "stop", kind: "drop", count: 2 }),
  expectedStops: 2, expectedFetches: 1,
  settle: stillRunning, recovers: "yes: still RUNNING, Stop offered again",
  note: "both were the one widget fetch: Chromium's own re-send was dropped too",
});
stopCase({
  fault: "HTTP 504 from a gateway after the stop was carried out (its answer lost)", injected: '`{route:"stop", kind:"lost", status:504}`',
  // (a poll that lands while the stop is out may show STOPPING first: then the card says so at once)
  words: /^The status changed to Stopping: your stop \(or another\) reached the Runner service\.$|^The stop couldn't be confirmed, but the status changed to Stopping: it \(or another\) reached the Runner service\.$/,
  inject: () => sim.fault({ route: "stop", kind: "lost", status: 504 }),
  settle: async (card) => {
    const said = (await card.page.evaluate(() => window.__seen)).map((m) => m.text);
    assert.ok(said.every((t) => !/Couldn't stop|did nothing/.test(t)), `never "failed" nor "did nothing": ${JSON.stringify(said)}`);
    await stopHappened(card);
  },
  recovers: "yes: says it couldn't confirm the stop, then that it arrived when STOPPING shows; STOPPED",
});
stopCase({
  fault: "slow answer (17 s, past the 15 s timeout)", injected: '`{route:"stop", kind:"slow", delay_ms:17000}`',
  words: new RegExp("^" + literal(`Couldn't confirm the stop. ${MSG.timeout} ${MSG.unconfirmed}`) + "$"),
  inject: () => sim.fault({ route: "stop", kind: "slow", delay_ms: 17_000 }),
  settle: async (card) => { await sleep(3_000); await stillRunning(card); },
  recovers: "yes: still RUNNING, Stop offered again (the widget aborted the request; the simulator then drops it unhandled)",
});
stopCase({
  fault: "truncated body (the stop happened)", injected: '`{route:"stop", kind:"truncate"}`',
  words: /^The stop request was sent, but the response couldn't be read\. Refreshing…$/,
  inject: () => sim.fault({ route: "stop", kind: "truncate" }),
  // the stop was accepted (a 2xx): the card follows it to the end like any other
  settle: async (card) => {
    await stopHappened(card);
    await eventually(async () => /^The execution is now stopped\.$/.test(await card.notice().textContent()), 5_000, "outcome notice");
  },
  recovers: "yes: refreshes, shows STOPPING → STOPPED, then says the execution is now stopped",
});
stopCase({
  fault: "401 (token expired before the stop)", injected: "`POST /__sim/tokens/expire` just before Stop (card polling every 30 s)",
  words: /^The execution is now stopp(ing|ed)\.$/,
  inject: () => sim.expireTokens(), expectedStops: 2, expectedFetches: 2,
  params: { poll: "30" }, // no poll between the expiry and the stop renews the token first
  note: "the first was refused with 401 (nothing done); the widget re-sent it once with the provider's new token",
  settle: async (card, id) => {
    await stopHappened(card);
    const [refused, sent] = await stopRequests(id);
    assert.notEqual(refused.headers.authorization, sent.headers.authorization, "re-sent only with a new token");
  },
  recovers: "yes: a new token from the provider, the stop re-sent once (the 401 means nothing was done)",
});
test("stop: on an execution that already finished (409)", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id, { poll: "30" });
  await sim.clearRequests();
  await card.stopButton().click();
  // the play finishes while the user reads the confirmation
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 120_000, run_ms: null });
  await card.confirmButton("stop").click();
  const words = "The execution had already finished, so it was not stopped. The card has been refreshed.";
  await eventually(async () => (await card.notice().textContent()) === words, 5_000, "notice");
  await card.waitForStatus("SUCCESS", 5_000);
  await sleep(1_000);
  const stops = (await stopRequests(id)).length;
  assert.equal(stops, 1);
  assert.deepEqual(pageErrors(logs), []);
  rows.push({ phase: "stop", fault: "execution already finished (HTTP 409 from the server)",
    injected: "`sim.upsert({status:\"SUCCESS\"})` while the confirmation is open", seen: await messages(page),
    recovers: "yes: refreshed at once, shows SUCCESS", stops, statuses: await statuses(page) });
  await context.close();
});

test("restart: of an execution someone else restarted meanwhile (409) says so, not that it had finished", async () => {
  const id = await freshExecution();
  await sim.upsert({ execution_id: id, status: "FAILURE", started_ago_ms: 120_000, run_ms: 60_000 });
  const { card, context, logs } = await openCard(browser, sim, { execution: id, poll: "30" });
  await card.waitForStatus("FAILURE");
  // someone else restarts it; the card does not poll a failed execution, so it still shows FAILURE
  const elsewhere = await actAsAnother(sim, id, "restart");
  assert.equal(elsewhere.status, 200);
  await card.restartButton().click();
  await card.confirmButton("restart").click();
  await eventually(async () => /^The execution is no longer failed \(it may have been restarted already\), so it was not restarted\./
    .test(await card.notice().textContent()), 5_000, "the restart's own words");
  await eventually(async () => (await card.status()) !== "FAILURE", 5_000, "refreshed");
  assert.doesNotMatch(await card.notice().textContent(), /already finished/);
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

test("a 409 on the list is the server's refusal, not a finished execution", async () => {
  const id = await freshExecution();
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await sim.fault({ route: "list", kind: "status", status: 409, body: JSON.stringify({ message: "Account XXXX is not active" }) });
  await eventually(async () => /Account XXXX is not active/.test(await card.stale().textContent()), 10_000, "the server's words");
  assert.doesNotMatch(await card.stale().textContent(), /finished/);
  await context.close();
});

test("stop: a 503/429 notice doesn't promise a retry that never comes", async () => {
  for (const status of [503, 429]) {
    const id = await freshExecution();
    const { card, page, context } = await watchedCard(id);
    await sim.fault({ route: "stop", kind: "status", status, retry_after: "2" });
    await card.stop("0");
    await eventually(async () => /^Couldn't stop the execution\./.test(await card.notice().textContent()), 10_000, "notice");
    const notice = await card.notice().textContent();
    await sleep(3_000);
    assert.equal((await widgetStopFetches(page, id)).length, 1, "indeed not retried");
    await context.close();
    assert.doesNotMatch(notice, /retrying/, `HTTP ${status} on stop: "${notice}"`);
  }
});

test("stop: refused as busy with a Retry-After, the card waits that long before it asks the server anything", async () => {
  for (const status of [429, 503]) {
    const id = await freshExecution();
    const { card, context } = await watchedCard(id); // polls every 1 s
    await sim.fault({ route: "stop", kind: "status", status, retry_after: "6" });
    await card.stop("0");
    await eventually(async () => /^Couldn't stop the execution\./.test(await card.notice().textContent()), 10_000, "notice");
    const refusedAt = (await stopRequests(id))[0].time_ms;
    await sleep(7_000);
    const lists = (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).map((r) => r.time_ms);
    const early = lists.filter((t) => t > refusedAt && t < refusedAt + 5_000); // Retry-After 6 s, whole seconds
    assert.deepEqual(early.map((t) => t - refusedAt), [], `HTTP ${status}: no poll within the Retry-After`);
    assert.ok(lists.some((t) => t >= refusedAt + 5_000), `HTTP ${status}: polls again after it`);
    await context.close();
  }
  // the same with a poll out when the stop is refused: its answer does not end the wait
  const id = await freshExecution();
  const { card, context } = await watchedCard(id);
  await sim.fault({ route: "list", kind: "slow", delay_ms: 2_500, count: 1 });
  await sleep(1_200); // the next poll (every second) is out, held 2.5 s
  await sim.fault({ route: "stop", kind: "status", status: 429, retry_after: "6" });
  await card.stop("0");
  await eventually(async () => /^Couldn't stop the execution\./.test(await card.notice().textContent()), 10_000, "notice");
  const refusedAt = (await stopRequests(id))[0].time_ms;
  await sleep(7_000);
  const lists = (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).map((r) => r.time_ms);
  assert.deepEqual(lists.filter((t) => t > refusedAt && t < refusedAt + 5_000).map((t) => t - refusedAt), [],
    "a poll out meanwhile: still no poll within the Retry-After");
  await context.close();
});

test("stop: a failed stop's error gives way when the status changes", async () => {
  const id = await freshExecution();
  const { card, page, context, logs } = await watchedCard(id);
  // a 503: the stop surely did nothing (after a 500 it may have been carried out: the "stop: HTTP 500" case)
  await sim.fault({ route: "stop", kind: "status", status: 503 });
  await card.stop("0");
  await eventually(async () => /^Couldn't stop the execution\./.test(await card.notice().textContent()), 10_000, "error notice");
  // the play finishes by itself (or someone else stops it): the error no longer describes the card
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 120_000, run_ms: null });
  await card.waitForStatus("SUCCESS", 10_000);
  await eventually(async () => (await card.notice().textContent()) === "The status changed to Succeeded.", 5_000, "notice follows the status");
  assert.equal(await card.notice().getAttribute("data-notice"), "info");
  assert.equal(await card.liveRegion().textContent(), "The status changed to Succeeded.");
  assert.equal((await widgetStopFetches(page, id)).length, 1, "no second stop");
  assert.deepEqual(pageErrors(logs), []);
  await context.close();
});

function literal(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
