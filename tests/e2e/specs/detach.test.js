// A card whose element the page takes out of the document (a single-page app changing views) stops
// asking the server: a declarative card is unmounted (mountAll() brings it back), a programmatic
// one pauses until its element is back in the document.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, apiRequests, eventually, sleep, Card } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

const host = (page) => page.evaluate(() => {
  const el = window.__host;
  return { mounted: el.hasAttribute("data-runner-mounted"), children: el.childElementCount, connected: el.isConnected };
});

async function quietFor(ms) {
  await sim.clearRequests();
  await sleep(ms);
  return (await apiRequests(sim)).length;
}

test("declarative: an element taken out of the document unmounts its card; mountAll() brings it back", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await page.evaluate(() => { window.__host = document.querySelector("[data-runner-execution]"); window.__host.remove(); });
  await sleep(2_000); // the card's clock looks once a second
  assert.equal(await quietFor(3_000), 0, "no request from a card out of the document");
  assert.deepEqual(await host(page), { mounted: false, children: 0, connected: false }, "unmounted and released");

  await page.evaluate(async () => {
    document.getElementById("cards").append(window.__host);
    (await import("/runner-widget.js")).mountAll();
  });
  await new Card(page.locator(".rw-card").first()).waitForStatus("RUNNING", 5_000);
  await eventually(async () => (await apiRequests(sim)).length >= 2, 5_000, "polling again");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("programmatic: the card pauses while its element is out of the document and resumes when it is back", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { mode: "programmatic", poll: "1" });
  await card.waitForStatus("RUNNING");
  await page.evaluate(() => { window.__host = document.querySelector("#cards > div"); window.__host.remove(); });
  await sleep(1_500);
  assert.equal(await quietFor(3_000), 0, "no request while out of the document");
  assert.deepEqual(await host(page), { mounted: true, children: 1, connected: false }, "paused, not unmounted");

  await sim.clearRequests();
  await page.evaluate(() => document.getElementById("cards").append(window.__host));
  await eventually(async () => (await apiRequests(sim)).length >= 1, 3_000, "a refresh once back");
  await card.waitForStatus("RUNNING");
  await page.evaluate(() => window.__handles[0].unmount());
  assert.equal(await quietFor(2_500), 0, "nothing after unmount");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});
