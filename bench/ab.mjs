// bench/ab.mjs — A/B of two (or more) widget builds on the benchmark's own measures, loads interleaved.
//
//   cd bench && RUNNER_SIM_BIN=../target/release/runner-sim node ab.mjs DIST_A DIST_B [DIST_C …]
//   MODE=load  (default) navigation → card with live data on bench/pages/embed.html (measure 2)
//   MODE=small | big     list answer → badge for a FAILURE execution with 1 host / 10 000 hosts + 100 timers,
//                        the first answer held 400 ms (measure 3)
//   N=21                 loads per build (after one warm-up load each)
//   UNTIL=body           time to the whole card body (`.rw-card[data-state=loaded]`: ids, timers, hosts, Stop)
//                        instead of the badge's first real status
//   LIST_DELAY_MS=100    MODE=load only: the first list answer is held that long (a `slow` fault), as a
//                        remote Runner API would take, instead of this machine's few milliseconds
//
// Each build gets its own runner-sim serving a copy of its dist/ with the test and bench pages; loads alternate
// A, B, A, B … in fresh browser contexts, so drift on this machine hits every build alike. Prints the median and
// every load per build. For deciding between two builds of a change; bench/run stays the record.
import { cpSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { startSim, JOB, ACCOUNT } from "../tests/e2e/lib/harness.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { chromium } = createRequire(join(root, "tests/e2e/package.json"))("playwright-core");
const dists = process.argv.slice(2);
const N = Number(process.env.N ?? 21);
const MODE = process.env.MODE ?? "load";
const UNTIL = process.env.UNTIL ?? "badge";
if (dists.length < 2 || !["load", "small", "big"].includes(MODE)) {
  console.error("usage: [MODE=load|small|big] [N=21] node bench/ab.mjs DIST_A DIST_B [DIST_C …]");
  process.exit(2);
}

const now = Date.now();
const doc = (id, hosts, timers) => ({
  execution_id: id, job_id: JOB, account_alias: ACCOUNT, status: "FAILURE", repository_log: null, is_vpn_established: false,
  timers: Array.from({ length: timers }, (_, i) => ({ start: now - (timers - i) * 60_000, end: now - (timers - i) * 60_000 + 30_000 })),
  failed_hosts: Array.from({ length: hosts }, (_, i) => `host-${String(i).padStart(5, "0")}.bench.internal`),
});
const ID = "b0000000-0000-4000-8000-000000000001";
const builds = [];
for (const dist of dists) {
  const site = mkdtempSync(join(tmpdir(), "runner-ab-"));
  cpSync(dist, site, { recursive: true });
  mkdirSync(join(site, "e2e"));
  cpSync(join(root, "tests/e2e/pages"), join(site, "e2e"), { recursive: true });
  mkdirSync(join(site, "bench"));
  cpSync(join(root, "bench/pages"), join(site, "bench"), { recursive: true });
  const sim = await startSim([], { staticDir: site });
  if (MODE !== "load") await sim.upsert({ execution_id: ID, status: "FAILURE", raw: MODE === "big" ? doc(ID, 10_000, 100) : doc(ID, 1, 1) });
  builds.push({ dist, site, sim, loads: [] });
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});

async function once({ sim }) {
  if (MODE !== "load") await sim.fault({ route: "list", kind: "slow", delay_ms: 400, count: 1 });
  else if (process.env.LIST_DELAY_MS) {
    await sim.fault({ route: "list", kind: "slow", delay_ms: Number(process.env.LIST_DELAY_MS), count: 1 });
  }
  const context = await browser.newContext();
  // reports through console.debug from an init script: nothing is injected into the page while it loads
  await context.addInitScript((body) => {
    let done = false;
    const real = new Set(["RUNNING", "FAILURE"]);
    const observer = new MutationObserver(() => {
      const el = document.querySelector("[data-status]");
      if (!done && el && real.has(el.getAttribute("data-status")) && (!body || document.querySelector(".rw-card[data-state=loaded]"))) {
        done = true;
        window.__card = performance.now();
        observer.disconnect();
        console.debug("bench:card");
      }
    });
    observer.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status", "data-state"] });
  }, UNTIL === "body");
  const page = await context.newPage();
  const seen = page.waitForEvent("console", { predicate: (m) => m.text() === "bench:card", timeout: 20_000 });
  await page.goto(MODE === "load" ? `${sim.url}/bench/embed.html`
    : `${sim.url}/e2e/card.html?account=${ACCOUNT}&job=${JOB}&execution=${ID}`);
  await seen;
  const ms = await page.evaluate((mode) => {
    if (mode === "load") return window.__card;
    const answers = performance.getEntriesByType("resource").filter((e) => e.name.includes("/executions") && e.responseEnd <= window.__card);
    return window.__card - answers[answers.length - 1].responseEnd;
  }, MODE);
  await context.close();
  return ms;
}

try {
  for (const b of builds) await once(b); // warm-up
  for (let k = 0; k < N; k++) for (const b of builds) b.loads.push(await once(b));
} finally {
  await browser.close();
  for (const b of builds) { await b.sim.stop(); rmSync(b.site, { recursive: true, force: true }); }
}
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const until = UNTIL === "body" ? "card body" : "badge";
const what = { load: `navigation → ${until} (ms)`, small: `answer → ${until}, 1 host (ms)`, big: `answer → ${until}, 10 000 hosts (ms)` }[MODE];
console.log(`${what}, median of ${N} interleaved loads`);
for (const b of builds) console.log(`${b.dist.padEnd(28)} median ${median(b.loads).toFixed(1).padStart(6)}   all: ${b.loads.map((x) => x.toFixed(0)).join(" ")}`);
