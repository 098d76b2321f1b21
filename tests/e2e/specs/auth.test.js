// Tokens: the sign-in form and the token never leaving memory. (401 while polling: fault-matrix.test.js;
// cross-origin login and redirects: token.test.js.)
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, watchSignIn, Card, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

test("without a provider the card signs in with the Login API; bad credentials get the server's words", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { auth: "none" });
  const form = card.root.locator("form.rw-sign-in");
  await form.waitFor();
  assert.equal(await card.root.locator(".rw-badge__text").textContent(), "Sign-in needed", "not \"Loading…\" while nothing loads");
  await form.getByLabel("User name").fill("demo");
  await form.getByLabel("Password").fill("wrong");
  await form.getByRole("button", { name: "Sign in" }).click();
  await eventually(async () => /didn't recognize the username or password/.test(await form.textContent()), 5_000, "login error");
  await form.getByLabel("Password").fill("demo");
  await form.getByRole("button", { name: "Sign in" }).click();
  await card.waitForStatus("RUNNING");
  assert.equal(await form.count(), 0, "the form goes away");

  const logins = await apiRequests(sim, { method: "POST", pathIncludes: "/v2/authentication/login" });
  assert.ok(logins.length >= 2);
  assert.ok(logins.every((r) => !r.headers.authorization), "login carries no bearer token");
  const lists = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  const token = lists.at(-1).headers.authorization.slice("Bearer ".length);
  assert.ok(token.length > 8);
  // the token is in memory only: not in the URL, storage, cookies or console output
  const leaks = await page.evaluate((t) => ({
    url: location.href.includes(t),
    local: JSON.stringify({ ...localStorage }).includes(t),
    session: JSON.stringify({ ...sessionStorage }).includes(t),
    cookie: document.cookie.includes(t),
    dom: document.documentElement.outerHTML.includes(t),
  }), token);
  assert.deepEqual(leaks, { url: false, local: false, session: false, cookie: false, dom: false });
  assert.ok(lists.every((r) => !r.path.includes(token) && !(r.query ?? "").includes(token)));
  assert.ok(logs.every((l) => !l.includes(token)), "never logged");
  await context.close();
});

test("a token set right after mounting, once expired, brings a fresh one from the provider (not the one asked at mount)", async () => {
  const token = await fetch(`${sim.url}/__sim/token`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ account: ACCOUNT }),
  }).then((r) => r.json()).then((j) => j.bearerToken);
  await sim.clearRequests();
  const context = await browser.newContext();
  await context.addInitScript((t) => { window.__initialToken = t; }, token);
  await watchSignIn(context);
  const page = await context.newPage();
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID, mode: "programmatic", poll: "1" });
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  const card = new Card(page.locator(".rw-card").first());
  await card.waitForStatus("RUNNING");
  const first = await apiRequests(sim, { method: "GET", pathIncludes: "/executions" });
  assert.ok(first.length >= 1 && first.every((r) => r.headers.authorization === `Bearer ${token}`), "the handed-over token is used");
  const callsBefore = await page.evaluate(() => window.__tokenCalls);
  await sim.expireTokens(); // every token issued so far, including one the provider gave at mount
  await sim.clearRequests();
  await eventually(async () => (await page.evaluate(() => window.__tokenCalls)) > callsBefore, 10_000, "the provider asked again");
  await eventually(async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" }))
    .some((r) => r.headers.authorization !== `Bearer ${token}`), 10_000, "a poll with a fresh token");
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "no error left on the card");
  await new Promise((r) => setTimeout(r, 1_500)); // a poll or two more
  assert.equal(await page.evaluate(() => window.__signInSeen), false, "never a sign-in form: the provider still works");
  assert.equal(await card.stale().isVisible(), false);
  assert.equal(await card.status(), "RUNNING");
  await context.close();
});

test("while the provider's tokens are refused the sign-in form shows, the provider is asked again, and the card recovers by itself", async () => {
  const { page, context, card } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  // the portal's session lapses: its provider hands out tokens the Runner refuses
  await page.evaluate(() => {
    const real = window.getToken;
    window.__refuse = true;
    window.getToken = async () => (window.__refuse ? "lapsed-session-token" : real());
  });
  await sim.expireTokens();
  const form = page.locator("form.rw-sign-in");
  await form.waitFor({ timeout: 10_000 });
  await eventually(async () => /Trying again in/.test(await card.stale().textContent()), 10_000, "the card says it will try again");
  const refused = async () => (await apiRequests(sim, { method: "GET", pathIncludes: "/executions" }))
    .filter((r) => r.headers.authorization === "Bearer lapsed-session-token").length;
  await eventually(async () => (await refused()) >= 2, 15_000, "the provider asked again while the form shows");
  assert.ok(await form.isVisible(), "the form stays while the provider's tokens are refused");
  await page.getByLabel("User name").focus(); // the user starts to sign in…
  // …and meanwhile the portal renews its session: the next try gets a good token
  await page.evaluate(() => { window.__refuse = false; });
  await form.waitFor({ state: "detached", timeout: 20_000 });
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "no error left on the card");
  assert.equal(await card.status(), "RUNNING");
  assert.equal(await page.evaluate(() => document.activeElement?.className), "rw-card__title", "focus moved to the card, not lost");
  await context.close();
});

test("keyboard sign-in: focus stays on the button while it signs in; a 404 from the login address says so (not \"Execution not found\")", async () => {
  const { card, page, context } = await openCard(browser, sim, { auth: "none" });
  const form = card.root.locator("form.rw-sign-in");
  await form.waitFor();
  await form.getByLabel("User name").fill("demo");
  await form.getByLabel("Password").fill("demo");
  await sim.fault({ route: "login", kind: "status", status: 404, count: 1 });
  await form.getByRole("button", { name: "Sign in" }).focus();
  await page.keyboard.press("Enter");
  await eventually(async () => /sign-in service was not found at the configured address/.test(await form.textContent()), 5_000, "the login's own 404 message");
  assert.doesNotMatch(await form.textContent(), /Execution not found/);
  await sim.fault({ route: "login", kind: "slow", delay_ms: 8_000, count: 1 }); // held: the busy state lasts
  await form.getByLabel("Password").fill("demo"); // a failed sign-in clears it
  await form.getByRole("button", { name: "Sign in" }).focus();
  await page.keyboard.press("Enter");
  // while it signs in, the button is unavailable but keeps keyboard focus (a disabled one would drop it to the page)
  await eventually(async () => (await page.evaluate(() => document.activeElement?.textContent)) === "Signing in…", 5_000, "focus on the busy button");
  assert.equal(await form.getByRole("button", { name: "Signing in…" }).getAttribute("aria-disabled"), "true");
  await card.waitForStatus("RUNNING", 20_000);
  await context.close();
});
