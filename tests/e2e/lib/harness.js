// End-to-end harness: a runner-sim per test file (own port, own state), serving the built widget
// plus the test pages from one origin, and a headless Chromium driven by playwright-core.
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const ACCOUNT = "XXXX";
export const JOB = "1111505e-6773-494a-b2bf-d2cc2684710d";
export const RUNNING_ID = "44fdcfa2-6a7f-46d3-9f71-22e629e2358a";
export const PAGE_TWO_ID = "7a1c2e3f-0b1d-4c5e-9f00-000000000120";
export const FAILURE_ID = "5f3e2a10-0000-4000-8000-00000000fa11";
export const SUCCESS_ID = "5f3e2a10-0000-4000-8000-000000005cc5";

/** The built widget (dist/) and the test pages, in one folder the server serves. */
function site() {
  const dist = process.env.RUNNER_WIDGET_DIST ?? join(here, "../../../dist");
  const dir = mkdtempSync(join(tmpdir(), "runner-e2e-"));
  cpSync(dist, dir, { recursive: true });
  mkdirSync(join(dir, "e2e"));
  cpSync(join(here, "../pages"), join(dir, "e2e"), { recursive: true });
  return dir;
}

/** Starts runner-sim with fault injection on a free port, serving `staticDir` (default: dist/ + the test pages). */
export async function startSim(extra = [], { staticDir } = {}) {
  const bin = process.env.RUNNER_SIM_BIN ?? join(here, "../../../target/release/runner-sim");
  const args = ["--addr", "127.0.0.1:0", "--faults", "--static", staticDir ?? site(), ...extra];
  const child = spawn(bin, args, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, RUST_LOG: "warn" } });
  child.stderr.on("data", (d) => (process.env.E2E_DEBUG || process.env.BENCH_DEBUG) && process.stderr.write(d));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("runner-sim did not start in 20 s")), 20_000);
    child.once("exit", (code) => reject(new Error(`runner-sim exited with ${code}`)));
    lines.on("line", (line) => {
      const match = line.match(/listening on (http:\/\/\S+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
  });
  const admin = async (method, path, body) => {
    const response = await fetch(url + "/__sim" + path, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`admin ${method} ${path}: ${response.status} ${await response.text()}`);
    const text = await response.text();
    return text ? JSON.parse(text) : null;
  };
  return {
    url,
    admin,
    fault: (spec) => admin("POST", "/faults", spec),
    requests: () => admin("GET", "/requests"),
    clearRequests: () => admin("DELETE", "/requests"),
    upsert: (execution) => admin("POST", "/executions", { account: ACCOUNT, job_id: JOB, ...execution }),
    expireTokens: () => admin("POST", "/tokens/expire"),
    stop: () => new Promise((resolve) => { child.once("exit", resolve); child.kill("SIGTERM"); }),
  };
}

/** Headless Chromium with the flags that work here as root. */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
  // every context a test opens, so one that failed before closing its own can be closed after it
  const open = new Set();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    open.add(context);
    context.on("close", () => open.delete(context));
    return context;
  };
  browser.__openContexts = open;
  return browser;
}

/**
 * Closes the contexts a test left open (it failed before its own `context.close()`): a card left polling
 * would take the next tests' faults and spoil their request counts, so one failure would show as several.
 * Each spec runs it after each test.
 */
export async function closeLeftovers(browser) {
  for (const context of [...(browser?.__openContexts ?? [])]) await context.close().catch(() => {});
}

/** Opens the test card page with `params` (see pages/card.js), collecting console output and errors. */
export async function openCard(browser, sim, params = {}, contextOptions = {}) {
  const context = await browser.newContext(contextOptions);
  const page = await context.newPage();
  const logs = [];
  page.on("console", (m) => logs.push(`${m.type()}: ${m.text()}`));
  page.on("pageerror", (e) => logs.push(`pageerror: ${e.message}`));
  const query = new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID, ...params });
  await page.goto(`${sim.url}/e2e/card.html?${query}`);
  return { page, context, logs, card: new Card(page.locator(".rw-card").first()) };
}

/** Page object for one execution card. */
export class Card {
  constructor(root) {
    this.root = root;
    this.page = root.page();
  }
  badge() { return this.root.locator("[data-status]"); }
  /** Waits for the badge to show `status`, then for the card body (built a task after the first status). */
  async waitForStatus(status, timeout = 15_000) {
    await this.root.locator(`[data-status="${status}"]`).waitFor({ timeout });
    await eventually(async () => (await this.root.getAttribute("data-state")) === "loaded", timeout, "the card body");
  }
  async status() { return this.badge().getAttribute("data-status"); }
  expiry() { return this.root.getByLabel("Expiry (seconds)"); }
  stopButton() { return this.root.getByRole("button", { name: "Stop", exact: true }); }
  killButton() { return this.root.getByRole("button", { name: "Kill", exact: true }); }
  restartButton() { return this.root.getByRole("button", { name: "Restart", exact: true }); }
  confirmButton(verb = "stop") { return this.root.getByRole("button", { name: `Confirm ${verb}` }); }
  cancelButton() { return this.root.getByRole("button", { name: "Cancel" }); }
  notice() { return this.root.locator("[data-notice]"); }
  stale() { return this.root.locator(".rw-stale"); }
  liveRegion() { return this.root.locator(":scope > [role=status]"); } // the card's own (the host filter has one too)
  async stop(expiry = "0") {
    await this.expiry().fill(expiry);
    await this.stopButton().click();
    await this.confirmButton("stop").click();
  }
}

/** A token the local server accepts, as a portal's session would hold. */
export async function mintToken(sim, account = ACCOUNT) {
  const response = await fetch(`${sim.url}/__sim/token`, {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ account }),
  });
  return (await response.json()).bearerToken;
}

/** `POST …/executions/{id}/{action}` (stop, kill, restart) as another user of the Runner API sends it, not the card. */
export async function actAsAnother(sim, id, action, body) {
  const token = await mintToken(sim);
  return fetch(`${sim.url}/jobs/${ACCOUNT}/${JOB}/executions/${id}/${action}`, {
    method: "POST", headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

/** Runner API requests the server logged, optionally filtered. */
export async function apiRequests(sim, { method, pathIncludes } = {}) {
  const all = await sim.requests();
  return all.filter((r) => (!method || r.method === method) && (!pathIncludes || r.path.includes(pathIncludes)));
}

/** Pages of `context` record in `window.__signInSeen` whether a sign-in form ever appeared. */
export async function watchSignIn(context) {
  await context.addInitScript(() => {
    window.__signInSeen = false;
    new MutationObserver(() => {
      if (document.querySelector("form.rw-sign-in")) window.__signInSeen = true;
    }).observe(document, { subtree: true, childList: true, attributes: true });
  });
}

/** Makes the page believe its tab is hidden (or visible again) and tells it so. */
export async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, "hidden", { value: h, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: h ? "hidden" : "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a truthy value (or throws after `timeout`). */
export async function eventually(check, timeout = 15_000, what = "condition") {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try { last = await check(); if (last) return last; } catch (e) { last = e; }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
}

/** An init script: records in `window.__renderedAtFirstList` whether the card had rendered when the
 * page's first list request was sent (fetch wrapped). */
export function recordFirstListRequest() {
  const real = window.fetch.bind(window);
  window.fetch = (input, init) => {
    const url = String(input instanceof Request ? input.url : input);
    if (window.__renderedAtFirstList === undefined && url.includes("/executions")) {
      window.__renderedAtFirstList = document.querySelector(".rw-card") !== null;
    }
    return real(input, init);
  };
}
