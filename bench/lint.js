// Lint benchmarks (issue 3). Prints figures; never fails on time. Run after `npm run build && npm run compile-tests`:
//   node bench/lint.js
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { lintPrompt } = require('../out/src/core/lint/linter');
const { scanText } = require('../out/src/core/privacy/detectors');
const { bigPrompt } = require('./lint-prompt');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** PII-dense worst case: a match every ~100 bytes, the same few values repeated. */
function denseText(bytes) {
  const pieces = [
    'The customer asked about their invoice and the refund window for annual plans. ',
    'Contact maria.gonzalez@fastmail.com or call +1 (415) 867-5309 during office hours. ',
    'Version 10.0.19045.1 shipped on 2024-01-15 with build 20240115.3 and order #4155552671. ',
    'commit 3f2a9c1e7b4d8f0a6c2e9b1d4f7a0c3e5b8d2f6a, id 123e4567-e89b-12d3-a456-426614174000. ',
    '{{#each docs as |d|}}{{d.title}}{{/each}} and the card 4539 1488 0343 6467 on file. ',
    'api_key: ${OPENAI_API_KEY} while server 84.17.33.201 logged the request for DE44 5001 0517 5407 3249 31.\n',
  ];
  let text = '';
  for (let i = 0; text.length < bytes; i++) text += pieces[i % pieces.length];
  return text;
}

/**
 * Realistic mixed text, from a seeded generator: prose, YAML fixture lines, template lines and
 * code, with numbers, dates, versions, hashes and ids everywhere, and a PII value (varied:
 * e-mail, phone, card, IP, key) about every 2 KB.
 */
function mixedText(bytes) {
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (xs) => xs[Math.floor(rand() * xs.length)];
  const words =
    'the customer account invoice refund plan team support model prompt answer question document policy shipping order release build version cache token limit latency summary ticket priority billing feature request bug outage dashboard region user assistant system'.split(
      ' ',
    );
  const sentence = () =>
    Array.from({ length: 8 + Math.floor(rand() * 12) }, () => pick(words)).join(' ') + '.';
  const digits = (n) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const lines = [
    () => `${sentence()} ${sentence()}`,
    () => `    input: { subject: "${sentence()}", previousTickets: ${Math.floor(rand() * 20)} }`,
    () =>
      `Version ${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}.${Math.floor(rand() * 100)} released on 2024-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}, order #${digits(10)}.`,
    () =>
      `{{#each docs as |d|}}[{{@index}}] {{d.title}}: {{d.text}}{{/each}} commit ${Array.from({ length: 40 }, () => pick('0123456789abcdef'.split(''))).join('')}`,
    () => `const limit = ${Math.floor(rand() * 1000)}; // ${sentence()}`,
    () =>
      `  - id: case-${digits(4)}\n    assert:\n      - type: contains\n        value: ${pick(words)}`,
  ];
  const pii = [
    () =>
      `Reach ${pick(words)}.${pick(words)}${digits(2)}@${pick(['fastmail.com', 'gmail.com', 'acme.io'])} about it.`,
    () =>
      `Call +1 (${200 + Math.floor(rand() * 700)}) ${200 + Math.floor(rand() * 700)}-${digits(4)} after five.`,
    () => 'Card on file: 4539 1488 0343 6467.',
    () =>
      `Request from ${20 + Math.floor(rand() * 180)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${1 + Math.floor(rand() * 250)} blocked.`,
    () =>
      `OPENAI_API_KEY=sk-proj-${Array.from({ length: 40 }, () => pick('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'.split(''))).join('')}`,
  ];
  const out = [];
  let length = 0;
  let sinceLastPii = 0;
  while (length < bytes) {
    const line = sinceLastPii > 2048 ? pick(pii)() : pick(lines)();
    sinceLastPii = sinceLastPii > 2048 ? 0 : sinceLastPii + line.length;
    out.push(line);
    length += line.length + 1;
  }
  return out.join('\n');
}

function scanRate(text) {
  scanText(text.slice(0, 1_000_000));
  const rates = [];
  let matches = 0;
  for (let i = 0; i < 5; i++) {
    const t = process.hrtime.bigint();
    matches = scanText(text).length;
    rates.push(text.length / 1024 / 1024 / (Number(process.hrtime.bigint() - t) / 1e9));
  }
  return { rate: median(rates), matches };
}

