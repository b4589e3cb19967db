// A second verifier of ppsp's seal, written from docs/seal.md alone: it recomputes every hash of
// the test vectors (tests/seal/vectors.json) with Node's own JSON and crypto, and says how many
// agree. Run: node tests/seal/verify.mjs tests/seal/vectors.json
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");

// Canonical JSON: keys sorted, no white space, UTF-8, JSON.stringify's escapes.
function canonical(value) {
  if (Array.isArray(value)) return "[" + value.map(canonical).join(",") + "]";
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return "{" + keys.map((k) => JSON.stringify(k) + ":" + canonical(value[k])).join(",") + "}";
  }
  return JSON.stringify(value);
}

const vectors = JSON.parse(readFileSync(process.argv[2], "utf8"));
let checked = 0;
const wrong = [];
const expect = (what, found, wanted) => {
  checked += 1;
  if (found !== wanted) wrong.push(`${what}: ${found} != ${wanted}`);
};

for (const record of vectors.records) {
  const genesis = sha256(`ppsp.record\n${record.region}`);
  expect(`${record.name} genesis`, genesis, record.genesis);
  let previous = genesis;
  record.events.forEach((event, i) => {
    previous = sha256(previous + "\n" + canonical(event));
    expect(`${record.name} events[${i}]`, previous, record.hashes[i]);
  });
  expect(`${record.name} head`, previous, record.head);
}
const province = vectors.province;
expect("province seal", sha256("ppsp.province\n" + canonical({ heads: province.heads })), province.seal);
const funding = vectors.funding;
expect("funding seal", sha256("ppsp.funding\n" + canonical({ plans: funding.plans })), funding.seal);

for (const line of wrong) console.error(line);
console.log(`${checked - wrong.length} of ${checked} hashes agree`);
process.exit(wrong.length ? 1 : 0);
