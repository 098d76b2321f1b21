// A stop whose signal expires before the play reaches a safe point: the card says so and offers Kill.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, actAsAnother, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(["--stop-delay-ms", "6000", "--kill-delay-ms", "800"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("expired stop -> back to RUNNING -> Kill", async () => {
  const { card, page, context } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  // every text the countdown shows, from before the stop
  await card.root.locator(".rw-countdown").evaluate((el) => {
    window.__countdown = [];
    new MutationObserver(() => window.__countdown.push(el.textContent)).observe(el, { subtree: true, childList: true, characterData: true });
  });
  await card.stop("1");
  await card.waitForStatus("STOPPING", 5_000);
  // the answers after the expiry come slowly, so the card's clock passes the expiry before them
  await sim.fault({ route: "list", kind: "slow", delay_ms: 2_500, count: 2 });
  await eventually(async () => /stop signal expires in \d+s/i.test(await card.root.textContent()), 3_000, "countdown");
  await card.waitForStatus("RUNNING", 15_000);
  const shown = await page.evaluate(() => window.__countdown);
  // it starts at the expiry the user chose (counted from the send, not from the clock's last tick)
  assert.equal(shown[0], "The stop signal expires in 1s unless the play reaches a safe point.", JSON.stringify(shown));
  assert.ok(shown.every((t) => !/ in 0s/.test(t)), `never "expires in 0s": ${JSON.stringify(shown)}`);
  assert.ok(shown.includes("The stop signal has expired; checking whether the play stopped."), `says it has expired: ${JSON.stringify(shown)}`);
  await eventually(async () => /expired before the play reached a safe point/.test(await card.notice().textContent()), 5_000, "expired notice");

  // Escape on Kill's confirmation gives focus back to Kill (the button that opened it), not to Stop,
  // and goes no further than the card (a portal's dialog around it stays open)
  await page.evaluate(() => { window.__escapes = 0; document.addEventListener("keydown", (e) => { if (e.key === "Escape") window.__escapes++; }); });
  await card.killButton().focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Confirm kill");
  assert.equal(await card.confirmButton("kill").getAttribute("aria-describedby"),
    await card.root.locator(".rw-confirm__text").getAttribute("id"), "Confirm is described by the question");
  await page.keyboard.press("Escape");
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Kill", "focus back on Kill");
  assert.equal(await page.evaluate(() => window.__escapes), 0, "the Escape that closed the confirmation stopped there");

  await card.killButton().click();
  assert.match(await card.root.locator(".rw-confirm:not([hidden])").textContent(), /Kill this execution now\?/);
  await card.confirmButton("kill").press("Enter");
  await card.waitForStatus("KILLING", 5_000);
  // Stop cannot be used while it is killed, but stays focusable (aria-disabled): keyboard focus waits on it, not the page
  await eventually(async () => (await card.root.page().evaluate(() => document.activeElement?.textContent)) === "Stop", 3_000, "focus on Stop");
  assert.equal(await card.stopButton().getAttribute("aria-disabled"), "true", "announced as unavailable");
  await card.waitForStatus("KILLED", 10_000);
  // next to Stop, every status said why it did nothing (KILLING may be short: the recorded texts)
  await eventually(async () => (await card.root.locator(".rw-countdown").textContent()) === "This execution has ended: there is nothing to stop.", 3_000, "ended");
  const notes = await page.evaluate(() => window.__countdown);
  assert.ok(notes.includes("The execution is being killed: a stop signal no longer applies."), JSON.stringify(notes));
  const kills = await apiRequests(sim, { method: "POST", pathIncludes: `${RUNNING_ID}/kill` });
  assert.equal(kills.length, 1);
  assert.match(kills[0].headers["authorization"], /^Bearer /);
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: "/stop" })).length, 1, "never a second stop");
  await context.close();
});

/** A card of its own RUNNING execution `id`, polling every second, once it shows RUNNING. */
async function runningCard(id) {
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, run_ms: null });
  const opened = await openCard(browser, sim, { execution: id, poll: "1" });
  await opened.card.waitForStatus("RUNNING");
  return opened;
}

/** The stop signal expired: the card says so (within `timeout` ms), offers Kill, and sent one stop only. */
async function saysExpiredOffersKill(card, id, timeout) {
  await eventually(async () => /expired before the play reached a safe point/.test(await card.notice().textContent()), timeout, "expired notice");
  assert.ok(await card.killButton().isVisible(), "Kill offered");
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: `${id}/stop` })).length, 1, "never a second stop");
}

