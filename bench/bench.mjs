// Browser half of bench/run: measures the widget against the counter baseline in headless Chromium
// (playwright-core from tests/e2e/node_modules), prints the table and writes bench/RESULTS.md.
//
// Usage (bench/run does this): node bench/bench.mjs SIZES_JSON
//   SIZES_JSON: {"widget": {"raw","gzip","brotli"}, "counter": {...}} in bytes (bench/run computes them)
// Environment: RUNNER_SIM_BIN, RUNNER_WIDGET_DIST, BENCH_COUNTER_DIST, BENCH_COMMAND (for RESULTS.md),
//   BENCH_LOADS (20), BENCH_RENDER_LOADS (20), BENCH_WINDOW_S (30), BENCH_CYCLES (10000), BENCH_DEBUG.
import { execSync } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSim as startSimWith, setHidden } from "../tests/e2e/lib/harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const { chromium } = createRequire(join(root, "tests/e2e/package.json"))("playwright-core");

const ACCOUNT = "XXXX";
const JOB = "1111505e-6773-494a-b2bf-d2cc2684710d";
const RUNNING_ID = "44fdcfa2-6a7f-46d3-9f71-22e629e2358a";
const SUCCESS_ID = "5f3e2a10-0000-4000-8000-000000005cc5";
const STATUSES = ["PENDING", "INITIALIZING", "RUNNING", "SUCCESS", "FAILURE", "INIT_FAILURE", "STOPPING",
  "STOPPED", "KILLING", "KILLED"];
const LOADS = Number(process.env.BENCH_LOADS ?? 20);
const RENDER_LOADS = Number(process.env.BENCH_RENDER_LOADS ?? 20);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 30);
const CYCLES = Number(process.env.BENCH_CYCLES ?? 10_000);
const FRAME_MS = 1000 / 60;

const sizes = JSON.parse(readFileSync(process.argv[2], "utf8"));
const widgetDist = process.env.RUNNER_WIDGET_DIST ?? join(root, "dist");
const counterDist = process.env.BENCH_COUNTER_DIST ?? join(here, "counter/dist");
const log = (...a) => console.error("[bench]", ...a);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// ---------------------------------------------------------------- servers and browser

const tmpDirs = [];
/** The widget's dist + the e2e pages (/e2e/) + the bench pages (/bench/), as harness.js lays them out. */
function widgetSite() {
  const dir = mkdtempSync(join(tmpdir(), "runner-bench-"));
  tmpDirs.push(dir);
  cpSync(widgetDist, dir, { recursive: true });
  mkdirSync(join(dir, "e2e"));
  cpSync(join(root, "tests/e2e/pages"), join(dir, "e2e"), { recursive: true });
  mkdirSync(join(dir, "bench"));
  cpSync(join(here, "pages"), join(dir, "bench"), { recursive: true });
  return dir;
}

const sims = [];
async function startSim(staticDir) {
  const sim = await startSimWith([], { staticDir });
  sims.push(sim);
  return sim;
}

const launch = () => chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

const cardUrl = (sim, params) =>
  `${sim.url}/e2e/card.html?${new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID, ...params })}`;

/**
 * Init script: records performance.now() when the first [data-status] holds a real status (`card`), and when
 * the card body is built (`.rw-card[data-state=loaded]`, a task after the status: `body`).
 */
