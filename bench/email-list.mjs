// The invitation list parser (src/common/email-list.ts) on adversarial input: one megabyte of text built
// to make a parser work hardest (unclosed brackets and quotes, separators only, one huge word, glued
// addresses, NFKC-expanding characters, display names of thousands of words, …). The same parser runs in
// the browser on every paste and on the server for every bulk invitation; it stops after 1,000 entries.
//
//   node --import tsx bench/email-list.mjs
//
// RUNS (default 15) changes how often each input is parsed. Per input: the median and slowest wall time,
// and the slowest run's CPU time (process.cpuUsage: the work done, which a busy machine's preemption does
// not inflate as it does wall time). Target: every input under 20 ms.
import { parseEmailList } from "../src/common/email-list.ts";
import { machine, median } from "./lib/bench.mjs";

const runs = Number(process.env.RUNS ?? 15);
const SIZE = 1024 * 1024;

/** `unit` repeated to exactly SIZE characters. */
const fill = (unit, prefix = "", suffix = "") =>
  prefix +
  unit
    .repeat(Math.ceil((SIZE - prefix.length - suffix.length) / unit.length))
    .slice(0, SIZE - prefix.length - suffix.length) +
  suffix;

/** Distinct addresses, one after another, to SIZE characters. */
function distinctAddresses() {
  let text = "";
  for (let i = 0; text.length < SIZE; i++) text += `someone.${i}@example.com, `;
  return text.slice(0, SIZE);
}

/** Display names of many words, each followed by its address. */
function namedAddresses() {
  let text = "";
  for (let i = 0; text.length < SIZE; i++) text += `"Last${i}, First" <someone.${i}@example.com>; `;
  return text.slice(0, SIZE);
}

const inputs = {
  "distinct valid addresses (stops at 1,001)": distinctAddresses(),
  "quoted names with addresses (stops at 1,001)": namedAddresses(),
  "one address repeated": fill("someone@example.com, "),
  "unclosed < only": fill("<"),
  "< then one long run of spaces": fill(" ", "<a@x.io"),
  "< and > alternating": fill("<>"),
  "< before every word": fill("<a "),
  "unclosed quote": fill("a", '"'),
  "quoted backslashes": fill("\\a", '"'),
  "quote pairs": fill('"" '),
  "commas only": fill(","),
  "line breaks only": fill("\n"),
  "commas and breaks alternating": fill(",\n"),
  "spaces only": fill(" "),
  "ideographic spaces only": fill("\u3000"),
  "one word without @": fill("a"),
  "one word with @ at the start": fill("b", "a@"),
  "@ only": fill("@"),
  "glued addresses in one word": fill("a@x.io"),
  "NFKC-expanding words": fill("\ufdfa\ufdfa@x.io "),
  "combining marks in one word": fill("a\u0301", "x@"),
  "words of a name, no address": fill("x "),
  "a name then a megabyte of commas": fill(",", "Ann", " <a@x.io>"),
  "name words and commas": fill("a, "),
  "Last, First <address> pairs": fill("Smith, Anna <anna@x.io>; "),
  "mailto: links": fill("mailto:a@x.io "),
  "control characters in quotes": fill("\u0000\r\n", '"', '" <a@x.io>'),
};

const figures = [];
for (const [name, text] of Object.entries(inputs)) {
  if (text.length !== SIZE) throw new Error(`${name}: ${text.length} characters`);
  parseEmailList(text); // warm-up
  const times = [];
  const cpu = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    result = parseEmailList(text);
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  figures.push({
    input: name,
    medianMs: Number(median(times).toFixed(2)),
    maxMs: Number(Math.max(...times).toFixed(2)),
    maxCpuMs: Number(Math.max(...cpu).toFixed(2)),
    entries: result.entries.length,
    overLimit: result.overLimit,
  });
}
console.table(figures);
const worst = figures.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
const mostCpu = figures.reduce((a, b) => (b.maxCpuMs > a.maxCpuMs ? b : a));
console.log(
  JSON.stringify(
    {
      machine: machine(),
      runs,
      sizeChars: SIZE,
      slowestMedian: { input: worst.input, medianMs: worst.medianMs, maxMs: worst.maxMs },
      mostCpuInOneRun: { input: mostCpu.input, cpuMs: mostCpu.maxCpuMs },
    },
    null,
    2,
  ),
);
