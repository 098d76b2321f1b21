// Keyboard-only stop, and the documentation's odd document shapes (flat start/end, pseudo-JSON commit).
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, FAILURE_ID, RUNNING_ID, JOB, ACCOUNT } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(["--stop-delay-ms", "800"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("keyboard only: Tab to the expiry, type, Tab to Stop, Enter, Escape, Enter, Enter; focus never falls to the page", async () => {
  const { card, page, context } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await card.expiry().focus();
  await page.keyboard.press("Control+A");
  await page.keyboard.type("12");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Stop");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Confirm stop", "focus moves to Confirm");
  await page.keyboard.press("Escape");
  assert.equal(await card.root.locator(".rw-confirm:not([hidden])").count(), 0);
  // focus returns in the frame after the confirmation hides (when the hidden Confirm would lose it)
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Stop", "focus returns to Stop");
  await sim.fault({ route: "stop", kind: "slow", delay_ms: 10_000, count: 1 });
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  // while the stop is on its way (held 10 s), Confirm is gone and focus waits on Stop (not the page)
  await eventually(async () => (await page.evaluate(() => document.activeElement.textContent)) === "Sending…", 5_000, "focus on Stop during the send");
  assert.equal(await card.root.getByRole("button", { name: "Sending…" }).getAttribute("aria-disabled"), "true");
  await card.waitForStatus("STOPPING", 20_000);
  const [stop] = await apiRequests(sim, { method: "POST", pathIncludes: "/stop" });
  assert.deepEqual(JSON.parse(stop.body), { expiryDuration: 12 });
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Stop", "focus back on Stop after the send");
  await card.waitForStatus("STOPPED", 10_000);
  // Stop cannot be used once the execution has ended, but keeps keyboard focus (aria-disabled, not disabled,
  // which would drop focus to the page); pressing it does nothing
  await eventually(async () => (await card.stopButton().getAttribute("aria-disabled")) === "true", 3_000, "Stop unavailable");
  await page.waitForTimeout(300); // past the frame in which a disabled control would lose focus
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "Stop", "focus still on Stop");
  await page.keyboard.press("Enter");
  assert.equal(await card.root.locator(".rw-confirm:not([hidden])").count(), 0, "no confirmation for a finished execution");
  await context.close();
});

test("a held Enter on Confirm sends one stop: its repeats press nothing (not Stop, nor a new confirmation while STOPPING)", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]); // stays STOPPING for this test
  try {
    const { card, page, context } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("30");
    await card.stopButton().focus();
    await page.keyboard.press("Enter"); // opens the confirmation
    assert.equal(await page.evaluate(() => document.activeElement.textContent), "Confirm stop");
    await page.keyboard.down("Enter"); // Confirm: focus goes to Stop
    for (let i = 0; i < 30; i++) { await page.waitForTimeout(50); await page.keyboard.down("Enter"); } // auto-repeat, 1.5 s
    await page.keyboard.up("Enter");
    await card.waitForStatus("STOPPING", 5_000);
    await page.waitForTimeout(300);
    assert.equal((await apiRequests(slow, { method: "POST", pathIncludes: "/stop" })).length, 1, "one stop for one held Enter");
    assert.equal(await card.root.locator(".rw-confirm:not([hidden])").count(), 0, "no confirmation opened by a repeat");
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("run rows are rebuilt only when the runs change: not for a status change (RUNNING → STOPPING) nor a new failed host", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]); // stays STOPPING for this test
  try {
    const { card, page, context } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    const rows = card.root.locator("tbody tr");
    assert.ok((await rows.count()) >= 1);
    // the row elements as they are now
    await page.evaluate(() => { for (const row of document.querySelectorAll(".rw-card tbody tr")) row.__before = true; });
    await card.stop("30");
    await card.waitForStatus("STOPPING", 5_000);
    await page.waitForTimeout(1_500); // a poll or two while STOPPING
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll(".rw-card tbody tr")].map((r) => r.__before === true)),
      (await rows.count()) ? Array(await rows.count()).fill(true) : [], "the same row elements (a selection in them survives)");
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("flat start/end and the pseudo-JSON repository_log render like the timers shape", async () => {
  await sim.admin("POST", "/shape", { mode: "flat" });
  try {
    const { card, context } = await openCard(browser, sim, { execution: FAILURE_ID });
    await card.waitForStatus("FAILURE");
    assert.equal(await card.root.locator("tbody tr").count(), 1, "one timer from flat start/end");
    // the commit: the whole sha is the text (read out and copied whole; a tooltip alone is out of
    // screen readers' reach), seven characters of it shown
    const sha = card.root.locator(".rw-commit__sha");
    assert.match(await sha.textContent(), /^[0-9a-f]{40}$/);
    const shown = await sha.evaluate((el) => [el.clientWidth, el.scrollWidth, parseFloat(getComputedStyle(el).fontSize)]);
    assert.ok(shown[0] < shown[1] && shown[0] <= 7 * shown[2], `7 characters wide, the rest clipped: ${shown}`);
    assert.match(await card.root.locator(".rw-hosts__count").textContent(), /^3 failed$/);
    assert.ok(await card.restartButton().isEnabled(), "a failed execution can be restarted");
    await context.close();
  } finally {
    await sim.admin("POST", "/shape", { mode: "timers" });
  }
});

