// Things that change under the user: the execution finishes (or someone else stops it) while a
// confirmation is open, the card is unmounted while a stop waits for a token, the page
// hands over a new token while a poll with the old one is in flight, and two cards of one job hold
// different tokens; the execution runs again before a stop signal expired.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, mintToken, openCard, apiRequests, eventually, sleep, watchSignIn, Card, ACCOUNT, JOB, RUNNING_ID, SUCCESS_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

const mint = () => mintToken(sim);

/** A page with programmatic cards, no token provider, each handed `tokens[i]` right after mounting. */
async function programmaticCards(ids, tokens, initScript) {
  const context = await browser.newContext();
  await context.addInitScript((t) => { window.__initialTokens = t; }, tokens);
  if (initScript) await context.addInitScript(initScript);
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
  // focus was on Confirm (it takes focus as the confirmation opens): it goes back to Stop
  await eventually(() => page.evaluate(() => document.activeElement?.textContent === "Stop"), 5_000, "focus back on Stop");
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: `${id}/stop` })).length, 0, "no stop was sent");
  await context.close();
});

test("the execution finishes while Confirm stop is open and the user is elsewhere on the page: focus stays there", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f6";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  await card.stopButton().click();
  await card.confirmButton("stop").waitFor();
  // the user leaves the open confirmation for the portal's own search field
  await page.evaluate(() => {
    const field = Object.assign(document.createElement("input"), { id: "portal-search" });
    document.body.prepend(field);
    field.focus();
  });
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 60_000 });
  await card.waitForStatus("SUCCESS", 10_000);
  await eventually(async () => (await card.root.locator(".rw-confirm:not([hidden])").count()) === 0, 5_000, "confirmation closed");
  // two frames: the card hands focus on in a frame callback, when it does
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.evaluate(() => document.activeElement?.id), "portal-search", "focus not pulled back into the card");
  await context.close();
});

test("someone else stops the execution while Confirm stop is open: the confirmation closes and says why, nothing is sent", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]); // stays STOPPING for this test
  try {
    const id = "0c0f1e00-0000-4000-8000-00000000c0f2";
    await slow.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
    const { card, context, logs } = await openCard(browser, slow, { execution: id, poll: "1" });
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("5");
    await card.stopButton().click();
    await card.confirmButton("stop").waitFor();
    // STOPPING still takes a stop, but Confirm would now replace the other operator's signal
    await slow.upsert({ execution_id: id, status: "STOPPING", started_ago_ms: 60_000, phase_ago_ms: 0 });
    await card.waitForStatus("STOPPING", 10_000);
    await eventually(async () => (await card.root.locator(".rw-confirm:not([hidden])").count()) === 0, 5_000, "confirmation closed");
    assert.equal(await card.notice().textContent(),
      "The status changed to Stopping while you were confirming. Check it, then stop again if you still want to.");
    assert.equal((await apiRequests(slow, { method: "POST", pathIncludes: `${id}/stop` })).length, 0, "no stop was sent");
    // Stop opens a fresh confirmation, which says what it does now
    await card.stopButton().click();
    assert.match(await card.root.locator(".rw-confirm:not([hidden]) .rw-confirm__text").textContent(), /^Send a new stop signal\? It replaces the one already sent\./);
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("an execution starting up (PENDING → INITIALIZING → RUNNING) leaves an open Confirm stop alone", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f5";
  await sim.upsert({ execution_id: id, status: "PENDING", started_ago_ms: 0 });
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("PENDING");
  await card.stopButton().click();
  await card.confirmButton("stop").waitFor();
  await card.waitForStatus("RUNNING", 10_000); // Stop means the same in all three
  assert.equal(await card.root.locator(".rw-confirm:not([hidden])").count(), 1, "the confirmation is still open");
  await card.cancelButton().click();
  await context.close();
});

