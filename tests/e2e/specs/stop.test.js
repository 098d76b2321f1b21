// The whole stop flow against the local Runner server, asserting what the server received.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, RUNNING_ID, JOB, ACCOUNT } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(["--stop-delay-ms", "1500"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("stop: one POST with the expiry, STOPPING at once, STOPPED later, then polling ends", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  assert.match(await card.root.textContent(), /44fdcfa2/);
  assert.equal(await card.expiry().inputValue(), "0");
  // the first status is content; changes are announced (below)
  assert.equal(await card.liveRegion().textContent(), "");

  await card.expiry().fill("45");
  await card.stopButton().click();
  const confirmText = await card.root.locator(".rw-confirm:not([hidden])").textContent();
  assert.match(confirmText, /Tasks already executed will not roll back\./);
  await sim.clearRequests();
  await card.confirmButton("stop").dblclick(); // a double click must not send twice
  await card.waitForStatus("STOPPING", 5_000);
  await card.waitForStatus("STOPPED", 15_000);

  const stops = await apiRequests(sim, { method: "POST", pathIncludes: "/stop" });
  assert.equal(stops.length, 1, "exactly one stop request");
  const [stop] = stops;
  assert.equal(stop.path, `/jobs/${ACCOUNT}/${JOB}/executions/${RUNNING_ID}/stop`);
  assert.deepEqual(JSON.parse(stop.body), { expiryDuration: 45 });
  assert.match(stop.headers["content-type"], /^application\/json/);
  assert.match(stop.headers["authorization"], /^Bearer \S+$/);
  assert.ok(!stop.path.includes("?") && !(stop.query ?? "").includes(stop.headers["authorization"].slice(7)));

  await eventually(async () => /stopped/i.test(await card.liveRegion().textContent()), 5_000, "announcement");
  await sim.clearRequests();
  await sleep(3_500); // > 3 poll intervals of 1 s
  assert.equal((await apiRequests(sim)).length, 0, "no request after a terminal status");
  assert.ok(await card.stopButton().isDisabled(), "Stop is disabled once stopped");
  // said, then gone from the live region (8 s later): a screen reader user reading the card later
  // does not come upon an old message
  await eventually(async () => (await card.liveRegion().textContent()) === "", 8_000, "the message leaves the live region");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

// Stop on an execution that already finished, and faults on the stop request: fault-matrix.test.js.

test("stop that never expires: while STOPPING the card says what it waits for, and once STOPPED that there is nothing to stop", async () => {
  const id = "a0000000-0000-4000-8000-00000000057a";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000, run_ms: null });
  const { card, context, logs } = await openCard(browser, sim, { execution: id, poll: "1" });
  await card.waitForStatus("RUNNING");
  const line = card.root.locator(".rw-countdown");
  assert.equal(await line.textContent(), "");
  await card.stop("0");
  await card.waitForStatus("STOPPING", 5_000);
  const waiting = "Waiting for the play to reach a safe point; the stop signal never expires.";
  await eventually(async () => (await line.textContent()) === waiting, 3_000, "what the stop waits for");
  await card.waitForStatus("STOPPED", 15_000);
  const ended = "This execution has ended: there is nothing to stop.";
  await eventually(async () => (await line.textContent()) === ended, 3_000, "why Stop does nothing now");
  // the line is Stop's accessible description, so a screen reader on the dimmed button hears why
  const described = await card.stopButton().evaluate((b) =>
    b.getAttribute("aria-describedby").split(" ").map((id) => document.getElementById(id)?.textContent).join(" "));
  assert.equal(described, ended);
  assert.equal(await card.stopButton().getAttribute("aria-disabled"), "true");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("a second stop while STOPPING: the confirmation says it replaces the first, and its expiry is the one that counts", async () => {
  const slow = await startSim(["--stop-delay-ms", "60000"]); // stays STOPPING for this test
  try {
    const { card, context, logs } = await openCard(browser, slow, { poll: "1" });
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("600");
    await card.stopButton().click();
    const confirm = card.root.locator(".rw-confirm:not([hidden]) .rw-confirm__text");
    assert.match(await confirm.textContent(), /^Stop this execution\?/);
    await card.confirmButton("stop").click();
    await card.waitForStatus("STOPPING", 5_000);

    await card.expiry().fill("2");
    await card.stopButton().click();
    assert.equal(await confirm.textContent(),
      "Send a new stop signal? It replaces the one already sent. Tasks already executed will not roll back. " +
      "The stop signal expires after 2 s.");
    await card.confirmButton("stop").click();
    const stops = () => apiRequests(slow, { method: "POST", pathIncludes: "/stop" });
    await eventually(async () => (await stops()).length === 2, 5_000, "the second stop request");
    assert.deepEqual((await stops()).map((r) => JSON.parse(r.body)), [{ expiryDuration: 600 }, { expiryDuration: 2 }]);
    // the server took the new expiry: the signal expires after 2 s, before the play stopped, and the
    // card says so and offers Kill (with the first signal's 600 s it would still be STOPPING)
    await card.waitForStatus("RUNNING", 10_000);
    await card.killButton().waitFor({ timeout: 5_000 });
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  } finally {
    await slow.stop();
  }
});
