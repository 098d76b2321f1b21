// Accessibility: axe-core against the card in every status and every interactive state, light and dark.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { startSim, launch, closeLeftovers, openCard, eventually, Card, ACCOUNT, JOB } from "../lib/harness.js";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

const STATUSES = ["PENDING", "INITIALIZING", "RUNNING", "SUCCESS", "FAILURE", "INIT_FAILURE", "STOPPING", "STOPPED",
  "KILLING", "KILLED", "PAUSED_FOR_REVIEW"]; // the last is not a Runner status: shown neutrally with its raw text
const TERMINAL = new Set(["SUCCESS", "FAILURE", "INIT_FAILURE", "STOPPED", "KILLED"]);
const HOSTS = Array.from({ length: 12 }, (_, i) => `web-${String(i + 1).padStart(2, "0")}.example.internal`);

/** A complete timers-shape document in `status`, served verbatim. */
function rawDoc(id, status, failedHosts = []) {
  const now = Date.now();
  return {
    execution_id: id, job_id: JOB, account_alias: ACCOUNT, status,
    timers: [
      { start: now - 3_600_000, end: now - 3_000_000 },
      { start: now - 600_000, end: TERMINAL.has(status) ? now - 5_000 : null },
    ],
    repository_log: { recent_commit: [{ commit: "b087e1a4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8", author: "Author name",
      date: "Wed Sep 16 16:27:20 2015 -0500", message: "Tighten the web tier" }], tags: [] },
    failed_hosts: failedHosts,
    is_vpn_established: true,
  };
}

async function upsertRaw(id, status, failedHosts) {
  await sim.upsert({ execution_id: id, raw: rawDoc(id, status, failedHosts) });
}

/** Runs axe on the card(s); fails listing every violation's id, message and targets (with colours for contrast). */
async function assertAccessible(page, what) {
  const result = await axeRun(page);
  const contrastChecked = result.passes.find((p) => p.id === "color-contrast");
  assert.ok(contrastChecked && contrastChecked.nodes > 0, `${what}: axe checked no text contrast at all`);
  const contrastUnknown = result.incomplete.filter((v) => v.id === "color-contrast");
  if (contrastUnknown.length && process.env.E2E_DEBUG) {
    console.log(`[a11y ${what}] contrast axe could not decide:`, JSON.stringify(contrastUnknown, null, 1));
  }
  if (result.violations.length) {
    const text = describe(result.violations);
    console.log(`[a11y ${what}] violations:\n${text}`);
    assert.fail(`${result.violations.length} axe violation(s) in ${what}:\n${text}`);
  }
}

function describe(violations) {
  return violations.map((v) => `- ${v.id} (${v.impact}): ${v.help}\n` + v.nodes.map((n) =>
    `    at ${n.target}\n      ${n.message.replace(/\n/g, "\n      ")}` +
    (v.id === "color-contrast" ? `\n      colours: ${JSON.stringify(n.data)}` : "")).join("\n")).join("\n");
}

async function axeRun(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(".rw-card", { resultTypes: ["violations", "incomplete"] });
    const brief = (list) => list.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(" "), message: n.failureSummary ?? "",
        data: n.any.concat(n.all, n.none).map((c) => c.data).filter(Boolean) })),
    }));
    return {
      violations: brief(r.violations), incomplete: brief(r.incomplete),
      passes: r.passes.map((p) => ({ id: p.id, nodes: p.nodes.length })),
    };
  });
}

test("the check is not vacuous: axe reports a planted low-contrast, unlabelled control inside the card", async () => {
  const { card, context } = await openCard(browser, sim, { poll: "30" });
  await card.waitForStatus("RUNNING");
  await card.root.evaluate((el) => {
    const p = document.createElement("p");
    p.textContent = "planted";
    p.style.cssText = "color:#eee;background:#fff";
    el.append(p, Object.assign(document.createElement("input"), { type: "text" }));
  });
  const { violations } = await axeRun(card.page);
  const ids = violations.map((v) => v.id);
  assert.ok(ids.includes("color-contrast") && ids.includes("label"), `found: ${ids} ${describe(violations)}`);
  await context.close();
});