test("a stop whose answer was lost (a gateway's 504 after it was carried out) is still followed to its expiry, then Kill", async () => {
  const id = "e2e-lost-stop-0001";
  const { card, context } = await runningCard(id);
  await sim.fault({ route: "stop", kind: "lost", status: 504 });
  await card.stop("2");
  await card.waitForStatus("STOPPING", 5_000);
  await eventually(async () => /reached the Runner service\.$/.test(await card.notice().textContent()), 5_000, "the stop confirmed by the status");
  await eventually(async () => /stop signal expires in \d+s/i.test(await card.root.textContent()), 3_000, "its countdown");
  // the signal expires (the sim's stop takes 6 s): back to RUNNING, said, and Kill offered
  await card.waitForStatus("RUNNING", 15_000);
  await saysExpiredOffersKill(card, id, 5_000);
  await context.close();
});

test("a stop answered by a timeout after it arrived and expired: the card saw STOPPING meanwhile, so it says the stop expired and offers Kill", async () => {
  const id = "e2e-lost-stop-0002";
  const { card, context } = await runningCard(id);
  // the stop is carried out, but its answer comes after the widget's 15 s timeout
  await sim.fault({ route: "stop", kind: "lost", status: 504, delay_ms: 17_000 });
  await card.stop("2");
  await card.waitForStatus("STOPPING", 5_000); // a poll while the stop is out
  await card.waitForStatus("RUNNING", 10_000); // its 2 s expired (the play takes 6 s to stop)
  await saysExpiredOffersKill(card, id, 25_000);
  await context.close();
});

test("an unconfirmed stop is given up after 30 s: a later stop by someone else is not credited to it", async () => {
  const id = "e2e-lost-stop-0003";
  const { card, context } = await runningCard(id);
  await sim.fault({ route: "stop", kind: "status", status: 504 }); // the stop never reaches the service
  await card.stop("600");
  await eventually(async () => /^Couldn't confirm the stop\./.test(await card.notice().textContent()), 5_000, "unconfirmed");
  await eventually(async () => (await card.notice().textContent()) === "Nothing shows that the stop reached the Runner service: the execution is still running.", 40_000, "given up");
  // someone else stops it now
  await sim.upsert({ execution_id: id, status: "STOPPING", started_ago_ms: 100_000, phase_ago_ms: 0, run_ms: null });
  await card.waitForStatus("STOPPING", 5_000);
  await new Promise((r) => setTimeout(r, 1_500));
  assert.doesNotMatch(await card.notice().textContent(), /your stop/, "not credited to the user's stop");
  assert.doesNotMatch(await card.root.textContent(), /stop signal expires in/i, "no countdown of the user's expiry");
  await context.close();
});

test("a new stop signal whose answer is lost while STOPPING leaves the first one followed", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]);
  try {
    const { card, context } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await card.stop("600");
    await card.waitForStatus("STOPPING", 5_000);
    await eventually(async () => /stop signal expires in 9m \d+s/i.test(await card.root.textContent()), 3_000, "the first countdown");
    await slow.fault({ route: "stop", kind: "status", status: 500 });
    await card.stop("5");
    await eventually(async () => /^Couldn't confirm the new stop signal\. .* The earlier one still applies, unless the new one reached the Runner service\.$/
      .test(await card.notice().textContent()), 5_000, "the new signal unconfirmed");
    await new Promise((r) => setTimeout(r, 2_500)); // polls that still show STOPPING
    assert.match(await card.root.textContent(), /stop signal expires in 9m \d+s/i, "still the first signal's countdown");
    assert.match(await card.notice().textContent(), /^Couldn't confirm the new stop signal\./, "STOPPING from the first stop confirms nothing");
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("a card opened while STOPPING whose own stop's answer is lost follows the execution's signal: back to RUNNING offers Kill", async () => {
  const id = "e2e-lost-stop-0004";
  // someone else's stop (2 s expiry): the play needs 6 s, so it will be back to RUNNING
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, run_ms: null });
  assert.equal((await actAsAnother(sim, id, "stop", { expiryDuration: 3 })).status, 200);
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("STOPPING");
  await sim.fault({ route: "stop", kind: "lost", status: 504 });
  await card.stop("2");
  await eventually(async () => /^Couldn't confirm the stop signal\. .* The execution was already stopping: the card follows it\.$/
    .test(await card.notice().textContent()), 5_000, "followed");
  await card.waitForStatus("RUNNING", 10_000);
  await eventually(async () => /You can kill it instead\.$/.test(await card.notice().textContent()), 5_000, "Kill offered");
  assert.ok(await card.killButton().isVisible());
  await context.close();
});

