import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { check } from './helpers';

const caseInfo = { id: 'c', input: { name: 'Ada' } };

test('javascript inline: an expression over output and context, true or false', async () => {
  const spec = { type: 'javascript', value: 'output.includes(context.input.name)' };
  assert.equal((await check(spec, 'Hello Ada', { case: caseInfo })).pass, true);
  const miss = await check(spec, 'Hello Bob', { case: caseInfo });
  assert.equal(miss.pass, false);
  assert.equal(miss.reason, 'the check returned false');
});

test('javascript inline: declarations then an expression, and a multi-line body with return', async () => {
  const oneLine = { type: 'javascript', value: 'const n = output.length; n > 3' };
  assert.equal((await check(oneLine, 'Hello')).pass, true);
  const body = {
    type: 'javascript',
    value: 'const words = output.split(" ");\nreturn words.length === 2;',
  };
  assert.equal((await check(body, 'Hello Ada')).pass, true);
  assert.equal((await check(body, 'Hello dear Ada')).pass, false);
});

test('javascript: a number is a score, judged by the threshold (or > 0 without one)', async () => {
  const spec = { type: 'javascript', value: 'output.length / 10', threshold: 0.5 };
  const high = await check(spec, '1234567');
  assert.equal(high.pass, true);
  assert.equal(high.score, 0.7);
  assert.equal((await check(spec, '12')).pass, false);
  assert.equal((await check({ type: 'javascript', value: '0' }, 'x')).pass, false);
});

test('javascript: {pass, score, reason} is taken as given; context carries model, tokens, latency, cost', async () => {
  const spec = {
    type: 'javascript',
    value:
      "({ pass: context.model === 'openai/m' && context.tokens.total === 140 && context.latencyMs === 800, score: 0.9, reason: 'cost ' + context.cost })",
  };
  const r = await check(spec, 'x', { model: 'openai/m' });
  assert.equal(r.pass, true);
  assert.equal(r.score, 0.9);
  assert.equal(r.reason, 'cost 0.002');
});

test('javascript: a throw is an assertion error with its message; a bad return is one too', async () => {
  const r = await check(
    { type: 'javascript', value: "(() => { throw new Error('boom') })()" },
    'x',
  );
  assert.equal(r.pass, false);
  assert.equal(r.reason, 'assertion failed to run: boom');
  const odd = await check({ type: 'javascript', value: "'yes'" }, 'x');
  assert.match(odd.reason, /must return a boolean, a number or \{pass, score, reason\}/);
});

test('javascript: a check that never returns is stopped at its time limit', async () => {
  const started = Date.now();
  const r = await check(
    { type: 'javascript', value: '(() => { while (true) {} })()', timeoutMs: 300 },
    'x',
  );
  assert.equal(r.pass, false);
  assert.equal(r.reason, 'assertion failed to run: did not finish within 300 ms');
  const pending = await check(
    { type: 'javascript', value: 'new Promise(() => {})', timeoutMs: 300 },
    'x',
  );
  assert.equal(pending.reason, 'assertion failed to run: did not finish within 300 ms');
  assert.ok(Date.now() - started < 20_000);
});

test('javascript never sees API keys in its environment', async () => {
  process.env.OPENAI_API_KEY = 'sk-test-not-real';
  process.env.MY_PROVIDER_TOKEN = 'secret';
  try {
    const r = await check(
      {
        type: 'javascript',
        value:
          'process.env.OPENAI_API_KEY === undefined && process.env.MY_PROVIDER_TOKEN === undefined && typeof process.env.PATH === "string"',
      },
      'x',
    );
    assert.equal(r.pass, true, r.reason);
  } finally {
    delete process.env.OPENAI_API_KEY;
    delete process.env.MY_PROVIDER_TOKEN;
  }
});

test('javascript file://: relative to the fixture file, CommonJS or ESM, default or named export', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-js-'));
  try {
    fs.mkdirSync(path.join(dir, 'checks'));
    fs.writeFileSync(
      path.join(dir, 'checks', 'polite.js'),
      "module.exports = (output, context) => ({ pass: /please|thank/i.test(output), reason: 'for ' + context.input.name });\nmodule.exports.short = (output) => output.length < 10;",
    );
    fs.writeFileSync(
      path.join(dir, 'checks', 'esm.mjs'),
      'export default async (output) => output.length / 100;',
    );
    const extra = { fixtureDir: dir, case: caseInfo };
    const polite = await check(
      { type: 'javascript', value: 'file://checks/polite.js' },
      'Thank you',
      extra,
    );
    assert.deepEqual([polite.pass, polite.reason], [true, 'for Ada']);
    assert.equal(
      (await check({ type: 'javascript', value: 'file://checks/polite.js' }, 'No.', extra)).pass,
      false,
    );
    assert.equal(
      (
        await check(
          { type: 'javascript', value: 'file://checks/polite.js:short' },
          'a very long answer',
          extra,
        )
      ).pass,
      false,
    );
    const esm = await check(
      { type: 'javascript', value: 'file://checks/esm.mjs', threshold: 0.05 },
      'x'.repeat(10),
      extra,
    );
    assert.equal(esm.pass, true);
    const missing = await check({ type: 'javascript', value: 'file://checks/nope.js' }, 'x', extra);
    assert.equal(missing.reason, 'assertion failed to run: no such file: checks/nope.js');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('javascript does not run where the host forbids workspace code (untrusted editor)', async () => {
  const r = await check({ type: 'javascript', value: 'true' }, 'x', { allowCode: false });
  assert.equal(r.pass, false);
  assert.match(r.reason, /only in a trusted workspace/);
});
