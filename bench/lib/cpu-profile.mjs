// Sums a V8 CPU profile (`node --cpu-prof`) by function: self time, then the files whose functions took it.
//
//   node bench/lib/cpu-profile.mjs PROFILE.cpuprofile [TOP=40] [FROM_FUNCTION]
//
// With FROM_FUNCTION, only the samples from the first one whose stack holds that function on (e.g.
// inviteImportContractors); with after:FUNCTION, only the samples after the last one holding it (e.g.
// after:stageRows: the last import's commit, without its reading).
import fs from "node:fs";

const [file, top = "40", from] = process.argv.slice(2);
const profile = JSON.parse(fs.readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parentOf = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const holds = (id, name) => {
  for (let at = id; at !== undefined; at = parentOf.get(at))
    if (byId.get(at).callFrame.functionName === name) return true;
  return false;
};
const selfUs = new Map();
const deltas = profile.timeDeltas;
let counting = !from;
let startAt = 0;
if (from?.startsWith("after:")) {
  for (let i = 0; i < profile.samples.length; i++)
    if (holds(profile.samples[i], from.slice(6))) startAt = i + 1;
  counting = true;
}
for (let i = startAt; i < profile.samples.length; i++) {
  const id = profile.samples[i];
  if (!counting) counting = holds(id, from);
  if (!counting) continue;
  selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
}
const byFunction = new Map();
const byFile = new Map();
let total = 0;
for (const [id, us] of selfUs) {
  const { callFrame } = byId.get(id);
  const where = callFrame.url.replace(/^.*node_modules\//, "~/").replace(/^file:\/\/.*?\/src\//, "src/");
  const key = `${callFrame.functionName || "(anonymous)"}  ${where}:${callFrame.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const pkg = where.startsWith("~/")
    ? where.split("/").slice(0, 2).join("/")
    : where || callFrame.functionName;
  byFile.set(pkg, (byFile.get(pkg) ?? 0) + us);
  total += us;
}
const show = (map) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(top))
    .map(
      ([k, us]) =>
        `${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    )
    .join("\n");
console.log(
  `total ${(total / 1000).toFixed(0)} ms\n\nby function (self):\n${show(byFunction)}\n\nby file:\n${show(byFile)}`,
);
