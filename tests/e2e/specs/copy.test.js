// The execution id's Copy button: it says "Copied" only once the clipboard has the id, and says so
// when the browser refuses (no clipboard API, permission denied); the card goes on working either way.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, openCard, eventually, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });

const copyButton = (card) => card.root.getByRole("button", { name: /execution id/ });
const said = async (card) => (await card.liveRegion().textContent()).trim();

test("Copy puts the full execution id on the clipboard, says Copied, then Copy again", async () => {
  const { page, context, card } = await openCard(browser, sim, {}, { permissions: ["clipboard-read", "clipboard-write"] });
  await card.waitForStatus("RUNNING");
  await copyButton(card).click();
  await eventually(async () => (await copyButton(card).textContent()).startsWith("Copied"), 5_000, "Copied");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), RUNNING_ID);
  assert.equal(await said(card), "Copied execution id.", "said to screen readers too");
  // two quick clicks: the label belongs to the latest, and stays its full 2 s
  await copyButton(card).click();
  await page.waitForTimeout(1_200);
  await copyButton(card).click();
  await page.waitForTimeout(1_200); // the first click's reset time has passed
  assert.ok((await copyButton(card).textContent()).startsWith("Copied"), "the second click's Copied is still shown");
  await eventually(async () => /^Copy /.test(await copyButton(card).textContent()), 5_000, "back to Copy");
  await context.close();
});

for (const [what, init] of [
  ["the clipboard refuses", () => {
    Object.defineProperty(navigator, "clipboard", {
      value: { writeText: () => Promise.reject(new DOMException("Write permission denied.", "NotAllowedError")) },
    });
  }],
  ["there is no clipboard", () => { Object.defineProperty(navigator, "clipboard", { value: undefined }); }],
]) {
  test(`when ${what}, Copy says it couldn't copy and the card goes on`, async () => {
    const opened = await openCard(browser, sim, {}, {});
    await opened.context.addInitScript(init);
    await opened.page.reload();
    const { card, logs } = opened;
    await card.waitForStatus("RUNNING");
    await copyButton(card).click();
    await eventually(async () => (await copyButton(card).textContent()).startsWith("Couldn't copy"), 5_000, "Couldn't copy");
    assert.equal(await said(card), "Couldn't copy execution id.");
    assert.equal(await card.status(), "RUNNING");
    assert.deepEqual(logs.filter((l) => /pageerror|panic|unreachable/i.test(l)), []);
    await eventually(async () => /^Copy /.test(await copyButton(card).textContent()), 5_000, "back to Copy");
    await opened.context.close();
  });
}
