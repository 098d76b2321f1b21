// The bearer token goes only to the configured Runner API origin, only in the Authorization header:
// not to a separate login origin, not through a redirect, not into URLs, storage, the DOM or the console.
// (auth.test.js covers the sign-in form's same-origin basics; this file adds the cross-origin cases.)
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

// Both servers draw tokens from the same seeded sequence, so the token the foreign login server issues
// first equals the first token the API server issued: a shared identity, as with a real Login API.
const SEED = "4242";
let api, foreign, browser;
before(async () => {
  api = await startSim(["--seed", SEED]);
  foreign = await startSim(["--seed", SEED, "--cors-origin", api.url]);
  browser = await launch();
});
after(async () => { await browser?.close(); await foreign?.stop(); await api?.stop(); });
afterEach(() => closeLeftovers(browser));

const bearer = (r) => r.headers.authorization?.replace(/^Bearer /, "");

test("(a) sign-in on another origin: the login carries no token, the token goes only to the API origin", async () => {
  // the API server's first token (see SEED)
  const login = await fetch(`${api.url}/v2/authentication/login`, {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "demo", password: "demo" }),
  });
  const expected = (await login.json()).bearerToken;
  await api.clearRequests();
  await foreign.clearRequests();

  const { card, page, context, logs } = await openCard(browser, api, { auth: "none", authBase: foreign.url, poll: "1" });
  const form = card.root.locator("form.rw-sign-in");
  await form.getByLabel("User name").fill("demo");
  await form.getByLabel("Password").fill("demo");
  await form.getByRole("button", { name: "Sign in" }).click();
  await card.waitForStatus("RUNNING");
  await eventually(async () => (await apiRequests(api, { method: "GET" })).length >= 2, 5_000, "two polls");

  const atForeign = await foreign.requests();
  const logins = atForeign.filter((r) => r.method === "POST");
  assert.equal(logins.length, 1, "one login, at the login origin");
  assert.equal(logins[0].path, "/v2/authentication/login");
  assert.equal(logins[0].headers.origin, api.url, "a CORS request from the page's origin");
  assert.ok(atForeign.every((r) => r.path === "/v2/authentication/login"), "nothing but the login went there");
  assert.ok(atForeign.every((r) => !("authorization" in r.headers)), "no Authorization header at the login origin");
  assert.ok(atForeign.every((r) => !JSON.stringify(r).includes(expected)), "the token never travels to the login origin");

  const atApi = await api.requests();
  assert.ok(atApi.length >= 2);
  assert.ok(atApi.every((r) => r.path.startsWith(`/jobs/${ACCOUNT}/${JOB}/executions`)), "only Runner calls at the API");
  assert.ok(atApi.every((r) => bearer(r) === expected), "every Runner call carries the signed-in token");
  assert.ok(atApi.every((r) => !r.path.includes(expected) && !(r.query ?? "").includes(expected)));
  assert.ok(logs.every((l) => !l.includes(expected)), "never in the console");
  assert.equal(await page.evaluate((t) => document.documentElement.outerHTML.includes(t), expected), false);
  await context.close();
});