async function main() {
  // 1. Lint of a 2,000-line prompt, warm: the CLI's path (everything parsed each time), then the
  // editor's (each keystroke a new text, analysed with the document's parse cache, then linted).
  const prompt = bigPrompt(2000);
  for (let i = 0; i < 20; i++) await lintPrompt(prompt, undefined);
  const times = [];
  for (let i = 0; i < 50; i++) {
    const t = process.hrtime.bigint();
    await lintPrompt(prompt, undefined);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(
    `lint of a ${prompt.split('\n').length}-line prompt (${(prompt.length / 1024).toFixed(0)} KB), everything parsed (the CLI's path), warm: median ${median(times).toFixed(2)} ms, min ${Math.min(...times).toFixed(2)} ms over 50 runs`,
  );
  const { analyzePrompt } = require('../out/src/core/language/analysis');
  const { PromptParseCache } = require('../out/src/core/language/parse-cache');
  const parses = new PromptParseCache();
  const parseTimes = [];
  const ruleTimes = [];
  for (let i = 0; i < 70; i++) {
    const text = prompt.replace('line 1001:', `line 1001${'x'.repeat(i % 7)}:`);
    let t = process.hrtime.bigint();
    const analysis = await analyzePrompt(text, { cache: parses });
    const parsed = Number(process.hrtime.bigint() - t) / 1e6;
    t = process.hrtime.bigint();
    await lintPrompt(text, undefined, {}, analysis);
    if (i < 20) continue;
    parseTimes.push(parsed);
    ruleTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const editor = parseTimes.map((p, i) => p + (ruleTimes[i] ?? 0));
  console.log(
    `lint of that prompt in the editor's path, a character typed, warm: median ${median(editor).toFixed(2)} ms over 50 runs (target ≤ 10 ms); of which analysis (parse of the changed part + schema): median ${median(parseTimes).toFixed(2)} ms, lint rules: median ${median(ruleTimes).toFixed(2)} ms`,
  );

  // 2. Privacy scan throughput: realistic mixed text, and a PII-dense worst case.
  const mixed = mixedText(16 * 1024 * 1024);
  const realistic = scanRate(mixed);
  console.log(
    `privacy scan of ${(mixed.length / 1024 / 1024).toFixed(0)} MB of mixed text (PII about every 2 KB, ${realistic.matches} matches): median ${realistic.rate.toFixed(1)} MB/s over 5 runs (target ≥ 50 MB/s)`,
  );
  const dense = denseText(16 * 1024 * 1024);
  const worst = scanRate(dense);
  console.log(
    `privacy scan of ${(dense.length / 1024 / 1024).toFixed(0)} MB of PII-dense text (a match every ~100 bytes, ${worst.matches} matches): median ${worst.rate.toFixed(1)} MB/s over 5 runs`,
  );

  // 3. CLI lint of a workspace of 1,000 prompts (each with a fixture file), whole process.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-bench-lint-'));
  const small = bigPrompt(40);
  for (let i = 0; i < 1000; i++) {
    const sub = path.join(dir, `team-${i % 20}`);
    fs.mkdirSync(sub, { recursive: true });
    // 20 distinct schemas (one per team), so schema compilation is not shared by all 1,000.
    fs.writeFileSync(
      path.join(sub, `p${i}.prompt`),
      small.replace(
        '    question: string\n',
        `    question: string\n    team${i % 20}Tag?: string\n`,
      ),
    );
    fs.writeFileSync(
      path.join(sub, `p${i}.fixtures.yaml`),
      `cases:\n  - id: c${i}\n    input: { customer: Ada, question: Why?, docs: [{ title: T, text: X }] }\n    assert:\n      - type: contains\n        value: Ada\n`,
    );
  }
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  const walls = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    try {
      execFileSync(process.execPath, [cli, 'lint', dir, '--format', 'json'], {
        stdio: 'pipe',
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error) {
      if (error.status !== 1) throw error;
    }
    walls.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  console.log(
    `CLI lint of 1,000 prompts (20 distinct schemas) + 1,000 fixture files: median ${median(walls).toFixed(2)} s wall over 3 runs (target ≤ 3 s)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