for (const colorScheme of ["light", "dark"]) {
  for (const status of STATUSES) {
    test(`${colorScheme}: ${status}`, async () => {
      const id = `a11y-${colorScheme}-${status.toLowerCase()}`;
      await upsertRaw(id, status, status === "FAILURE" ? HOSTS.slice(0, 3) : []);
      const { card, context, logs } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme });
      await card.waitForStatus(status);
      assert.equal(await card.page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), colorScheme === "dark");
      if (status === "PAUSED_FOR_REVIEW") assert.match(await card.badge().textContent(), /PAUSED_FOR_REVIEW/);
      await assertAccessible(card.page, `${colorScheme} ${status}`);
      assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
      await context.close();
    });
  }

  test(`${colorScheme}: stop confirmation open`, async () => {
    const id = `a11y-${colorScheme}-confirm`;
    await upsertRaw(id, "RUNNING");
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme });
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("30");
    await card.stopButton().click();
    await card.confirmButton("stop").waitFor();
    await assertAccessible(card.page, `${colorScheme} confirmation`);
    await card.cancelButton().click();
    await context.close();
  });

  test(`${colorScheme}: invalid expiry error`, async () => {
    const id = `a11y-${colorScheme}-expiry`;
    await upsertRaw(id, "RUNNING");
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme });
    await card.waitForStatus("RUNNING");
    await card.expiry().fill("-5");
    await card.stopButton().click();
    await eventually(async () => (await card.expiry().getAttribute("aria-invalid")) === "true", 5_000, "expiry error");
    await assertAccessible(card.page, `${colorScheme} expiry error`);
    // focus goes to the field, which reads out its error, on every press (an unchanged error text is not said again)
    const focusedLabel = () => card.page.evaluate(() => document.activeElement?.labels?.[0]?.textContent);
    assert.equal(await focusedLabel(), "Expiry (seconds)");
    await card.stopButton().focus();
    await card.page.keyboard.press("Enter");
    assert.equal(await focusedLabel(), "Expiry (seconds)", "back on the field at the second press");
    await context.close();
  });

  test(`${colorScheme}: sign-in form, empty and after bad credentials`, async () => {
    const { card, context } = await openCard(browser, sim, { auth: "none" }, { colorScheme });
    const form = card.root.locator("form.rw-sign-in");
    await form.waitFor();
    await assertAccessible(card.page, `${colorScheme} sign-in form`);
    await form.getByLabel("User name").fill("demo");
    await form.getByLabel("Password").fill("wrong");
    await form.getByRole("button", { name: "Sign in" }).click();
    await eventually(async () => /didn't recognize/.test(await form.textContent()), 5_000, "login error");
    await assertAccessible(card.page, `${colorScheme} sign-in error`);
    await context.close();
  });

  test(`${colorScheme}: error with stale data`, async () => {
    const id = `a11y-${colorScheme}-stale`;
    await upsertRaw(id, "RUNNING");
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "1" }, { colorScheme });
    await card.waitForStatus("RUNNING");
    await sim.fault({ route: "list", kind: "status", status: 500, count: 1000 });
    try {
      await eventually(async () => card.stale().isVisible(), 10_000, "stale line");
      assert.match(await card.stale().textContent(), /failed \(HTTP 500\).*Showing data from/);
      await assertAccessible(card.page, `${colorScheme} stale`);
    } finally {
      await sim.admin("DELETE", "/faults");
    }
    await context.close();
  });

  test(`${colorScheme}: notice after stopping a finished execution`, async () => {
    const id = `a11y-${colorScheme}-notice`;
    await upsertRaw(id, "RUNNING");
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme });
    await card.waitForStatus("RUNNING");
    await card.stopButton().click();
    await upsertRaw(id, "SUCCESS");
    await sim.fault({ route: "stop", kind: "status", status: 409, body: '{"message":"Execution is not running"}' });
    await card.confirmButton("stop").click();
    await eventually(async () => /already finished/.test(await card.notice().textContent()), 5_000, "notice");
    await assertAccessible(card.page, `${colorScheme} notice`);
    await context.close();
  });

  test(`${colorScheme}: expanded failed-host list`, async () => {
    const id = `a11y-${colorScheme}-hosts`;
    await upsertRaw(id, "FAILURE", HOSTS);
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme });
    await card.waitForStatus("FAILURE");
    await card.root.getByRole("button", { name: "Show 2 more" }).click();
    await eventually(async () => (await card.root.locator(".rw-hosts__list li").count()) === 12, 5_000, "all hosts");
    // "Show more" is no disclosure (it stays or goes, it never collapses): no aria-expanded, and the card says
    // how many are shown now
    await eventually(async () => (await card.liveRegion().textContent()) === "Showing 12 of 12 failed hosts.", 5_000,
      "shown hosts said");
    assert.equal(await card.root.locator(".rw-hosts button[aria-expanded]").count(), 0);
    // the list scrolls when long: the keyboard reaches it, and it says what it is
    const list = card.root.getByRole("list", { name: "Failed hosts" });
    assert.equal(await list.getAttribute("tabindex"), "0");
    await assertAccessible(card.page, `${colorScheme} expanded hosts`);
    await context.close();
  });
}

