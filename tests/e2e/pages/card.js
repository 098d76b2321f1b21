// Test page driver. Query parameters (test scaffolding only; never a token):
//   account, job, execution   card configuration (execution may be a comma list: one card each)
//   auth=provider|none        provider (default): data-token-provider="getToken"; none: the card signs in
//   poll=SECONDS              data-poll-interval
//   mode=declarative|programmatic
//   apiBase, authBase         data-api-base / data-auth-base
//   heading=N                 data-heading-level
const params = new URLSearchParams(location.search);
const account = params.get("account") ?? "XXXX";
window.__tokenCalls = 0;
window.getToken = async () => {
  window.__tokenCalls += 1;
  const response = await fetch("/__sim/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ account }),
  });
  return (await response.json()).bearerToken;
};

const cards = document.getElementById("cards");
const ids = (params.get("execution") ?? "").split(",");
const programmatic = params.get("mode") === "programmatic";
const elements = ids.map((id) => {
  const el = document.createElement("div");
  if (!programmatic) {
    el.setAttribute("data-runner-execution", "");
    el.dataset.account = account;
    el.dataset.job = params.get("job") ?? "";
    el.dataset.execution = id;
    if (params.get("auth") !== "none") el.dataset.tokenProvider = "getToken";
    if (params.has("poll")) el.dataset.pollInterval = params.get("poll");
    if (params.has("apiBase")) el.dataset.apiBase = params.get("apiBase");
    if (params.has("authBase")) el.dataset.authBase = params.get("authBase");
    if (params.has("heading")) el.dataset.headingLevel = params.get("heading");
  }
  cards.appendChild(el);
  return el;
});

const widget = await import("/runner-widget.js");
await widget.default();
if (programmatic) {
  window.__handles = elements.map((el, i) =>
    widget.mount(el, {
      account,
      job: params.get("job") ?? "",
      execution: ids[i],
      pollInterval: params.get("poll") ?? undefined,
      headingLevel: params.has("heading") ? Number(params.get("heading")) : undefined,
      tokenProvider: params.get("auth") === "none" ? undefined : window.getToken,
    }),
  );
  // a test may hand over a token right after mounting (set by an init script, never in the URL):
  // one for every card, or one per card
  if (window.__initialToken) for (const handle of window.__handles) handle.setToken(window.__initialToken);
  if (window.__initialTokens) window.__handles.forEach((handle, i) => handle.setToken(window.__initialTokens[i]));
}
window.__ready = true;
