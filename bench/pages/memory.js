// Bench page (bench/memory.mjs drives it): mounts one card programmatically and counts completed fetches,
// so the driver can run "setToken -> wait for the next fetch to complete" cycles without changing the widget.
// Query: account, job, execution.
//
// The widget hands a list response that finished less than 750 ms ago to any card that asks again
// (src/shared.rs, SHARE_WINDOW_MS), so an immediate refresh would not fetch. To make every cycle a real
// request without changing the widget, each cycle moves this page's Date.now() 1 s forward (the widget reads
// the clock through Date.now; it also learns the server's clock offset from the Date header, so the figures
// it shows stay right).
const params = new URLSearchParams(location.search);
const account = params.get("account") ?? "XXXX";

const realFetch = window.fetch.bind(window);
let completed = 0;
let waiters = [];
window.fetch = (...args) =>
  realFetch(...args).finally(() => {
    completed += 1;
    const ready = waiters;
    waiters = [];
    for (const resolve of ready) resolve(completed);
  });
const nextFetch = () => new Promise((resolve) => waiters.push(resolve));
const realNow = Date.now.bind(Date);
let skew = 0;
Date.now = () => realNow() + skew;
const CYCLE_TIMEOUT_MS = 10_000;

const tokenResponse = await realFetch("/__sim/token", {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({ account }),
});
const token = (await tokenResponse.json()).bearerToken;

const { default: init, mount } = await import("/runner-widget.js");
const wasm = await init();
const first = nextFetch();
const handle = mount(document.getElementById("card"), {
  account,
  job: params.get("job"),
  execution: params.get("execution"),
  tokenProvider: () => token,
});
await first;

/** Runs `n` poll cycles: each setToken wakes the poll loop for one refresh; waits for that fetch. */
window.__cycles = async (n) => {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const done = nextFetch();
    skew += 1_000;
    handle.setToken(token);
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`cycle ${i + 1}: no fetch completed within ${CYCLE_TIMEOUT_MS} ms after setToken`)), CYCLE_TIMEOUT_MS);
    });
    try { await Promise.race([done, late]); } finally { clearTimeout(timer); }
  }
  // let the last response be decoded and rendered before anyone reads memory
  await new Promise((resolve) => setTimeout(resolve, 100));
  return { ms: performance.now() - start, fetches: completed };
};
window.__memory = () => wasm.memory.buffer.byteLength;
window.__status = () => document.querySelector("[data-status]")?.getAttribute("data-status") ?? null;
window.__ready = true;