test("(b) a redirecting API: the widget follows no redirect, shows an error, then recovers", async () => {
  const target = `${foreign.url}/jobs/${ACCOUNT}/${JOB}/executions?page=0&size=100`;
  const { card, context, logs } = await openCard(browser, api, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await foreign.clearRequests();
  await api.clearRequests();

  // polling: the list answers 307 to the other origin (which would accept the CORS request)
  await api.fault({ route: "list", kind: "redirect", location: target, count: 3 });
  await eventually(async () => /^The Runner service answered with a redirect, which the card does not follow/.test(await card.stale().textContent()), 10_000, "the redirect said as such, not as \"offline\"");
  assert.equal(await card.status(), "RUNNING", "the last good data stays");
  await eventually(async () => !(await card.stale().isVisible()), 20_000, "recovery");
  await card.waitForStatus("RUNNING");
  const redirected = (await apiRequests(api, { method: "GET" })).length;
  assert.ok(redirected >= 4, `the API saw the redirected polls and the recovery (${redirected})`);

  // stop: answered with 308 to the other origin's stop URL; it must not be re-sent anywhere
  await api.fault({ route: "stop", kind: "redirect", status: 308, location: `${foreign.url}/jobs/${ACCOUNT}/${JOB}/executions/${RUNNING_ID}/stop` });
  await card.stop("0");
  // a refused redirect is said as one; the widget cannot tell whether the stop was carried out first
  // (a 303 after a POST usually is), so it is not confirmed either way
  await eventually(async () => /^Couldn't confirm the stop\. The Runner service answered with a redirect/.test(await card.notice().textContent()), 10_000, "stop error");
  assert.equal(await card.status(), "RUNNING");
  await sleep(1_500);
  assert.equal((await apiRequests(api, { method: "POST", pathIncludes: "/stop" })).length, 1, "one stop request");

  assert.deepEqual(await foreign.requests(), [], "nothing (and so no token) ever reached the redirect target");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("(b2) a <base href> to another origin does not move the card's requests there (relative bases are pinned to the page's origin)", async () => {
  const { card, page, context, logs } = await openCard(browser, api, { poll: "1" });
  await card.waitForStatus("RUNNING");
  // a page (or an injected tag) points relative URLs at the other origin, which accepts this page's CORS requests
  await page.evaluate((href) => { const base = document.createElement("base"); base.href = href; document.head.prepend(base); }, `${foreign.url}/`);
  await foreign.clearRequests();
  await api.clearRequests();
  await eventually(async () => (await apiRequests(api, { method: "GET" })).length >= 2, 5_000, "two polls at the API");
  assert.deepEqual(await foreign.requests(), [], "nothing went to the <base href> origin");
  assert.ok((await api.requests()).every((r) => r.headers.authorization?.startsWith("Bearer ")));
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("(c) the provider's token appears only in the Authorization header sent to the API", async () => {
  // (a renewed token after a 401 is covered by fault-matrix.test.js)
  await api.clearRequests();
  const { card, page, context, logs } = await openCard(browser, api, { poll: "1" });
  await card.waitForStatus("RUNNING");
  await api.fault({ route: "list", kind: "status", status: 500, count: 1 }); // an error path logs too
  await eventually(async () => card.stale().isVisible(), 5_000, "error");
  await eventually(async () => !(await card.stale().isVisible()), 10_000, "recovery");
  await card.stop("0");
  await card.waitForStatus("STOPPING", 5_000);

  const requests = await api.requests();
  const tokens = [...new Set(requests.map(bearer).filter(Boolean))];
  assert.equal(tokens.length, 1, "the provider's token");
  assert.ok(requests.some((r) => r.method === "POST" && r.path.endsWith("/stop")), "the stop is among them");
  for (const r of requests) {
    if (r.method === "OPTIONS") continue;
    assert.match(r.headers.authorization ?? "", /^Bearer [0-9a-f]{48}$/, `${r.method} ${r.path}`);
    const { authorization, ...others } = r.headers;
    const elsewhere = JSON.stringify({ path: r.path, query: r.query, body: r.body, headers: others });
    for (const t of tokens) assert.ok(!elsewhere.includes(t), `token outside the Authorization header: ${r.method} ${r.path}`);
    assert.equal(others.cookie, undefined, "no cookies");
  }
  for (const t of tokens) {
    const leaks = await page.evaluate(async (t) => {
      const strings = [];
      for (const key of Object.getOwnPropertyNames(window)) {
        try { const v = window[key]; if (typeof v === "string") strings.push(v); } catch { /* cross-origin getter */ }
      }
      const attrs = [...document.querySelectorAll("*")].flatMap((el) => [...el.attributes].map((a) => a.value));
      const inputs = [...document.querySelectorAll("input")].map((i) => i.value);
      return {
        url: location.href.includes(t) || document.referrer.includes(t),
        history: JSON.stringify(history.state ?? null).includes(t),
        windowName: window.name.includes(t),
        globals: strings.some((s) => s.includes(t)),
        local: JSON.stringify({ ...localStorage }).includes(t),
        session: JSON.stringify({ ...sessionStorage }).includes(t),
        cookie: document.cookie.includes(t),
        indexedDb: (await indexedDB.databases()).length > 0,
        caches: (await caches.keys()).length > 0,
        resourceUrls: performance.getEntriesByType("resource").some((e) => e.name.includes(t)),
        dom: document.documentElement.outerHTML.includes(t) || attrs.some((v) => v.includes(t)) || inputs.some((v) => v.includes(t)),
      };
    }, t);
    assert.deepEqual(leaks, { url: false, history: false, windowName: false, globals: false, local: false, session: false,
      cookie: false, indexedDb: false, caches: false, resourceUrls: false, dom: false });
    assert.ok(logs.every((l) => !l.includes(t)), "never in console output");
  }
  assert.deepEqual(await context.cookies(), [], "no cookie was set for any origin");
  await context.close();
});

test("(b3) on a sandboxed page (opaque origin) a <base href> still cannot move the card's requests", async () => {
  // the page is served with `Content-Security-Policy: sandbox allow-scripts`: its origin is opaque, so the
  // widget's files, the token and the API are all fetched cross-origin (both servers allow the origin "null");
  // `location.origin` is still its address's origin, which the card pins relative bases to
  const sandboxed = await startSim(["--csp", "sandbox allow-scripts", "--cors-origin", "null"]);
  const other = await startSim(["--cors-origin", "null"]);
  try {
    const { card, page, context, logs } = await openCard(browser, sandboxed, { poll: "1" });
    await card.waitForStatus("RUNNING");
    assert.deepEqual(await page.evaluate(() => [self.origin, location.origin]), ["null", sandboxed.url], "an opaque origin");
    await page.evaluate((href) => { const base = document.createElement("base"); base.href = href; document.head.prepend(base); }, `${other.url}/`);
    await other.clearRequests();
    await sandboxed.clearRequests();
    await eventually(async () => (await apiRequests(sandboxed, { method: "GET" })).length >= 2, 5_000, "two polls at the API");
    assert.deepEqual(await other.requests(), [], "nothing went to the <base href> origin");
    assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
    await context.close();
  } finally {
    await other.stop();
    await sandboxed.stop();
  }
});
