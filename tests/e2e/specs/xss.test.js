// Hostile strings in every server field stay text.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

const evil = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>"'&`;

test("every server field renders as text", async () => {
  const id = "e2e-xss-0001";
  await sim.upsert({
    execution_id: id,
    raw: {
      execution_id: id,
      job_id: evil,
      account_alias: evil,
      status: "RUNNING",
      timers: [{ start: Date.now() - 60_000, end: null }],
      repository_log: { recent_commit: [{ commit: evil, author: evil, message: evil, date: evil }], tags: [] },
      failed_hosts: [evil, 0, { host: evil }],
      is_vpn_established: evil,
    },
  });
  const { card, page, context } = await openCard(browser, sim, { execution: id });
  await card.waitForStatus("RUNNING");
  const injected = await page.evaluate(() => ({
    pwned: window.__pwned ?? null,
    elements: document.querySelectorAll(".rw-card img, .rw-card script").length,
  }));
  assert.deepEqual(injected, { pwned: null, elements: 0 });
  const text = await card.root.textContent();
  assert.ok(text.includes(`<img src=x onerror="window.__pwned=1">`), "shown literally");
  assert.equal(await card.root.locator(".rw-hosts__list li").count(), 3);
  await context.close();
});

test("an unknown status gets a neutral badge with its raw text and no Stop", async () => {
  const id = "e2e-unknown-0001";
  await sim.upsert({ execution_id: id, raw: { execution_id: id, status: "<b>ODD</b>", timers: [] } });
  const { card, context } = await openCard(browser, sim, { execution: id });
  await card.waitForStatus("<b>ODD</b>");
  assert.match(await card.badge().getAttribute("class"), /rw-badge--unknown/);
  assert.equal(await card.badge().locator("b").count(), 0);
  assert.ok(await card.stopButton().isDisabled());
  await context.close();
});