// Forced colours (Windows contrast themes) replace backgrounds with system colours: the status badge keeps an
// outline and a pressed toggle still looks pressed (in normal colours neither needs it).
test("forced colours: the badge keeps its outline and the pressed UTC toggle stays distinct", async () => {
  const id = "a11y-forced-colors";
  await upsertRaw(id, "RUNNING");
  const look = async (forcedColors) => {
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { forcedColors });
    await card.waitForStatus("RUNNING");
    const utc = card.root.getByRole("button", { name: "Show times in UTC" });
    await utc.click();
    await eventually(async () => (await utc.getAttribute("aria-pressed")) === "true", 5_000, "pressed");
    const style = (locator) => locator.evaluate((el) => {
      const s = getComputedStyle(el);
      return { border: `${s.borderTopStyle} ${s.borderTopWidth}`, background: s.backgroundColor, color: s.color };
    });
    const seen = { badge: await style(card.badge()), pressed: await style(utc),
      unpressed: await style(card.root.getByRole("button", { name: "Copy execution id" })) };
    await context.close();
    return seen;
  };
  const forced = await look("active");
  assert.match(forced.badge.border, /^solid [1-9]/, "the badge is outlined");
  assert.notEqual(forced.pressed.background, forced.unpressed.background, "pressed looks different from unpressed");
  assert.notEqual(forced.pressed.color, forced.pressed.background, "and its label is readable");
  const normal = await look("none");
  assert.match(normal.badge.border, /^none/, "no outline in normal colours");
});

// The card is embedded into pages the project does not control: a portal theme's element rules (text colour,
// size and face on p, th, td, dt, label, li, span…) must not reach into it, or a dark card would get the portal's
// dark text.
test("a portal theme's element rules and direction don't reach into the card: its text keeps the card's colour, contrast holds in dark", async () => {
  const id = "a11y-host-theme";
  await upsertRaw(id, "RUNNING", HOSTS.slice(0, 3));
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme: "dark" });
  await card.waitForStatus("RUNNING");
  await page.addStyleTag({ content: "p, h3, th, td, dt, dd, label, li, span, code, time { color: #333; font-size: 30px; font-family: serif; }" });
  // an Arabic portal: the card's English text keeps its own language and direction
  await page.evaluate(() => { document.documentElement.dir = "rtl"; document.documentElement.lang = "ar"; });
  assert.equal(await card.root.evaluate((el) => `${getComputedStyle(el).direction} ${el.lang} ${el.parentElement.lang}`), "ltr en ",
    "the card's own root says English; the page's element is left alone");
  await card.expiry().fill("30");
  await card.stopButton().click();
  await card.confirmButton("stop").waitFor();
  const colour = (locator) => locator.evaluate((el) => getComputedStyle(el).color);
  const cardText = await colour(card.root);
  assert.equal(await colour(card.root.locator(".rw-confirm__text")), cardText, "the confirmation's text has the card's colour");
  assert.equal(await colour(card.root.locator(".rw-card__title")), cardText, "so has the title");
  assert.notEqual(await card.root.locator(".rw-hosts__list li").first().evaluate((el) => getComputedStyle(el).fontSize), "30px",
    "the portal's font size does not reach in");
  await assertAccessible(page, "dark card under a portal theme");
  await context.close();
});