function observeCard(statuses) {
  window.__bench = { card: null, body: null };
  const real = new Set(statuses);
  const check = () => {
    const now = performance.now();
    const el = document.querySelector("[data-status]");
    if (window.__bench.card === null && el && real.has(el.getAttribute("data-status"))) {
      window.__bench.card = now;
      window.__bench.status = el.getAttribute("data-status");
    }
    if (window.__bench.body === null && document.querySelector(".rw-card[data-state=loaded]")) window.__bench.body = now;
    if (window.__bench.card !== null && window.__bench.body !== null) {
      observer.disconnect();
      console.debug("bench:card"); // the page tells; nothing is injected into it while it loads
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status", "data-state"] });
}

async function openCard(browser, url) {
  const context = await browser.newContext();
  await context.addInitScript(observeCard, STATUSES);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  // Wait for the page's console signal rather than page.waitForFunction: that injects Playwright's
  // script (≈15–30 ms of parse and compile on the page's main thread) right after `load`, in the
  // middle of the card's start-up, and would be counted as the widget's time.
  const seen = page.waitForEvent("console", { predicate: (m) => m.text() === "bench:card", timeout: 20_000 });
  try {
    await page.goto(url);
    await seen;
  } catch (e) {
    throw new Error(`no card at ${url}: ${e.message}; page errors: ${errors.join(" | ")}`);
  }
  return { context, page };
}


// ---------------------------------------------------------------- 2. navigation -> card vs first paint

async function timeToCard(browser, sim) {
  // the page's ids are ACCOUNT, JOB and RUNNING_ID, written in it like a portal would
  const { context, page } = await openCard(browser, `${sim.url}/bench/embed.html`);
  const t = await page.evaluate(() => [window.__bench.card, window.__bench.body]);
  await context.close();
  return t;
}

async function counterFirstPaint(browser, counterSim) {
  const context = await browser.newContext();
  // Same treatment as the widget: an init script watches, the page says when, then we read.
  await context.addInitScript(() => {
    const check = () => {
      const loaded = document.querySelector("[data-loaded=true]");
      const paint = performance.getEntriesByName("first-paint")[0] ?? performance.getEntriesByName("first-contentful-paint")[0];
      if (loaded && paint && !window.__benchPaint) {
        window.__benchPaint = { paint: paint.startTime, name: paint.name };
        console.debug("bench:paint");
      }
    };
    new PerformanceObserver(check).observe({ type: "paint", buffered: true });
    new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
  });
  const page = await context.newPage();
  const seen = page.waitForEvent("console", { predicate: (m) => m.text() === "bench:paint", timeout: 20_000 });
  await page.goto(counterSim.url + "/");
  await seen;
  const t = await page.evaluate(() => window.__benchPaint);
  await context.close();
  return t;
}

// ---------------------------------------------------------------- 3. render cost of a large document

function rawDocument(id, hosts, timers) {
  const now = Date.now();
  return {
    execution_id: id, job_id: JOB, account_alias: ACCOUNT, status: "FAILURE",
    timers: Array.from({ length: timers }, (_, i) => ({
      start: now - (timers - i) * 60_000, end: now - (timers - i) * 60_000 + 30_000,
    })),
    repository_log: null,
    failed_hosts: Array.from({ length: hosts }, (_, i) => `host-${String(i).padStart(5, "0")}.bench.internal`),
    is_vpn_established: false,
  };
}

/** ms from the /executions response that carried the execution (responseEnd) to the card body (hosts, timers). */
async function renderCost(browser, sim, id) {
  // The list answer is held 400 ms, so it reaches an idle page: this measures decoding and
  // rendering the document, not the page load it would otherwise overlap (that is measure 2).
  await sim.fault({ route: "list", kind: "slow", delay_ms: 400, count: 1 });
  const { context, page } = await openCard(browser, cardUrl(sim, { execution: id }));
  const r = await page.evaluate(() => {
    const card = window.__bench.body;
    const lists = performance.getEntriesByType("resource")
      .filter((e) => e.name.includes("/executions") && e.responseEnd <= card);
    const last = lists[lists.length - 1];
    return last ? { ms: card - last.responseEnd, toStatus: window.__bench.card - last.responseEnd, bytes: last.decodedBodySize,
      status: window.__bench.status } : null;
  });
  await context.close();
  if (!r) throw new Error("no /executions resource entry before the card body");
  return r;
}

// ---------------------------------------------------------------- 4. requests per minute

async function requestsPerMinute(browser, sim, params, { hidden = false } = {}) {
  const { context, page } = await openCard(browser, cardUrl(sim, params));
  const ids = String(params.execution ?? RUNNING_ID).split(",");
  await page.waitForFunction((n) => document.querySelectorAll("[data-status]").length >= n, ids.length, { timeout: 20_000 });
  if (hidden) await setHidden(page, true);
  await sleep(1_500); // let a request already in flight finish
  await sim.clearRequests();
  await sleep(WINDOW_S * 1000);
  const count = (await sim.requests()).length;
  await context.close();
  return count * (60 / WINDOW_S);
}

// ---------------------------------------------------------------- 5. memory over poll cycles

async function memoryGrowth(browser, sim) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  if (process.env.BENCH_DEBUG) page.on("request", (r) => log(performance.now().toFixed(0), r.method(), r.url()));
  if (process.env.BENCH_DEBUG) page.on("console", (m) => log("console:", m.text()));
  await page.goto(`${sim.url}/bench/memory.html?${new URLSearchParams({ account: ACCOUNT, job: JOB, execution: RUNNING_ID })}`);
  await page.waitForFunction(() => window.__ready === true, null, { timeout: 20_000 })
    .catch((e) => { throw new Error(`memory page: ${e.message}; ${errors.join(" | ")}`); });
  page.setDefaultTimeout(0);
  await sim.clearRequests();
  // Probe: each setToken must bring one prompt refresh, or 10 000 cycles would take hours.
  const probe = await page.evaluate(() => window.__cycles(10).catch((e) => ({ error: e.message })));
  if (probe.error || probe.ms / 10 > 500) {
    await context.close();
    const why = probe.error ?? `${(probe.ms / 10).toFixed(0)} ms per cycle (setToken did not bring a prompt fetch)`;
    log(`memory: not measured: ${why}`);
    return { error: why };
  }
  const a = await page.evaluate(() => window.__cycles(90));
  a.ms += probe.ms;
  const mem100 = await page.evaluate(() => window.__memory());
  log(`memory: 100 cycles in ${(a.ms / 1000).toFixed(1)} s, ${mem100} bytes; running ${CYCLES - 100} more`);
  const b = await page.evaluate((n) => window.__cycles(n).catch((e) => ({ error: e.message })), CYCLES - 100);
  if (b.error) { await context.close(); return { error: b.error }; }
  const memN = await page.evaluate(() => window.__memory());
  const status = await page.evaluate(() => window.__status());
  const gets = (await sim.requests()).filter((r) => r.method === "GET" && r.path.includes("/executions")).length;
  await context.close();
  if (errors.length) throw new Error(`memory page errors: ${errors.join(" | ")}`);
  return { mem100, memN, fetches: b.fetches, gets, ms: a.ms + b.ms, status };
}

// ---------------------------------------------------------------- main

const started = Date.now();
const browser = await launch();
const results = {};
try {
  const widgetSim = await startSim(widgetSite());
  const counterSim = await startSim(counterDist);
  const bigSim = await startSim(widgetSite());

  // warm-up (not measured): first process-wide compile of each page
  await timeToCard(browser, widgetSim);
  await counterFirstPaint(browser, counterSim);

  log(`2. navigation -> card vs counter first paint, ${LOADS} loads each, interleaved`);
  const card = [], body = [], paint = [];
  let paintName;
  for (let i = 0; i < LOADS; i += 1) {
    const [badgeAt, bodyAt] = await timeToCard(browser, widgetSim);
    card.push(badgeAt); body.push(bodyAt);
    const p = await counterFirstPaint(browser, counterSim);
    paint.push(p.paint); paintName = p.name;
  }
  results.load = { card: median(card), body: median(body), paint: median(paint), paintName, cardAll: card, bodyAll: body,
    paintAll: paint };

  log(`3. render cost: 10 000 failed hosts + 100 timers vs 1 host, ${RENDER_LOADS} loads each`);
  const smallId = "b0000000-0000-4000-8000-000000000001";
  const bigId = "b0000000-0000-4000-8000-000000010000";
  // separate servers, so neither list page carries the other document
  await widgetSim.upsert({ execution_id: smallId, status: "FAILURE", raw: rawDocument(smallId, 1, 1) });
  await bigSim.upsert({ execution_id: bigId, status: "FAILURE", raw: rawDocument(bigId, 10_000, 100) });
  await renderCost(browser, bigSim, bigId); // warm-up
  const small = [], big = [], smallStatus = [], bigStatus = [];
  let bigBytes = 0, smallBytes = 0;
  for (let i = 0; i < RENDER_LOADS; i += 1) {
    const s = await renderCost(browser, widgetSim, smallId);
    const b = await renderCost(browser, bigSim, bigId);
    small.push(s.ms); big.push(b.ms); smallBytes = s.bytes; bigBytes = b.bytes;
    smallStatus.push(s.toStatus); bigStatus.push(b.toStatus);
  }
  results.render = { small: median(small), big: median(big), smallBytes, bigBytes, smallAll: small, bigAll: big,
    smallStatus: median(smallStatus), bigStatus: median(bigStatus) };

  log(`4. requests per minute, ${WINDOW_S} s windows`);
  results.rpm = {};
  results.rpm.steady = await requestsPerMinute(browser, widgetSim, {});
  results.rpm.hidden = await requestsPerMinute(browser, widgetSim, {}, { hidden: true });
  results.rpm.terminal = await requestsPerMinute(browser, widgetSim, { execution: SUCCESS_ID });
  const many = Array.from({ length: 10 }, (_, i) => `c0000000-0000-4000-8000-0000000000${String(i).padStart(2, "0")}`);
  for (const id of many) await widgetSim.upsert({ execution_id: id, status: "RUNNING", started_ago_ms: 60_000 });
  results.rpm.ten = await requestsPerMinute(browser, widgetSim, { execution: many.join(",") });

  log(`5. wasm memory after 100 and ${CYCLES} poll cycles`);
  results.memory = await memoryGrowth(browser, widgetSim);
} finally {
  await browser.close();
  for (const sim of sims) await sim.stop();
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
}
log(`browser measurements took ${((Date.now() - started) / 1000).toFixed(0)} s`);

// ---------------------------------------------------------------- report

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${n.toFixed(1)} ms`;
const ratio = (a, b) => (b === 0 ? (a === 0 ? "—" : "∞") : `${(a / b).toFixed(2)}×`);
const verdict = (ok) => (ok ? "PASS" : "FAIL");
const { widget: w, counter: c } = sizes;
const { load, render, rpm, memory } = results;
const bigFrames = render.big / FRAME_MS;
const memRatio = memory.error ? NaN : memory.memN / memory.mem100;
const rows = [
  ["1", "transfer, raw (wasm+js+css; counter wasm+js)", kb(w.raw), kb(c.raw), ratio(w.raw, c.raw), "", "info"],
  ["1", "transfer, gzip -9", kb(w.gzip), kb(c.gzip), ratio(w.gzip, c.gzip), "", "info"],
  ["1", "transfer, brotli -q 11", kb(w.brotli), kb(c.brotli), ratio(w.brotli, c.brotli), "≤ 2.0×",
    verdict(w.brotli <= 2 * c.brotli)],
  ["2", `navigation → card with live data vs counter ${load.paintName} (median of ${LOADS})`, ms(load.card),
    ms(load.paint), ratio(load.card, load.paint), "≤ 1.5×", verdict(load.card <= 1.5 * load.paint)],
  ["2", "… to the whole card body (ids, timers, hosts, Stop; built after the status is painted)", ms(load.body),
    ms(load.paint), ratio(load.body, load.paint), "", "info"],
  ["3", `list response → card body, 10 000 failed hosts + 100 timers vs 1 host (median of ${RENDER_LOADS})`,
    `${ms(render.big)} = ${bigFrames.toFixed(1)} frames`, ms(render.small), ratio(render.big, render.small),
    "≤ 2 frames (33.3 ms)", verdict(render.big <= 2 * FRAME_MS)],
  ["3", "list response → status (painted before the body is built), 10 000 failed hosts + 100 timers vs 1 host",
    ms(render.bigStatus), ms(render.smallStatus), ratio(render.bigStatus, render.smallStatus), "", "info"],
  ["3", "… of which the 10 000 hosts + 100 timers themselves (difference of the medians)",
    `${ms(render.big - render.small)} = ${((render.big - render.small) / FRAME_MS).toFixed(1)} frames`, "", "", "", "info"],
  ["4", "requests/min, 1 card, steady RUNNING (default 5 s poll)", rpm.steady.toFixed(0), "", "", "", "info"],
  ["4", "requests/min, hidden tab", rpm.hidden.toFixed(0), "", "", "= 0", verdict(rpm.hidden === 0)],
  ["4", "requests/min, after a terminal status (SUCCESS)", rpm.terminal.toFixed(0), "", "", "= 0",
    verdict(rpm.terminal === 0)],
  ["4", "requests/min, 10 RUNNING cards of one job, one page", rpm.ten.toFixed(0), rpm.steady.toFixed(0),
    ratio(rpm.ten, rpm.steady), "≈ 1× (one job's cards share one poll)", "info"],
  memory.error
    ? ["5", `wasm memory after ${CYCLES} poll cycles vs after 100`, "not measured", "", "", "≤ 1.02×", "NOT MEASURED"]
    : ["5", `wasm memory after ${CYCLES} poll cycles vs after 100`, kb(memory.memN), kb(memory.mem100),
      `${memRatio.toFixed(3)}×`, "≤ 1.02×", verdict(memRatio <= 1.02)],
];
const header = ["#", "measure", "widget", "baseline", "ratio", "target", "verdict"];
const table = [header, header.map(() => "---"), ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");

const sh = (cmd) => { try { return execSync(cmd, { encoding: "utf8" }).trim().split("\n").pop(); } catch { return "?"; } };
const now = new Date().toISOString().replace(/\.\d+Z$/, "Z");
const notes = [
  `- Baseline for 1–2: \`bench/counter\` (Leptos 0.8 counter + one gloo-net GET of a small JSON), same pins, release`,
  `  profile and wasm-opt flags (-Os --low-memory-unused --converge); it has no CSS, so its js+wasm are counted. Counter brotli total: ${c.brotli} bytes`,
  `  (also in \`bench/counter-size.txt\`, which \`bench/size-budget\` reads). This baseline reads its JSON with serde`,
  `  derive + gloo-net's \`json\` feature; ../shared/TOOLCHAIN.md measured a counter whose GET reads text at 30.7 + 5.3 =`,
  `  36.0 KB brotli, against which the widget's ratio would be about ${(w.brotli / (36.0 * 1024)).toFixed(2)}×.`,
  `- 2: widget = \`bench/pages/embed.html\`: the README embed snippet (modulepreload + wasm preload, one card;`,
  `  the token provider asks \`POST /__sim/token\`, then the card GETs the list), time of the first`,
  `  \`[data-status]\` holding a real status (MutationObserver, performance.now(), i.e. DOM time, not paint);`,
  `  counter = its \`${load.paintName}\` entry. Each page reports through \`console.debug\` from an init script, so no`,
  `  Playwright script is injected while it loads (page.waitForFunction did, right after \`load\`, and that ~15–60 ms`,
  `  of parsing landed in the widget's start-up). Fresh browser context per load, loads interleaved, both pages served by`,
  `  \`runner-sim --static --faults\` on this machine. The card builds its body (ids, timers, hosts, Stop) once the status`,
  `  has been painted (a timer set in the next frame callback); the second row 2 is the time to the`,
  `  body (\`.rw-card[data-state=loaded]\`). Widget loads, to the status (ms): ${load.cardAll.map((x) => x.toFixed(0)).join(", ")};`,
  `  to the body: ${load.bodyAll.map((x) => x.toFixed(0)).join(", ")};`,
  `  counter: ${load.paintAll.map((x) => x.toFixed(0)).join(", ")}.`,
  `- 3: FAILURE executions injected with \`POST /__sim/executions\` (raw documents) into two separate servers; the`,
  `  first list answer is held 400 ms (a \`slow\` fault) so it reaches an idle page, isolating decode + render from the`,
  `  page load (measure 2 covers that); time`,
  `  from the carrying \`/executions\` resource entry's responseEnd to the card body (\`data-state=loaded\`), which includes`,
  `  waiting for the frame that paints the status (idle, up to 16.7 ms; the status row gives that time). List page bodies:`,
  `  ${render.bigBytes} bytes (10 000 hosts) vs ${render.smallBytes} bytes (1 host). 10 000 hosts (ms):`,
  `  ${render.bigAll.map((x) => x.toFixed(0)).join(", ")}; 1 host: ${render.smallAll.map((x) => x.toFixed(0)).join(", ")}.`,
  `  Both are the card's first render from one list page of 100 executions (the injected one is newest). V8 compiles`,
  `  each wasm function on its first call; because the answer is slow (held 400 ms), the page's rehearsal`,
  `  (src/components/rehearsal.rs) has compiled the decoder and the card body before it lands, so this is decoding +`,
  `  rendering with compiled code. Without the rehearsal (or with an answer under 50 ms, when none runs) the 1-host`,
  `  figure is ~30–40 ms here, mostly compiling.`,
  `- 4: \`GET /__sim/requests\` entries over ${WINDOW_S} s, scaled to 1 min, default poll interval. Hidden = document.hidden`,
  `  overridden + visibilitychange (as tests/e2e/specs/visibility.test.js). The 10 cards are 10 injected RUNNING`,
  `  executions of job ${JOB}. Cards of one job share one list poll (src/shared.rs), so the expected figure is`,
  `  ~1 card's rate, not 10×; measured ${(rpm.ten / Math.max(rpm.steady, 1)).toFixed(2)}× one card.`,
  `- 5: \`bench/pages/memory.html\` mounts one card (RUNNING execution) with \`mount()\` and wraps window.fetch;`,
  `  each cycle = \`setToken(token)\` (wakes the poll loop for one refresh) then wait for that fetch to complete.`,
  `  The widget reuses a list response finished < 750 ms ago (src/shared.rs), so the page also moves its`,
  `  Date.now() 1 s forward per cycle to make every refresh a real request (widget unchanged).`,
  memory.error
    ? `  Not measured this run: ${memory.error}.`
    : `  ${CYCLES} cycles took ${(memory.ms / 1000).toFixed(0)} s; the server logged ${memory.gets} list GETs; badge at the end: ${memory.status}.\n` +
      `  \`wasm.memory.buffer.byteLength\`: ${memory.mem100} → ${memory.memN} bytes.`,
];
const md = [
  "# runner-widget benchmark results",
  "",
  `Written by \`bench/run\` — do not edit by hand. Date: ${now}.`,
  `Machine: \`nproc\` = ${sh("nproc")}, ${sh("chromium --version 2>/dev/null")}, node ${process.version}.`,
  `Command: \`${process.env.BENCH_COMMAND ?? "bench/run"}\``,
  "",
  table,
  "",
  "Notes:",
  ...notes,
  "",
].join("\n");
writeFileSync(join(here, "RESULTS.md"), md);
console.log(table);
console.log(`\n(written to bench/RESULTS.md)`);