test("unmounted while a stop waits for a renewed token: the stop is never sent", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f3";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { card, page, context, logs } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  // from now on the provider (looked up by name at each call) holds its answer until released
  await page.evaluate(() => {
    window.__realGetToken = window.getToken;
    window.__held = 0;
    window.getToken = () => { window.__held += 1; return new Promise((resolve) => { window.__release = () => window.__realGetToken().then(resolve); }); };
  });
  await sim.expireTokens(); // the next poll gets a 401 and asks the provider
  await eventually(() => page.evaluate(() => window.__held >= 1), 5_000, "provider asked");
  await card.stopButton().click();
  await card.confirmButton("stop").click(); // waits for the same renewal
  await sim.clearRequests();
  // the single-page app takes the card's element out of the document and calls mountAll()
  await page.evaluate(async () => {
    document.querySelector("[data-runner-execution]").remove();
    (await import("/runner-widget.js")).mountAll();
  });
  await page.evaluate(() => window.__release());
  await sleep(2_500);
  assert.deepEqual(await apiRequests(sim), [], "nothing was requested after unmount: no stop, no poll");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("unmount() with a (shared) poll and a stop both in flight aborts both", async () => {
  const id = "0c0f1e00-0000-4000-8000-0000000ab027"; // its own: the stop it sends stays in the request log
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const context = await browser.newContext();
  // every Runner request the page makes, with its AbortSignal and whether its answer came
  await context.addInitScript(() => {
    window.__fetches = [];
    const real = window.fetch;
    window.fetch = function (input, init) {
      const url = String(input?.url ?? input);
      const record = { url, method: init?.method ?? "GET", signal: init?.signal, settled: false };
      if (url.includes("/executions")) window.__fetches.push(record);
      const answer = real.call(this, input, init);
      answer.then(() => { record.settled = true; }, () => { record.settled = true; });
      return answer;
    };
  });
  const page = await context.newPage();
  const logs = [];
  page.on("pageerror", (e) => logs.push(e.message));
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: id, mode: "programmatic", poll: "1" });
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  const card = new Card(page.locator(".rw-card"));
  await card.waitForStatus("RUNNING");
  const pending = () => page.evaluate(() => window.__fetches.filter((f) => !f.settled).map((f) => f.method));
  // the next poll hangs; while it is out, the user stops, and the stop hangs too
  await sim.fault({ route: "list", kind: "slow", delay_ms: 8_000, count: 1 });
  await eventually(async () => (await pending()).includes("GET"), 5_000, "a poll in flight");
  await sim.fault({ route: "stop", kind: "slow", delay_ms: 8_000, count: 1 });
  await card.stop("0");
  await eventually(async () => (await pending()).includes("POST"), 5_000, "the stop in flight too");
  const aborted = await page.evaluate(() => {
    const out = window.__fetches.filter((f) => !f.settled);
    window.__handles[0].unmount();
    return out.map((f) => `${f.method} ${f.signal?.aborted}`);
  });
  assert.deepEqual(aborted.sort(), ["GET true", "POST true"], "both requests aborted at once by unmount()");
  assert.deepEqual(logs, []);
  await context.close();
});

test("signed out after a few errors, with no token provider: the error line promises no retry (only the user goes on)", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0fa";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { context, cards: [card] } = await programmaticCards([id], [await mint()]);
  try {
    await card.waitForStatus("RUNNING");
    await sim.fault({ route: "list", kind: "status", status: 503, count: 2 }); // a backoff is under way…
    await sim.expireTokens(); // …when the token lapses: the next answer is a 401
    await card.root.locator("form.rw-sign-in").waitFor({ timeout: 15_000 });
    // what the error line says from the form's first moment on (a countdown would show there at once)
    const lines = new Set();
    for (let i = 0; i < 25; i++) {
      lines.add(await card.stale().textContent());
      await sleep(100);
    }
    assert.ok([...lines].some((l) => /Sign in again/.test(l)), `the error line: ${[...lines]}`);
    assert.deepEqual([...lines].filter((l) => /Trying again/.test(l)), [], "no countdown to a try that never comes");
  } finally {
    await context.close();
  }
});

test("while a restart is on its way, its own button says Sending… and keeps keyboard focus; Stop still says Stop", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0fb";
  await sim.upsert({ execution_id: id, status: "FAILURE", started_ago_ms: 120_000, run_ms: 60_000 });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30" });
  try {
    await card.waitForStatus("FAILURE");
    await sim.fault({ route: "restart", kind: "slow", delay_ms: 10_000 });
    await card.restartButton().focus();
    await page.keyboard.press("Enter");
    await card.confirmButton("restart").waitFor();
    await page.keyboard.press("Enter"); // focus is on Confirm restart
    const focused = () => page.evaluate(() => document.activeElement?.textContent);
    await eventually(async () => (await focused()) === "Sending…", 5_000, "focus on the restart's button, busy");
    assert.equal(await card.root.getByRole("button", { name: "Sending…" }).getAttribute("aria-disabled"), "true");
    assert.equal(await card.root.locator(".rw-actions .rw-btn--danger").first().textContent(), "Stop", "Stop says nothing of the restart");
    await card.waitForStatus("PENDING", 20_000);
  } finally {
    await context.close(); // a card left open would poll on into the next tests
  }
});

