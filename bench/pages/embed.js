// The embed snippet's module script, with the card's ids from the query string (account, job,
// execution) and a token provider that asks runner-sim for a token.
import init from "/runner-widget.js";

const params = new URLSearchParams(location.search);
const el = document.querySelector("[data-runner-execution]");
el.dataset.account = params.get("account") ?? "XXXX";
el.dataset.job = params.get("job") ?? "";
el.dataset.execution = params.get("execution") ?? "";
window.getToken = async () => {
  const response = await fetch("/__sim/token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ account: el.dataset.account }),
  });
  return (await response.json()).bearerToken;
};
await init();
