// The rehearsal (src/components/rehearsal.rs): when the first answer is slow, the page builds a sample
// card off the page so the real one renders with compiled code. It must be invisible: nothing in the
// document, nothing sent, nothing announced, once per page, and the real cards work as before.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, Card } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

const MARK = "runner-widget:rehearsal";

test("a slow first answer: one rehearsal per page, off the page, sending nothing; the cards then work", async () => {
  const ids = ["5e000000-0000-4000-8000-000000000001", "5e000000-0000-4000-8000-000000000002"];
  for (const id of ids) await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  await sim.clearRequests();
  // the first list answer is held 10 s (both cards share that request): the checks below run while it is out
  await sim.fault({ route: "list", kind: "slow", delay_ms: 10_000, count: 1 });
  const { page, context, logs } = await openCard(browser, sim, { execution: ids.join(",") });
  await eventually(async () => (await page.evaluate((m) => performance.getEntriesByName(m).length, MARK)) === 1,
    8_000, "the rehearsal mark while the answer is held");

  // while the answer is still held: the page shows only the two real cards, still loading
  assert.equal(await page.locator(".rw-card").count(), 2, "no third card in the document");
  assert.equal(await page.locator('[id^="rw-rehearsal"]').count(), 0, "no rehearsal ids in the document");
  assert.equal(await page.locator("[role=status]").count(), 2, "one live region per real card");
  for (const region of await page.locator("[role=status]").all()) {
    assert.equal((await region.textContent()).trim(), "", "nothing announced before the real answer");
  }
  assert.equal(await page.locator("[data-status]:not([data-status=''])").count(), 0, "both badges still loading");
  const paths = (await sim.requests()).map((r) => `${r.method} ${r.path}`);
  assert.ok(paths.every((p) => /\/executions|\/login|\/__sim\/token/.test(p)), `only the cards' own requests: ${paths}`);
  assert.ok(paths.filter((p) => p.startsWith("GET")).length <= 1, `one list request, still held: ${paths}`);

  // the answer lands: both cards show it, and they stop as before
  const cards = ids.map((_, i) => new Card(page.locator(".rw-card").nth(i)));
  for (const card of cards) await card.waitForStatus("RUNNING", 20_000);
  assert.equal(await page.evaluate((m) => performance.getEntriesByName(m).length, MARK), 1, "once per page");
  await cards[1].stop("0");
  await cards[1].waitForStatus("STOPPED", 15_000);
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: "/stop" })).length, 1, "exactly one stop");
  assert.equal(await cards[0].status(), "RUNNING", "the other card is untouched");
  assert.deepEqual(logs.filter((l) => /pageerror|panic|unreachable/i.test(l)), [], "no script error or panic on the page");
  await context.close();
});
