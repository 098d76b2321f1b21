// Screenshots of the card, light and dark, wide and narrow (docs/screenshots is refreshed from these).
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startSim, launch, closeLeftovers, openCard } from "../lib/harness.js";

const out = join(dirname(fileURLToPath(import.meta.url)), "../../../target/screenshots");
let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); mkdirSync(out, { recursive: true }); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

for (const [name, options] of [
  ["card-light", { colorScheme: "light", viewport: { width: 760, height: 720 } }],
  ["card-dark", { colorScheme: "dark", viewport: { width: 760, height: 720 } }],
  ["card-narrow-dark", { colorScheme: "dark", viewport: { width: 360, height: 900 } }],
]) {
  test(`screenshot ${name}`, async () => {
    const { card, page, context } = await openCard(browser, sim, {}, options);
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("30");
    await card.stopButton().click(); // show the confirmation too
    const file = join(out, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    assert.ok(statSync(file).size > 5_000);
    await context.close();
  });
}
