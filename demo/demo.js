// Demo only: a token provider that signs in to the local Runner server with its demo account.
// A real portal returns the bearer token it already holds; the widget keeps it in memory only.
window.runnerDemoToken = async function () {
  const response = await fetch("/v2/authentication/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ username: "demo", password: "demo" }),
  });
  if (!response.ok) throw new Error("demo login failed");
  return (await response.json()).bearerToken;
};
