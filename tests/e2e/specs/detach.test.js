// A card whose element the page takes out of the document (a single-page app changing views) stops
// asking the server and resumes when the element is back; mountAll() releases declarative cards
// whose elements are gone; mount/unmount cycles keep memory flat.
import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import { startSim, launch, closeLeftovers, openCard, apiRequests, eventually, sleep, Card, ACCOUNT, JOB, RUNNING_ID } from "../lib/harness.js";

let sim, browser;
before(async () => { sim = await startSim(); browser = await launch(); });
after(async () => { await browser?.close(); await sim?.stop(); });
afterEach(() => closeLeftovers(browser));

const host = (page) => page.evaluate(() => {
  const el = window.__host;
  return { mounted: el.hasAttribute("data-runner-mounted"), children: el.childElementCount, connected: el.isConnected };
});

async function quietFor(ms) {
  await sim.clearRequests();
  await sleep(ms);
  return (await apiRequests(sim)).length;
}

/** Takes the card's element (`selector`) out of the document: no request, the card stays; puts it
 * back: a refresh at once. */
async function pauseAndResume(page, card, selector) {
  await page.evaluate((selector) => { window.__host = document.querySelector(selector); window.__host.remove(); }, selector);
  await sleep(1_500); // the card's clock looks once a second
  assert.equal(await quietFor(3_000), 0, "no request from a card out of the document");
  assert.deepEqual(await host(page), { mounted: true, children: 1, connected: false }, "paused, not unmounted");
  await sim.clearRequests();
  await page.evaluate(() => document.getElementById("cards").append(window.__host));
  await eventually(async () => (await apiRequests(sim)).length >= 1, 3_000, "a refresh once back");
  await card.waitForStatus("RUNNING");
}

test("declarative: a card whose element leaves the document pauses, resumes when it is back, and mountAll() releases it", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { poll: "1" });
  await card.waitForStatus("RUNNING");
  // a view kept alive out of the document and put back (e.g. a cached route): the card goes on
  await pauseAndResume(page, card, "[data-runner-execution]");

  // a view that is gone: the page's next mountAll() (after its new view) releases the card
  await page.evaluate(async () => {
    window.__host.remove();
    (await import("/runner-widget.js")).mountAll();
  });
  assert.deepEqual(await host(page), { mounted: false, children: 0, connected: false }, "unmounted and released");
  await sleep(1_500);
  assert.equal(await quietFor(3_000), 0, "nothing from a released card");

  // and the same element put back gets a new card from mountAll()
  await page.evaluate(async () => {
    document.getElementById("cards").append(window.__host);
    (await import("/runner-widget.js")).mountAll();
  });
  await new Card(page.locator(".rw-card").first()).waitForStatus("RUNNING", 5_000);
  await eventually(async () => (await apiRequests(sim)).length >= 2, 5_000, "polling again");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("programmatic: the card pauses while its element is out of the document and resumes when it is back", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { mode: "programmatic", poll: "1" });
  await card.waitForStatus("RUNNING");
  await pauseAndResume(page, card, "#cards > div");
  await page.evaluate(() => window.__handles[0].unmount());
  assert.equal(await quietFor(2_500), 0, "nothing after unmount");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("mounting and unmounting a card many times does not keep what the old cards held", async () => {
  // a failed execution with 10 000 hosts: every card that is not freed keeps its own copy (~1 MB)
  const id = "d0000000-0000-4000-8000-0000000010ad";
  const now = Date.now();
  await sim.upsert({ execution_id: id, status: "FAILURE", raw: {
    execution_id: id, job_id: JOB, account_alias: ACCOUNT, status: "FAILURE", repository_log: null, is_vpn_established: false,
    timers: [{ start: now - 60_000, end: now - 30_000 }],
    failed_hosts: Array.from({ length: 10_000 }, (_, i) => `host-${String(i).padStart(5, "0")}.memory.internal`),
  } });
  const { page, context, logs } = await openCard(browser, sim, { mode: "programmatic", execution: RUNNING_ID });
  await new Card(page.locator(".rw-card").first()).waitForStatus("RUNNING");
  const memory = await page.evaluate(async ({ id, account, job }) => {
    // a list answer under 750 ms old is shared with a new card (src/shared.rs): move the page's
    // clock 1 s per cycle so that every card fetches and decodes its own copy
    const realNow = Date.now;
    let skew = 0;
    Date.now = () => realNow() + skew;
    const widget = await import("/runner-widget.js");
    const wasm = await widget.default();
    const el = document.createElement("div");
    document.body.append(el);
    const cycle = async () => {
      const handle = widget.mount(el, { account, job, execution: id, tokenProvider: window.getToken });
      // the status, then the body (built a task later): every cycle builds and frees the whole card
      while (!el.querySelector('.rw-card[data-state=loaded] [data-status="FAILURE"]')) await new Promise((r) => setTimeout(r, 10));
      handle.unmount();
      skew += 1_000;
    };
    for (let i = 0; i < 10; i++) await cycle();
    const before = wasm.memory.buffer.byteLength;
    for (let i = 0; i < 30; i++) await cycle();
    return { before, after: wasm.memory.buffer.byteLength };
  }, { id, account: ACCOUNT, job: JOB });
  const grown = memory.after - memory.before;
  assert.ok(grown <= 2 * 1024 * 1024, `wasm memory grew by ${grown} B over 30 mount/unmount cycles (${JSON.stringify(memory)})`);
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});

test("a mount()ed card whose handle the page drops stays, until the page is gone (garbage collection)", async () => {
  const { card, page, context, logs } = await openCard(browser, sim, { mode: "programmatic", poll: "1" });
  await card.waitForStatus("RUNNING");
  // a second card whose handle nobody keeps; card.js's one is dropped too
  await page.evaluate(async ({ account, job, execution }) => {
    const widget = await import("/runner-widget.js");
    const el = document.createElement("div");
    el.id = "unkept";
    document.body.append(el);
    widget.mount(el, { account, job, execution, tokenProvider: window.getToken });
    window.__handles = undefined;
  }, { account: ACCOUNT, job: JOB, execution: RUNNING_ID });
  const unkept = new Card(page.locator("#unkept .rw-card"));
  await unkept.waitForStatus("RUNNING");
  // collect the handles: their finalizers run after a full collection
  const cdp = await context.newCDPSession(page);
  for (let i = 0; i < 3; i++) {
    await cdp.send("HeapProfiler.collectGarbage");
    await sleep(300);
  }
  assert.equal(await page.locator(".rw-card").count(), 2, "both cards are still there");
  await sim.clearRequests();
  await eventually(async () => (await apiRequests(sim, { method: "GET" })).length >= 2, 5_000, "and still polling");
  assert.deepEqual(logs.filter((l) => l.startsWith("pageerror")), []);
  await context.close();
});
