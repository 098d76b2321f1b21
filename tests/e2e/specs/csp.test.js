// A strict Content-Security-Policy: the widget needs no inline script, no inline style and no eval
// beyond WebAssembly compilation.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, Card, apiRequests, eventually, ACCOUNT, JOB, RUNNING_ID, FAILURE_ID } from "../lib/harness.js";

const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

let sim, browser;
before(async () => { sim = await startSim(["--csp", POLICY, "--stop-delay-ms", "1500"]); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

/** Like openCard, but records every CSP violation on window before any page script runs. */
async function openWatched(params = {}) {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
        source: e.sourceFile, line: e.lineNumber });
    });
  });
  const page = await context.newPage();
  const logs = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  const response = await page.goto(`${sim.url}/e2e/card.html?${new URLSearchParams({
    account: ACCOUNT, job: JOB, execution: RUNNING_ID, ...params })}`);
  return { page, context, logs, response, card: new Card(page.locator(".rw-card").first()) };
}

test("the policy really is served on the test page and the widget's files", async () => {
  for (const path of ["/e2e/card.html", "/runner-widget.js", "/runner-widget.css", "/e2e/card.js"]) {
    const response = await fetch(sim.url + path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get("content-security-policy"), POLICY, path);
  }
});

test("the policy is enforced: a planted inline script is blocked and reported", async () => {
  // Guards against a vacuous pass (e.g. the listener never firing).
  const { page, context } = await openWatched();
  await page.waitForFunction(() => window.__ready === true);
  await page.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.body.append(s);
  });
  await eventually(async () => (await page.evaluate(() => window.__cspViolations.length)) > 0, 5_000, "a violation event");
  assert.equal(await page.evaluate(() => window.__inlineRan), undefined);
  await context.close();
});

test("under the policy the card loads, stops and settles with no violation and no console error", async () => {
  const { page, context, logs, response, card } = await openWatched({ poll: "1" });
  assert.equal(response.headers()["content-security-policy"], POLICY);
  await card.waitForStatus("RUNNING");
  assert.match(await card.root.textContent(), /44fdcfa2/);
  // styles from the stylesheet apply (style-src 'self' allows the <link>)
  assert.notEqual(await card.root.evaluate((el) => getComputedStyle(el).borderTopStyle), "none");

  await sim.clearRequests();
  await card.stop("0");
  await card.waitForStatus("STOPPING", 5_000);
  await card.waitForStatus("STOPPED", 15_000);
  await eventually(async () => /stopped/i.test(await card.liveRegion().textContent()), 5_000, "announcement");
  assert.equal((await apiRequests(sim, { method: "POST", pathIncludes: "/stop" })).length, 1);

  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations, [], `CSP violations: ${JSON.stringify(violations)}`);
  const errors = logs.filter((l) => l.startsWith("error") || l.startsWith("pageerror"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("under the policy: sign-in form, a failed execution's hosts and the restart confirmation", async () => {
  const { page, context, logs, card } = await openWatched({ auth: "none", execution: FAILURE_ID, poll: "30" });
  const form = card.root.locator("form.rw-sign-in");
  await form.getByLabel("User name").fill("demo");
  await form.getByLabel("Password").fill("demo");
  await form.getByRole("button", { name: "Sign in" }).click();
  await card.waitForStatus("FAILURE");
  assert.match(await card.root.locator(".rw-hosts__count").textContent(), /^3 failed$/);
  await card.restartButton().click();
  await card.confirmButton("restart").waitFor();
  await card.cancelButton().click();
  const violations = await page.evaluate(() => window.__cspViolations);
  assert.deepEqual(violations, [], `CSP violations: ${JSON.stringify(violations)}`);
  assert.deepEqual(logs.filter((l) => l.startsWith("error") || l.startsWith("pageerror")), []);
  await context.close();
});