test("an empty error message stays a live region in the accessibility tree (one that appears with its text is often not read)", async () => {
  const id = "a11y-live-error";
  await upsertRaw(id, "RUNNING");
  const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" });
  await card.waitForStatus("RUNNING");
  const error = card.root.locator(".rw-field-error");
  assert.equal(await error.getAttribute("aria-live"), "assertive");
  assert.equal(await error.textContent(), "");
  const box = await error.evaluate((el) => ({ display: getComputedStyle(el).display, height: el.getBoundingClientRect().height }));
  assert.notEqual(box.display, "none", "rendered (not display: none)");
  assert.equal(box.height, 0, "and takes no room");
  await card.expiry().fill("-1");
  await card.stopButton().click();
  await eventually(async () => (await error.textContent()) !== "", 3_000, "the error");
  assert.ok((await error.evaluate((el) => el.getBoundingClientRect().height)) > 0, "shown when it has text");
  await context.close();
});

test("a narrow card stacks its run timers whatever the viewport (a 300 px sidebar on a wide screen)", async () => {
  const id = "a11y-narrow-container";
  await upsertRaw(id, "RUNNING");
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { viewport: { width: 1280, height: 900 } });
  await card.waitForStatus("RUNNING");
  await card.root.locator(".rw-timers").waitFor();
  const head = card.root.locator(".rw-timers thead");
  assert.notEqual(await head.evaluate((el) => getComputedStyle(el).display), "none", "wide: a table with its header row");
  await card.root.evaluate((el) => { el.parentElement.style.width = "300px"; });
  await eventually(async () => (await head.evaluate((el) => getComputedStyle(el).display)) === "none", 3_000, "stacked");
  const fits = await card.root.evaluate((el) => el.scrollWidth <= el.clientWidth);
  assert.ok(fits, "nothing overflows the card");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 1280), true);
  await context.close();
});

// A raw commit log (a string the card cannot read as a commit) shows its first three lines; a longer one has a
// "Show all" disclosure, so a keyboard or touch user can read the rest too (its `title` is the mouse's only).
test("a long raw commit log opens and closes from the keyboard; a short one has nothing to open", async () => {
  const long = "Deployed from the release branch after the freeze; " + "the web tier was rebuilt and its hosts rotated. ".repeat(8);
  const id = "a11y-raw-log";
  await sim.upsert({ execution_id: id, raw: { ...rawDoc(id, "RUNNING"), repository_log: long } });
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30" },
    { viewport: { width: 360, height: 900 } });
  await card.waitForStatus("RUNNING");
  const raw = card.root.locator(".rw-commit__raw");
  const toggle = card.root.getByRole("button", { name: "Show all" });
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  const clipped = () => raw.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
  assert.equal(await clipped(), true, "closed: only the first lines are seen");
  assert.equal(await raw.textContent(), long, "the whole text is there to be read out");
  await toggle.focus();
  await page.keyboard.press("Enter");
  const less = card.root.getByRole("button", { name: "Show less" });
  await eventually(async () => (await less.getAttribute("aria-expanded")) === "true", 3_000, "open");
  assert.equal(await clipped(), false, "open: all of it is seen");
  assert.equal(await less.evaluate((el) => el === el.getRootNode().activeElement), true, "focus stays on the toggle");
  await assertAccessible(page, "raw commit log open");
  await page.keyboard.press("Space");
  await eventually(async () => (await toggle.getAttribute("aria-expanded")) === "false", 3_000, "closed again");
  assert.equal(await clipped(), true);
  await context.close();

  await sim.upsert({ execution_id: `${id}-short`, raw: { ...rawDoc(`${id}-short`, "RUNNING"), repository_log: "v1.2 of the playbook" } });
  const again = await openCard(browser, sim, { execution: `${id}-short`, poll: "30" });
  await again.card.waitForStatus("RUNNING");
  assert.equal(await again.card.root.locator(".rw-commit__raw").textContent(), "v1.2 of the playbook");
  assert.equal(await again.card.root.locator(".rw-commit button").count(), 0, "nothing to open");
  await again.context.close();
});