/** Every count of run rows the card shows from now on, recorded at each change of its DOM. */
async function recordRowCounts(card) {
  await card.root.evaluate((root) => {
    window.__rowCounts = [root.querySelectorAll("tbody tr").length];
    new MutationObserver(() => window.__rowCounts.push(root.querySelectorAll("tbody tr").length))
      .observe(root, { childList: true, subtree: true });
  });
  return () => card.root.evaluate(() => [...new Set(window.__rowCounts)]);
}

test("the docs' mix of shapes (list flat, stop and restart replies with every timer): run rows never jump back", async () => {
  await sim.admin("POST", "/shape", { mode: "docs" });
  try {
    // two executions of their own (the other tests here stop and restart the seed's), each run twice
    const runs = [{ start_ago_ms: 3_600_000, end_ago_ms: 3_000_000 }, { start_ago_ms: 600_000, end_ago_ms: null }];
    const [runningId, failedId] = ["d0c5a1e0-0000-4000-8000-000000000001", "d0c5a1e0-0000-4000-8000-000000000002"];
    await sim.upsert({ execution_id: runningId, status: "RUNNING", timers: runs });
    await sim.upsert({ execution_id: failedId, status: "FAILURE", timers: [runs[0], { ...runs[1], end_ago_ms: 60_000 }] });
    // stop: the list knows the latest run only; the reply brings both, and the list's STOPPED keeps them
    const { card, context } = await openCard(browser, sim, { execution: runningId, poll: "1" });
    await card.waitForStatus("RUNNING");
    assert.equal(await card.root.locator("tbody tr").count(), 1, "the list page's one run");
    assert.equal(await card.root.locator("tbody th").textContent(), "Latest run", "not numbered: earlier runs are unknown");
    await card.stopButton().click();
    await card.confirmButton().click();
    await card.waitForStatus("STOPPING", 5_000);
    assert.equal(await card.root.locator("tbody tr").count(), 2, "the stop reply's two runs");
    assert.deepEqual(await card.root.locator("tbody th").allTextContents(), ["Run 1", "Run 2"]);
    const stopCounts = await recordRowCounts(card);
    await card.waitForStatus("STOPPED", 10_000);
    assert.deepEqual(await stopCounts(), [2], "two run rows from the reply to STOPPED");
    assert.deepEqual(await card.root.locator("tbody th").allTextContents(), ["Run 1", "Run 2"], "still numbered");
    assert.doesNotMatch(await card.root.locator("tbody tr").last().textContent(), /running/i, "the stopped run has ended");
    await context.close();

    // restart: the reply adds the new run; the list's PENDING → RUNNING keeps the old one
    const failed = await openCard(browser, sim, { execution: failedId, poll: "1" });
    await failed.card.waitForStatus("FAILURE");
    const before = await failed.card.root.locator("tbody tr").count();
    assert.equal(before, 1, "the list page's one run");
    await failed.card.restartButton().click();
    await failed.card.confirmButton("restart").click();
    await failed.card.waitForStatus("PENDING", 5_000);
    assert.equal(await failed.card.root.locator("tbody tr").count(), 3, "the reply's three runs");
    const restartCounts = await recordRowCounts(failed.card);
    await failed.card.waitForStatus("RUNNING", 10_000);
    await failed.page.waitForTimeout(1_500); // another poll or two
    assert.deepEqual(await restartCounts(), [3], "the old runs stay after the list's answers");
    await failed.context.close();
  } finally {
    await sim.admin("POST", "/shape", { mode: "timers" });
  }
});

