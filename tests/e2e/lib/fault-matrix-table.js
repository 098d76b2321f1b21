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

## Before any data (the card's first list request fails)

${table("first load").join("\n")}

## While polling (card open, refreshing every 1 s; faults on the executions list)

${table("polling").join("\n")}

## On the stop request (Stop → Confirm stop, expiry 0)

${table("stop").join("\n")}
`;
writeFileSync(join(root, "bench/fault-matrix.md"), md);
console.log(`bench/fault-matrix.md: ${rows.length} rows`);