// A portal with a small root font size (Bootstrap 3's `html { font-size: 10px }`, the 62.5 % trick), element
// backgrounds (`code`, `th`), a narrow sidebar and long unbroken words from the server: the card keeps its text
// size, its contrast in dark, and nothing overflows it.
test("a Bootstrap-3-like page (10 px root, code and th backgrounds) in a 220 px sidebar: readable text, contrast holds, nothing overflows", async () => {
  const id = "a11y-small-root";
  const status = "PAUSED_FOR_MANUAL_REVIEW_BY_THE_SECURITY_OPERATIONS_TEAM";
  await upsertRaw(id, status);
  const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "2" }, { colorScheme: "dark", viewport: { width: 1024, height: 1400 } });
  await card.waitForStatus(status);
  await card.root.locator(".rw-timers").waitFor();
  await page.addStyleTag({ content: "html { font-size: 10px } code { background-color: #f9f2f4; color: #c7254e } th { background: #eee }" });
  const size = (locator) => locator.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.equal(await size(card.root), 15, "the card's text stays 15 px");
  assert.ok((await size(card.badge())) >= 13, "so does its small text");
  const fits = async (what) => {
    for (const width of ["320px", "220px"]) {
      await card.root.evaluate((el, w) => { el.parentElement.style.width = w; }, width);
      await page.waitForTimeout(100);
      const over = await card.root.evaluate((el) => [...el.querySelectorAll("*")]
        .filter((e) => e.getBoundingClientRect().right > el.getBoundingClientRect().right + 0.5 && !e.closest("[hidden]")
          && e.getBoundingClientRect().width > 0)
        .map((e) => `${e.tagName}.${e.className}`));
      assert.deepEqual(over, [], `${what}: nothing sticks out of a ${width} card`);
      assert.ok(await card.root.evaluate((el) => el.scrollWidth <= el.clientWidth), `${what}: the ${width} card does not scroll sideways`);
    }
    await card.root.evaluate((el) => { el.parentElement.style.width = ""; });
  };
  await fits("a long unknown status");
  await assertAccessible(page, "dark card on a 10 px root with code and th backgrounds");
  // a long server message without a break in the notice
  await sim.upsert({ execution_id: id, raw: rawDoc(id, "RUNNING") });
  await card.waitForStatus("RUNNING", 10_000);
  await card.expiry().fill("30");
  await card.stopButton().click();
  await sim.fault({ route: "stop", kind: "status", status: 400, body: JSON.stringify({ message: "x".repeat(150) }) });
  await card.confirmButton("stop").click();
  await eventually(async () => (await card.notice().textContent()).includes("xxxxxxxx"), 5_000, "the server's message");
  await fits("a long message");
  await assertAccessible(page, "dark card on a 10 px root, with a notice");
  await context.close();
});

// A theme whose rules are more specific than the card's reaches into a card in the page's own tree; the README's
// way out is a shadow root with the widget's stylesheet linked inside it: the card works there as anywhere.
test("a card mounted in a shadow root (stylesheet linked inside) keeps its look under a theme's specific rules and works", async () => {
  const id = "a11y-shadow-root";
  await sim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 }); // follows a stop (a raw one would not)
  const { page, context, logs } = await openCard(browser, sim, { poll: "30" }, { colorScheme: "dark" });
  await page.waitForFunction(() => window.__ready === true);
  await page.addStyleTag({ content: "#cards p, #cards dd, #cards dt, #cards li, #cards code, #cards span { color: #333; background: #eee; }" });
  await page.evaluate(async ({ id, account, job }) => {
    const host = document.createElement("div");
    host.id = "shadow-host";
    document.getElementById("cards").appendChild(host);
    const root = host.attachShadow({ mode: "open" });
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = "/runner-widget.css";
    const loaded = new Promise((resolve) => { link.onload = resolve; });
    root.appendChild(link);
    const element = document.createElement("div");
    root.appendChild(element);
    await loaded;
    const widget = await import("/runner-widget.js");
    window.__shadowHandle = widget.mount(element, { account, job, execution: id, pollInterval: "2", tokenProvider: window.getToken });
  }, { id, account: ACCOUNT, job: JOB });
  const card = new Card(page.locator("#shadow-host .rw-card"));
  await card.waitForStatus("RUNNING");
  const colour = (locator) => locator.evaluate((el) => `${getComputedStyle(el).color} ${getComputedStyle(el).backgroundColor}`);
  const cardText = await card.root.evaluate((el) => getComputedStyle(el).color);
  assert.equal(await colour(card.root.locator("dd").first()), `${cardText} rgba(0, 0, 0, 0)`, "the theme does not reach in");
  // focus goes back to Stop when a confirmation closes, inside the shadow root too (the document's
  // activeElement is only the shadow host there)
  const inShadow = () => page.evaluate(() => document.getElementById("shadow-host").shadowRoot.activeElement?.textContent ?? null);
  await card.stopButton().focus();
  await page.keyboard.press("Enter");
  await eventually(async () => (await inShadow()) === "Confirm stop", 3_000, "focus on Confirm");
  await page.keyboard.press("Escape");
  await eventually(async () => (await inShadow()) === "Stop", 3_000, "focus back on Stop");
  await card.stop("0");
  await card.waitForStatus("STOPPING", 5_000);
  await eventually(async () => /Stopping/.test(await card.liveRegion().textContent()), 5_000, "the change is said");
  await assertAccessible(page, "dark card in a shadow root under a specific theme");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