test("Confirm while signed out says to sign in (nothing is sent)", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f4";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  const { context, cards: [card] } = await programmaticCards([id], [await mint()]);
  await card.waitForStatus("RUNNING");
  await sim.expireTokens(); // no provider: the next poll's 401 shows the sign-in form
  await card.root.locator("form.rw-sign-in").waitFor({ timeout: 10_000 });
  await card.stopButton().click();
  await card.confirmButton("stop").click();
  await eventually(async () => (await card.notice().textContent()) === "Sign in to stop the execution.", 5_000, "says to sign in");
  const stops = await apiRequests(sim, { method: "POST", pathIncludes: `${id}/stop` });
  assert.equal(stops.length, 0);
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
  const id = "0c0f1e00-0000-4000-8000-00000000c0fc";
  // the play reaches a safe point only after a minute: the test sets it RUNNING again well before
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, stop_delay_ms: 60_000 });
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
  const id = "0c0f1e00-0000-4000-8000-00000000c0fd";
  // the play reaches a safe point only after a minute: the test sets it RUNNING again well before
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, stop_delay_ms: 60_000 });
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

test("a stop's answer that comes after the polls showed STOPPED does not take the card back to STOPPING", async () => {
  const quick = await startSim(["--stop-delay-ms", "800"]); // STOPPING → STOPPED in 0.8 s
  try {
    const id = "0c0f1e00-0000-4000-8000-00000000c0f7";
    await quick.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
    const { card, page, context, logs } = await openCard(browser, quick, { execution: id, poll: "1" });
    await card.waitForStatus("RUNNING");
    await card.badge().evaluate((badge) => {
      window.__statuses = [];
      new MutationObserver(() => window.__statuses.push(badge.getAttribute("data-status")))
        .observe(badge, { attributes: true, attributeFilter: ["data-status"] });
    });
    // the stop is carried out at once; its answer (STOPPING, as it was then) comes 8 s later
    await quick.fault({ route: "stop", kind: "late", delay_ms: 8_000 });
    await card.stop("30");
    await card.waitForStatus("STOPPED", 10_000); // a poll's, while the answer is held
    assert.equal(await card.root.getByRole("button", { name: "Sending…" }).count(), 1, "the answer is still out");
    await eventually(async () => (await card.root.getByRole("button", { name: "Sending…" }).count()) === 0, 15_000, "the answer came");
    await page.waitForTimeout(1_500); // and the refresh after it
    const seen = await page.evaluate(() => window.__statuses);
    assert.deepEqual(seen.slice(seen.indexOf("STOPPED")), ["STOPPED"], `never back to STOPPING: ${JSON.stringify(seen)}`);
    assert.doesNotMatch(await card.liveRegion().textContent(), /Stopping/, "nothing announced about STOPPING after STOPPED");
    assert.equal((await apiRequests(quick, { method: "POST", pathIncludes: `${id}/stop` })).length, 1);
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  } finally {
    await quick.stop();
  }
});

test("a restart whose answer was lost is followed: the card keeps looking, and sees PENDING when it comes", async () => {
  const id = "0c0f1e00-0000-4000-8000-00000000c0f8";
  await sim.upsert({ execution_id: id, status: "FAILURE", timers: [{ start_ago_ms: 600_000, end_ago_ms: 30_000 }] });
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("FAILURE");
  // the gateway answers 504 and the service has not restarted it (yet): the next poll still reads FAILURE
  await sim.fault({ route: "restart", kind: "status", status: 504 });
  await card.restartButton().click();
  await card.confirmButton("restart").click();
  await eventually(async () => /^Couldn't confirm the restart\./.test(await card.notice().textContent()), 5_000, "unconfirmed");
  const lists = async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).length;
  // (the one refresh right after the action may land after this count: more than one is needed)
  const after = await lists();
  await sleep(3_500);
  assert.ok((await lists()) >= after + 2, "still polling while FAILURE may not be the restart's outcome");
  // the restart shows up (it went through late, or someone else's did)
  await sim.upsert({ execution_id: id, status: "PENDING", started_ago_ms: 0 });
  await card.waitForStatus("PENDING", 5_000);
  await context.close();
});