test("a stop whose answer was lost and whose STOPPING shows only after a 40 s outage is still followed: its countdown, then Kill", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]);
  try {
    const { card, context } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await slow.fault({ route: "stop", kind: "lost", status: 504 }); // carried out, its answer lost
    await slow.fault({ route: "list", kind: "status", status: 503, retry_after: "40" }); // then the list is down 40 s
    await card.stop("45");
    await eventually(async () => /^Couldn't confirm the stop\./.test(await card.notice().textContent()), 5_000, "unconfirmed");
    await card.waitForStatus("STOPPING", 50_000);
    await eventually(async () => /reached the Runner service\.$/.test(await card.notice().textContent()), 3_000,
      "STOPPING after the outage is news of the stop");
    await eventually(async () => /stop signal expires in \d+s/i.test(await card.root.textContent()), 3_000, "its countdown");
    // its 45 s expire before the play's 60 s: back to RUNNING, said, and Kill offered
    await card.waitForStatus("RUNNING", 15_000);
    await eventually(async () => /expired before the play reached a safe point/.test(await card.notice().textContent()), 5_000, "expired");
    assert.ok(await card.killButton().isVisible(), "Kill offered");
    const stops = (await apiRequests(slow, { method: "POST" })).filter((r) => /\/stop$/.test(r.path));
    assert.equal(stops.length, 1, "never a second stop");
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("a stopped execution that finishes on its own before the stop takes effect says so in plain words", async () => {
  const id = "e2e-stop-then-success";
  const { card, context } = await runningCard(id);
  await card.stop("0");
  await card.waitForStatus("STOPPING", 5_000);
  await sim.upsert({ execution_id: id, status: "SUCCESS", started_ago_ms: 60_000, run_ms: null });
  await card.waitForStatus("SUCCESS", 5_000);
  await eventually(async () => (await card.notice().textContent()) === "The execution has succeeded.", 5_000, "plain words");
  await context.close();
});

test("a stop re-sent after its token was renewed counts its expiry from the send, not from before the provider answered", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]);
  try {
    const { card, page, context } = await openCard(browser, slow, { poll: "30" });
    await card.waitForStatus("RUNNING");
    await card.root.locator(".rw-countdown").evaluate((el) => {
      window.__countdown = [];
      new MutationObserver(() => window.__countdown.push(el.textContent)).observe(el, { subtree: true, childList: true, characterData: true });
    });
    // the token lapses, and the page's provider takes 4 s to renew it
    await page.evaluate(() => {
      const real = window.getToken;
      window.getToken = () => new Promise((resolve) => setTimeout(() => resolve(real()), 4_000));
    });
    await slow.expireTokens();
    await card.stop("30"); // refused (401), then re-sent with the renewed token
    await card.waitForStatus("STOPPING", 15_000);
    await eventually(async () => (await page.evaluate(() => window.__countdown)).some((t) => /expires in/.test(t)), 3_000, "countdown");
    const first = (await page.evaluate(() => window.__countdown)).find((t) => /expires in/.test(t));
    const left = Number(/expires in (\d+)s/.exec(first)?.[1]);
    assert.ok(left >= 28, `starts near the 30 s asked for: "${first}"`);
    await context.close();
  } finally {
    await slow.stop();
  }
});

test("a lost stop's STOPPING seen only after the stop's own expiry is someone else's: not credited, no countdown", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]);
  try {
    const { card, context } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await slow.fault({ route: "stop", kind: "status", status: 504 }); // never reaches the service
    await slow.fault({ route: "list", kind: "status", status: 503, retry_after: "20" }); // then the list is down 20 s
    await card.stop("5");
    await eventually(async () => /^Couldn't confirm the stop\./.test(await card.notice().textContent()), 5_000, "unconfirmed");
    // well after the user's 5 s expiry, someone else stops it (their own signal, 600 s)
    await sleep(12_000);
    assert.equal((await actAsAnother(slow, RUNNING_ID, "stop", { expiryDuration: 600 })).status, 200);
    await card.waitForStatus("STOPPING", 20_000);
    await sleep(1_500);
    assert.doesNotMatch(await card.notice().textContent(), /your stop/, "not credited to the user's stop");
    assert.doesNotMatch(await card.root.textContent(), /stop signal (expires in|has expired)/i, "no countdown of the user's expiry");
    await context.close();
  } finally {
    await slow.stop();
  }
});