test("a document without job_id or account_alias names the job and account it was found in", async () => {
  const id = "d0c5a1e0-0000-4000-8000-000000000003";
  await sim.upsert({ execution_id: id, raw: { execution_id: id, status: "SUCCESS", start: Date.now() - 60_000, end: Date.now() } });
  const { card, context } = await openCard(browser, sim, { execution: id });
  await card.waitForStatus("SUCCESS");
  const fact = (name) => card.root.locator(".rw-facts__row").filter({ has: card.root.page().getByText(name, { exact: true }) });
  assert.equal(await fact("Job").locator(".rw-id__value").getAttribute("title"), JOB, "the configured job, not Unknown");
  assert.equal(await fact("Account").locator("code").textContent(), ACCOUNT);
  await context.close();
});

test("restart a failed execution: a new run row, back through PENDING", async () => {
  const { card, context } = await openCard(browser, sim, { execution: FAILURE_ID, poll: "1" });
  await card.waitForStatus("FAILURE");
  const before = await card.root.locator("tbody tr").count();
  const utc = card.root.getByRole("button", { name: "Show times in UTC" });
  await utc.click();
  await card.restartButton().click();
  await card.confirmButton("restart").click();
  await card.waitForStatus("PENDING", 5_000);
  assert.equal(await card.root.locator("tbody tr").count(), before + 1, "the new timer row appears");
  await card.waitForStatus("RUNNING", 10_000);
  assert.equal(await utc.getAttribute("aria-pressed"), "true", "the user's choice survives the new answers");
  const restarts = await apiRequests(sim, { method: "POST", pathIncludes: `${FAILURE_ID}/restart` });
  assert.equal(restarts.length, 1);
  await context.close();
});

test("a card mounted into an iframe's element (another window's events and inputs) reads what is typed and Escape", async () => {
  const own = await startSim(); // its RUNNING execution is not stopped by an earlier test
  try {
    const { card, page, context, logs } = await openCard(browser, own);
    await card.waitForStatus("RUNNING");
    await own.clearRequests();
    await page.evaluate(async ({ account, job, execution }) => {
      const frame = document.createElement("iframe");
      document.body.append(frame);
      const host = frame.contentDocument.createElement("div");
      frame.contentDocument.body.append(host);
      const widget = await import("/runner-widget.js");
      widget.mount(host, { account, job, execution, tokenProvider: window.getToken });
    }, { account: ACCOUNT, job: JOB, execution: RUNNING_ID });
    const framed = page.frameLocator("iframe").locator(".rw-card");
    await framed.locator('[data-status="RUNNING"]').waitFor({ timeout: 15_000 });
    await eventually(async () => (await framed.getAttribute("data-state")) === "loaded", 10_000, "the framed card's body");
    const expiry = framed.getByLabel("Expiry (seconds)");
    await expiry.fill("abc");
    await framed.getByRole("button", { name: "Stop", exact: true }).click();
    await eventually(async () => /number/i.test(await framed.locator(".rw-field-error").first().textContent()), 3_000, "the typed text reached the card");
    await expiry.fill("30");
    await framed.getByRole("button", { name: "Stop", exact: true }).click();
    await framed.getByRole("button", { name: "Confirm stop" }).waitFor();
    // a page's own synthetic keydown (a plain Event, no key): ignored, nothing thrown
    await framed.getByRole("button", { name: "Confirm stop" }).evaluate((b) => b.dispatchEvent(new Event("keydown", { bubbles: true })));
    assert.ok(await framed.locator(".rw-confirm").isVisible(), "a keydown with no key does nothing");
    await page.keyboard.press("Escape");
    await eventually(async () => !(await framed.locator(".rw-confirm").isVisible()), 3_000, "Escape closed the confirmation");
    // focus goes back to Stop, in the iframe's own document (not lost to its body)
    await eventually(async () => (await framed.getByRole("button", { name: "Stop", exact: true }).evaluate((b) => b.ownerDocument.activeElement === b)), 3_000, "focus back on Stop");
    assert.equal((await apiRequests(own, { method: "POST" })).length, 0, "nothing sent");
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  } finally {
    await own.stop();
  }
});
