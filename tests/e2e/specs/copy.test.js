// The execution id's Copy button: it says "Copied" only once the clipboard has the id, and says so
// when the browser refuses (no clipboard API, permission denied); the card goes on working either way.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, eventually, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

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
  const first = await card.liveRegion().textContent();
  await copyButton(card).click();
  // the same message again is written differently (a trailing no-break space), so it is said again
  await eventually(async () => (await card.liveRegion().textContent()) !== first, 5_000, "the repeat is said");
  assert.equal(await said(card), "Copied execution id.");
  await page.waitForTimeout(1_500);
  await copyButton(card).click();
  // the first click's reset (2 s after it) has passed; the second's (2 s after it) is 1.3 s away: slack for a
  // slow machine
  await page.waitForTimeout(700);
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

test("failed hosts: filter them by typing, copy all or the matches, one host per line", async () => {
  const id = "c0000000-0000-4000-8000-0000000000c1";
  const hosts = Array.from({ length: 1_234 }, (_, i) => `web-${String(i).padStart(4, "0")}.prod.example.com`);
  hosts[7] = "DB-7.Prod.example.com";
  hosts[8] = "evil\nline.example.com"; // a line break from the server must not split a host in two
  await sim.upsert({ execution_id: id, status: "FAILURE", timers: [{ start_ago_ms: 600_000, end_ago_ms: 30_000 }],
    failed_hosts: hosts, is_vpn_established: false, repository_log: null });
  const { page, context, card, logs } = await openCard(browser, sim, { execution: id }, { permissions: ["clipboard-read", "clipboard-write"] });
  await card.waitForStatus("FAILURE");
  const count = card.root.locator(".rw-hosts__count");
  const items = card.root.locator(".rw-hosts__list li");
  const copyHosts = card.root.getByRole("button", { name: /failed hosts/ });
  assert.equal(await count.textContent(), "1234 failed");
  assert.equal(await items.count(), 10);

  await copyHosts.click();
  await eventually(async () => (await copyHosts.textContent()).startsWith("Copied"), 5_000, "Copied");
  const all = await page.evaluate(() => navigator.clipboard.readText());
  const lines = all.split("\n");
  assert.equal(lines.length, 1_234, "every host, not only the 10 listed");
  assert.equal(lines[0], "web-0000.prod.example.com");
  assert.equal(lines[8], "evil\uFFFDline.example.com");
  assert.equal(await said(card), "Copied failed hosts.");

  // the filter is a labelled search box; the number of matches is a status
  const filter = card.root.getByRole("searchbox", { name: "Filter" });
  await filter.fill("prod.EXAMPLE.com ");
  await eventually(async () => (await count.textContent()) === "1233 of 1234 match", 5_000, "all but one match");
  await filter.fill("web-12");
  await eventually(async () => (await count.textContent()) === "34 of 1234 match", 5_000, "34 match");
  // said once the user pauses typing (not once per key)
  await eventually(async () => (await said(card)) === "34 of 1234 failed hosts match.", 5_000, "the number of matches said");
  assert.equal(await items.count(), 10);
  assert.equal(await items.first().textContent(), "web-1200.prod.example.com");
  await card.root.getByRole("button", { name: "Show 24 more" }).click();
  await eventually(async () => (await items.count()) === 34, 5_000, "all 34 matches");
  await eventually(async () => /^Copy /.test(await copyHosts.textContent()), 5_000, "back to Copy");
  assert.match(await copyHosts.textContent(), /^Copy matching/);
  await copyHosts.click();
  await eventually(async () => (await copyHosts.textContent()).startsWith("Copied"), 5_000, "Copied matches");
  const matches = (await page.evaluate(() => navigator.clipboard.readText())).split("\n");
  assert.equal(matches.length, 34);
  assert.ok(matches.every((h) => h.includes("web-12")), "only the matches");

  // keyboard: Escape clears the box and goes no further (a dialog around the card stays open);
  // with nothing to clear, Escape is the page's
  await page.evaluate(() => {
    window.__escapes = 0;
    document.addEventListener("keydown", (e) => { if (e.key === "Escape") window.__escapes++; });
  });
  await filter.focus();
  await page.keyboard.press("Escape");
  await eventually(async () => (await count.textContent()) === "1234 failed", 5_000, "filter cleared");
  assert.equal(await filter.inputValue(), "");
  assert.equal(await page.evaluate(() => window.__escapes), 0, "the Escape that cleared stopped there");
  await eventually(async () => (await said(card)) === "Filter cleared.", 5_000, "Filter cleared said");
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => window.__escapes), 1, "nothing to clear: the page gets it");
  await eventually(async () => /^Copy all/.test(await copyHosts.textContent()), 5_000, "Copy all again");
  assert.equal(await card.status(), "FAILURE");
  assert.deepEqual(logs.filter((l) => /pageerror|panic|unreachable/i.test(l)), []);
  await context.close();
});

test("the commit's Copy, reached by keyboard, puts the whole sha on the clipboard (the card shows seven characters)", async () => {
  const { page, context, card } = await openCard(browser, sim, {}, { permissions: ["clipboard-read", "clipboard-write"] });
  await card.waitForStatus("RUNNING");
  const copy = card.root.getByRole("button", { name: "Copy commit" });
  await card.root.getByRole("button", { name: "Copy job id" }).focus();
  await page.keyboard.press("Tab");
  assert.equal(await copy.evaluate((el) => el === document.activeElement), true, "next in the tab order after the job id's");
  await page.keyboard.press("Enter");
  await eventually(async () => (await said(card)) === "Copied commit.", 5_000, "said");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "b087e1a44c79d0576d7cccd249d3e71a3c54fe12");
  await context.close();
});
