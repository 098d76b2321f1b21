// Several cards on one page are independent; programmatic mount/unmount cleans up.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, Card, RUNNING_ID, SUCCESS_ID, PAGE_TWO_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(["--stop-delay-ms", "1000"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("two cards: each shows its execution; stopping one leaves the other alone", async () => {
  const { page, context } = await openCard(browser, sim, { execution: `${PAGE_TWO_ID},${SUCCESS_ID}`, poll: "1" });
  const [a, b] = [new Card(page.locator(".rw-card").nth(0)), new Card(page.locator(".rw-card").nth(1))];
  await a.waitForStatus("RUNNING");
  await b.waitForStatus("SUCCESS");
  // each card's region is named after its execution (a dashboard's landmarks are not all alike)
  const short = (id) => `Runner execution ${id.slice(0, 8)}…`;
  assert.equal(await page.getByRole("region", { name: short(PAGE_TWO_ID), exact: true }).count(), 1);
  assert.equal(await page.getByRole("region", { name: short(SUCCESS_ID), exact: true }).count(), 1);
  assert.ok(await b.stopButton().isDisabled());
  // what the first card's live region is given to say
  await page.evaluate(() => {
    const region = document.querySelector(".rw-card > [role=status]");
    const said = (window.__said = []);
    new MutationObserver(() => said.push(region.textContent)).observe(region, { subtree: true, childList: true, characterData: true });
  });
  await a.stop("0");
  await a.waitForStatus("STOPPED", 10_000);
  assert.equal(await b.status(), "SUCCESS");
  // with two cards on the page, a status change says which execution it is
  const said = await page.evaluate(() => window.__said);
  const named = `Execution ${PAGE_TWO_ID.slice(0, 8)}`;
  assert.ok(said.some((t) => t.includes(`${named} status: Stopping`)), JSON.stringify(said));
  // and so does the outcome of the stop (it can come while the user is on another card)
  assert.ok(said.some((t) => t.startsWith(`${named}: The execution is now stopped.`)), JSON.stringify(said));
  assert.equal(await b.notice().count(), 0);
  await context.close();
});

test("a bad configuration affects its own element only", async () => {
  const { page, context } = await openCard(browser, sim, { execution: `${RUNNING_ID}`, poll: "abc" });
  await eventually(async () => /configuration problem: data-poll-interval/.test(await page.locator("main").textContent()), 5_000, "config message");
  await context.close();
});

test("a cleartext API or login base on another computer is refused before anything is sent", async () => {
  for (const key of ["apiBase", "authBase"]) {
    await sim.clearRequests();
    // without a provider: a valid base would show the sign-in form (whose password goes to authBase)
    const { page, context } = await openCard(browser, sim, { [key]: "http://runner.example", poll: "1", auth: "none" });
    const attribute = key === "apiBase" ? "data-api-base" : "data-auth-base";
    const expected = `${attribute} must be https:// (plain http:// only for localhost), not “http://runner.example”.`;
    await eventually(async () => (await page.locator("main").textContent()).includes(expected), 5_000, `${key} message`);
    assert.equal(await page.locator(".rw-card--problem").count(), 1);
    assert.equal(await page.locator("[data-status], form").count(), 0, "no card and no sign-in form: no token or password can go there");
    await sleep(1_500);
    assert.equal((await apiRequests(sim)).length, 0, "no request");
    await context.close();
  }
});

test("programmatic mount, then unmount: no timer or request survives", async () => {
  const { page, context } = await openCard(browser, sim, { mode: "programmatic", poll: "1" });
  const card = new Card(page.locator(".rw-card").first());
  await card.waitForStatus("RUNNING");
  await page.evaluate(() => window.__handles[0].unmount());
  assert.equal(await page.locator(".rw-card").count(), 0);
  await sleep(500);
  await sim.clearRequests();
  await sleep(3_000);
  assert.equal((await apiRequests(sim)).length, 0, "nothing after unmount");
  await context.close();
});

test("mount() on an element that already holds a card throws and starts nothing; mountAll() again mounts nothing twice", async () => {
  const { page, context } = await openCard(browser, sim, { mode: "programmatic", poll: "1" });
  const card = new Card(page.locator(".rw-card").first());
  await card.waitForStatus("RUNNING");
  const thrown = await page.evaluate(async () => {
    const widget = await import("/runner-widget.js");
    const element = document.querySelector("#cards > div");
    try {
      widget.mount(element, { account: "XXXX", job: "1111505e-6773-494a-b2bf-d2cc2684710d", execution: "44fdcfa2-6a7f-46d3-9f71-22e629e2358a" });
      return null;
    } catch (e) {
      return `${e.constructor.name}: ${e.message}`;
    }
  });
  assert.equal(thrown, "Error: This element already holds a Runner card; unmount it first.");
  assert.equal(await page.locator(".rw-card").count(), 1, "still one card");
  await page.evaluate(async () => (await import("/runner-widget.js")).mountAll());
  assert.equal(await page.locator(".rw-card").count(), 1, "mountAll() leaves a mounted element alone");
  // the one card's unmount leaves nothing polling: the refused mount started no second card
  await page.evaluate(() => window.__handles[0].unmount());
  await sleep(500);
  await sim.clearRequests();
  await sleep(3_000);
  assert.equal((await apiRequests(sim)).length, 0, "nothing polls after the only card's unmount");
  await context.close();
});

test("declarative cards: mountAll() called again (a single-page app's view change) mounts no card twice", async () => {
  const { page, context } = await openCard(browser, sim, { poll: "30" });
  const card = new Card(page.locator(".rw-card").first());
  await card.waitForStatus("RUNNING");
  await page.evaluate(async () => { const w = await import("/runner-widget.js"); w.mountAll(); w.mountAll(); });
  assert.equal(await page.locator(".rw-card").count(), 1);
  assert.equal(await page.locator("[role=status]").count(), 1, "one live region");
  await context.close();
});