// The card's title fits the page's outline: a page whose cards sit under its h1 asks for h2.
test("data-heading-level / headingLevel sets the title's level (h2 under the page's h1: axe's heading-order holds); a bad level is a configuration message", async () => {
  const id = "a11y-heading-level";
  await upsertRaw(id, "RUNNING");
  for (const mode of ["declarative", "programmatic"]) {
    const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30", heading: "2", mode });
    await card.waitForStatus("RUNNING");
    assert.equal(await card.root.locator(".rw-card__title").evaluate((el) => el.tagName), "H2", mode);
    await page.evaluate(() => { const h1 = document.createElement("h1"); h1.textContent = "Jobs"; document.body.prepend(h1); });
    await page.addScriptTag({ path: AXE });
    const order = await page.evaluate(() => window.axe.run(document, { runOnly: ["heading-order"] }));
    assert.deepEqual(order.violations.map((v) => v.id), [], `${mode}: heading order`);
    await context.close();
  }
  const { page, context } = await openCard(browser, sim, { execution: id, heading: "7" });
  await page.locator(".rw-card--problem").waitFor();
  assert.equal(await page.locator(".rw-card--problem").textContent(),
    "Runner widget configuration problem: data-heading-level must be 2, 3, 4, 5 or 6, not “7”.");
  await context.close();
});

// A light portal on a dark system keeps a light card, and a portal in dark mode on a light system gets a dark one:
// data-rw-color-scheme on any ancestor fixes the card's scheme; contrast holds either way.
test("data-rw-color-scheme on an ancestor fixes the card's scheme whatever the system's; contrast holds", async () => {
  const id = "a11y-fixed-scheme";
  await upsertRaw(id, "RUNNING");
  for (const [system, fixed, background] of [["dark", "light", "rgb(255, 255, 255)"], ["light", "dark", "rgb(22, 27, 36)"]]) {
    const { card, page, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { colorScheme: system });
    await card.waitForStatus("RUNNING");
    const bg = () => card.root.evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(await bg(), background, `${system} system: follows the system at first`);
    await page.evaluate((v) => document.documentElement.setAttribute("data-rw-color-scheme", v), fixed);
    assert.equal(await bg(), background, `${system} system, page says ${fixed}`);
    await assertAccessible(page, `${fixed} card on a ${system} system`);
    await context.close();
  }
});

test("prefers-reduced-motion: the running badge's pulse stops", async () => {
  const id = "a11y-reduced-motion";
  await upsertRaw(id, "RUNNING");
  const pulse = async (reducedMotion) => {
    const { card, context } = await openCard(browser, sim, { execution: id, poll: "30" }, { reducedMotion });
    await card.waitForStatus("RUNNING");
    const name = await card.root.locator(".rw-badge__icon").evaluate((el) => getComputedStyle(el).animationName);
    await context.close();
    return name;
  };
  assert.equal(await pulse("no-preference"), "rw-pulse", "it pulses normally");
  assert.equal(await pulse("reduce"), "none");
});
