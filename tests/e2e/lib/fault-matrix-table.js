// Turns target/fault-matrix.json (written by specs/fault-matrix.test.js) into bench/fault-matrix.md.
//   cd tests/e2e && node lib/fault-matrix-table.js
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const { command, finished, rows } = JSON.parse(readFileSync(join(root, "target/fault-matrix.json"), "utf8"));
const cell = (text) => String(text).replace(/\|/g, "\\|").replace(/\n/g, " ");
const seen = (list) => list.map((s) => (s.kind === "none" || s.kind === "status" ? s.text : `${s.kind}: “${s.text}”`)).join("; then ");

const table = (phase) => [
  "| fault | how injected | message the user sees | recovers? | stop requests sent |",
  "|---|---|---|---|---|",
  ...rows.filter((r) => r.phase === phase).map((r) => `| ${cell(r.fault)} | ${cell(r.injected)} | ${cell(seen(r.seen))} | ${cell(
    r.recovers + (r.statuses ? ` (statuses shown: ${r.statuses.join(" → ")})` : ""))} | ${r.stops}${r.note ? ` (${cell(r.note)})` : ""} |`),
];

const md = `# Fault matrix

What the execution card did under each server fault, as observed by \`tests/e2e/specs/fault-matrix.test.js\`
(Chromium against \`runner-sim\`; faults through \`POST /__sim/faults\` unless said otherwise). Every row is also an
assertion in that spec: no page error, the exact words from \`runner-core\`'s \`ApiError::message\`, recovery,
and the number of stop requests the server received. "Message" is the card's error line (shown above the last
good data, followed by "Showing data from … Trying again in …") or its notice.

Generated from a real run (${rows.length} rows, finished ${finished}):

\`\`\`sh
${command}
cd tests/e2e && node lib/fault-matrix-table.js   # target/fault-matrix.json → bench/fault-matrix.md
\`\`\`

## While polling (card open, refreshing every 1 s; faults on the executions list)

${table("polling").join("\n")}

## On the stop request (Stop → Confirm stop, expiry 0)

${table("stop").join("\n")}

## Known widget bugs (\`todo\` tests in the spec)

- **401 while polling is not recovered with the provider's new token.** \`src/shared.rs\` \`list_page\` shares
  list results by URL only (not by token) for 750 ms, so \`Controller::refresh\`'s retry with the renewed token is
  handed the cached 401 and no request is sent; the card drops the token, shows the sign-in form and stops
  polling although the provider would give a valid token. A sign-in within 750 ms of the 401 gets the cached
  401 as well.
- **A failed stop promises a retry.** After a 503 or 429 on the stop request the notice reads "Couldn't stop
  the execution. The Runner service is temporarily unavailable; retrying in 2 s.", but the widget (rightly)
  never re-sends a stop by itself (\`src/card/controller.rs\` \`send\` appends \`ApiError::message()\`).
`;
writeFileSync(join(root, "bench/fault-matrix.md"), md);
console.log(`bench/fault-matrix.md: ${rows.length} rows`);
