// The card's first render and its first request: the list request leaves before the render's
// main-thread work (so the answer is not held up by it), and a token provider that has not answered
// yet does not hold the card back (it shows its loading state and asks nothing until the token comes).
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, mintToken, apiRequests, eventually, sleep, recordFirstListRequest, Card, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

async function open(params, initScripts = []) {
  const context = await browser.newContext();
  for (const [script, arg] of [[recordFirstListRequest], ...initScripts]) await context.addInitScript(script, arg);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID, ...params });
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  return { context, page, errors, card: new Card(page.locator(".rw-card").first()) };
}

const serverToken = () => mintToken(sim);

// The page's provider (card.js assigns window.getToken) is replaced through an accessor whose setter
// ignores card.js. This one's answer is settled at once, so how it is ordered against the first render
// cannot depend on this machine's speed.
const answersAtOnce = (t) => {
  Object.defineProperty(window, "getToken", { configurable: true, get: () => async () => t, set: () => {} });
};
// A provider that answers when the test calls `window.__giveToken(token)`.
const held = () => {
  Object.defineProperty(window, "getToken", {
    configurable: true,
    get: () => () => new Promise((resolve) => { window.__giveToken = resolve; }),
    set: () => {},
  });
};
// card.js hands `window.__initialToken` to the card right after mount() (set here, never in the URL)
const handedOver = (t) => { window.__initialToken = t; };

for (const [name, params, script] of [
  ["a token provider that answers at once", {}, answersAtOnce],
  ["a token handed over with setToken right after mount()", { mode: "programmatic", auth: "none" }, handedOver],
]) {
  test(`${name}: the list request is sent before the card's first render`, async () => {
    const { context, page, errors, card } = await open(params, [[script, await serverToken()]]);
    await card.waitForStatus("RUNNING");
    assert.equal(await page.evaluate(() => window.__renderedAtFirstList), false, "no card yet when the list request left");
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("a token provider that has not answered does not hold the card back; its token then loads the card", async () => {
  await sim.clearRequests();
  const { context, page, errors, card } = await open({}, [[held]]);
  // the render's wait for the token is short (50 ms); the provider answers only when the test lets it, so no
  // tight limit is needed here (loading the wasm on a busy machine takes what it takes)
  await card.root.locator(".rw-badge--loading").waitFor();
  assert.equal(await card.root.locator(".rw-badge__text").textContent(), "Loading…");
  assert.equal(await page.evaluate(() => typeof window.__giveToken), "function", "the provider was asked");
  assert.equal((await apiRequests(sim)).length, 0, "nothing is asked without a token");

  const token = await serverToken();
  await page.evaluate((t) => window.__giveToken(t), token);
  await card.waitForStatus("RUNNING");
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 1, 5_000, "the list request");
  assert.ok((await apiRequests(sim)).every((r) => r.headers.authorization === `Bearer ${token}`));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a card unmounted while its token provider answers asks the server nothing", async () => {
  await sim.clearRequests();
  const { context, page, errors } = await open({ mode: "programmatic" }, [[held]]);
  await page.waitForFunction(() => window.__ready && typeof window.__giveToken === "function");
  await page.evaluate(() => window.__handles[0].unmount());
  await page.evaluate((t) => window.__giveToken(t), await serverToken());
  await sleep(1_500);
  assert.equal((await apiRequests(sim)).length, 0, "no request after unmount");
  assert.equal(await page.locator(".rw-card").count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