test("a card whose provider keeps handing over a refused token stays signed out, though another card of the job reads the list", async () => {
  const stale = await mint();
  await sim.expireTokens(); // `stale` is refused from now on; the page's provider mints valid ones
  // the page starts with a card of a finished execution of the job (it asks once, then no more)
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: SUCCESS_ID, mode: "programmatic" });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  await page.waitForFunction(() => window.__ready === true);
  await new Card(page.locator(".rw-card").nth(0)).waitForStatus("SUCCESS");
  const mount = (provider) => page.evaluate(async ([account, job, id, token, provider]) => {
    const el = document.createElement("div");
    document.getElementById("cards").appendChild(el);
    const widget = await import("/runner-widget.js");
    widget.mount(el, { account, job, execution: id, pollInterval: "1", tokenProvider: provider === "stale" ? async () => token : window.getToken });
  }, [ACCOUNT, JOB, RUNNING_ID, stale, provider]);
  // a card whose own provider answers with the refused token, every time: it asks to sign in
  await mount("stale");
  const refused = new Card(page.locator(".rw-card").nth(1));
  await refused.root.locator("form.rw-sign-in").waitFor({ timeout: 10_000 });
  await refused.root.evaluate((el) => {
    window.__refusedSaid = [];
    const region = el.querySelector(":scope > [role=status]");
    new MutationObserver(() => window.__refusedSaid.push(region.textContent)).observe(region, { childList: true, characterData: true, subtree: true });
  });
  // then a card of the same execution with a valid token, polling every second
  await mount("valid");
  const fine = new Card(page.locator(".rw-card").nth(2));
  await fine.waitForStatus("RUNNING");
  await sleep(10_000); // the refused card's provider is asked again on its error backoff (1, 2, 4 s…)
  assert.equal(await refused.root.locator("form.rw-sign-in").count(), 1, "still asks to sign in");
  assert.ok(!(await page.evaluate(() => window.__refusedSaid)).includes("Signed in."), "never claims it signed in");
  assert.equal(await fine.status(), "RUNNING");
  await context.close();
});

test("a new token from the page does not refresh before a Retry-After the server asked for", async () => {
  const { context, page, cards: [card] } = await programmaticCards([RUNNING_ID], [await mint()]);
  await card.waitForStatus("RUNNING");
  await sim.fault({ route: "list", kind: "status", status: 503, retry_after: "8", count: 1 });
  await eventually(async () => await card.stale().isVisible(), 5_000, "error line");
  await sim.clearRequests();
  // the portal renews its session every second meanwhile
  for (let i = 0; i < 4; i++) {
    const token = await mint();
    await page.evaluate((t) => window.__handles[0].setToken(t), token);
    await sleep(1_000);
  }
  assert.equal((await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).length, 0, "no list request before the server's time");
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "recovered after it");
  await context.close();
});

test("a new token from the page cuts the card's own backoff short once the Retry-After part of the wait is over", async () => {
  // Math.random pinned high: each backoff comes near its ceiling (1, 2, 4, then 8 s), so the waits are known
  const { context, page, cards: [card] } = await programmaticCards([RUNNING_ID], [await mint()], () => { Math.random = () => 0.99; });
  await card.waitForStatus("RUNNING");
  await sim.clearRequests();
  await sim.fault({ route: "list", kind: "status", status: 503, retry_after: "1", count: 4 });
  const lists = async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" })).length;
  await eventually(async () => (await lists()) >= 4, 15_000, "four refused polls"); // the fourth's wait: ~7.9 s
  await sleep(1_500); // past its Retry-After (1 s), well inside its backoff
  await page.evaluate((t) => window.__handles[0].setToken(t), await mint());
  await eventually(async () => (await lists()) >= 5, 2_000, "a refresh right after the new token");
  await eventually(async () => !(await card.stale().isVisible()), 3_000, "recovered");
  await context.close();
});
