import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_FALLBACK, guardOutput } from '../../../src/core/guard/output-guard';
import { codes, promptProblems } from '../lint/helpers';
import { REPO, runCli, workspace } from '../helpers';
import { startFakeOpenAI } from '../../support/openai-server';

const schema = {
  type: 'object',
  properties: { answer: { type: 'string' } },
  required: ['answer'],
  additionalProperties: false,
};

test('the guard passes valid answers and replaces invalid JSON, schema violations, profanity and oversize ones', () => {
  assert.deepEqual(guardOutput('{"answer":"ok"}', { schema: 'strict' }, { outputSchema: schema }), {
    action: 'pass',
    output: '{"answer":"ok"}',
    reasons: [],
  });
  const notJson = guardOutput(
    'Sure! {"answer":"ok"}',
    { schema: 'strict', fallback: 'Sorry.' },
    { outputSchema: schema },
  );
  assert.deepEqual([notJson.action, notJson.output], ['fallback', 'Sorry.']);
  assert.match(notJson.reasons[0] ?? '', /^the answer is not JSON/);
  assert.equal(
    guardOutput('```json\n{"answer":"ok"}\n```', { schema: 'lenient' }, { outputSchema: schema })
      .action,
    'pass',
    'lenient accepts fences',
  );
  assert.equal(
    guardOutput('```json\n{"answer":"ok"}\n```', { schema: 'strict' }, { outputSchema: schema })
      .action,
    'fallback',
    'strict does not',
  );
  assert.match(
    guardOutput('{"answer":1}', { schema: 'strict' }, { outputSchema: schema }).reasons[0] ?? '',
    /does not match the output schema: answer must be string/,
  );
  assert.match(guardOutput('{}', { schema: 'strict' }).reasons[0] ?? '', /declares none/);
  const rude = guardOutput('You absolute shithead.', { profanity: 'block' });
  assert.deepEqual(
    [rude.action, rude.output, rude.reasons],
    ['fallback', DEFAULT_FALLBACK, ['profanity: shit']],
  );
  assert.equal(guardOutput('Scunthorpe is lovely.', { profanity: 'block' }).action, 'pass');
  assert.match(
    guardOutput('x'.repeat(11), { maxChars: 10 }).reasons[0] ?? '',
    /11 characters, more than 10/,
  );
});

test('PII and secrets: block replaces the answer, redact keeps it with placeholders', () => {
  const answer =
    'Write to maria.gonzalez@fastmail.com or use sk-proj-4fG7hJ2kL9mN3pQ6rS8tV1wX5yZ0aB2cD4eF6gH8.';
  const blocked = guardOutput(answer, { pii: 'block' });
  assert.equal(blocked.action, 'fallback');
  assert.match(
    blocked.reasons[0] ?? '',
    /e-mail address, OpenAI API key|OpenAI API key, e-mail address/,
  );
  const redacted = guardOutput(answer, { pii: 'redact' });
  assert.deepEqual(
    [redacted.action, redacted.output],
    ['redacted', 'Write to [EMAIL] or use [SECRET].'],
  );
  assert.equal(
    guardOutput('Mail support@example.com', { pii: 'block' }).action,
    'pass',
    'documentation values are fine',
  );
});

test("promptops/guard: an application loads a prompt's guard from the package entry", async (t) => {
  const ws = workspace({
    'a.prompt':
      '---\noutput:\n  format: json\n  schema: { answer: string }\npromptops.guard: { schema: strict, pii: redact, fallback: "Try again later." }\n---\nhi',
  });
  t.after(ws.cleanup);
  const entry = path.join(REPO, 'dist', 'guard.js');
  assert.ok(fs.existsSync(entry), 'built by npm run build');
  const packageJson = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as {
    exports: Record<string, string>;
  };
  assert.equal(packageJson.exports['./guard'], './dist/guard.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadGuard } = require(entry) as {
    loadGuard(file: string): Promise<(answer: string) => { action: string; output: string }>;
  };
  const guard = await loadGuard(ws.file('a.prompt'));
  assert.deepEqual(guard('{"answer":"call +1 (415) 867-5309"}'), {
    action: 'redacted',
    output: '{"answer":"call [PHONE]"}',
    reasons: ['redacted 1 value: phone number'],
  });
  assert.equal(guard('not json').output, 'Try again later.');
});

test('evals apply the guard, record its outcome and the fallback rate; guard-passes fails replaced answers', async (t) => {
  const server = await startFakeOpenAI((request) => ({
    text: String(request.body.messages.at(-1)?.content).includes('Bob')
      ? 'Call bob.hart@fastmail.com'
      : 'Hello Ada',
  }));
  const ws = workspace({
    'promptops.config.yaml': `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`,
    'g.prompt':
      '---\nmodel: local/m\ninput:\n  schema: { name: string }\npromptops.guard: { pii: block }\n---\n{{name}}',
    'g.fixtures.yaml':
      'defaults:\n  assert:\n    - type: guard-passes\ncases:\n  - id: ada\n    input: { name: Ada }\n  - id: bob\n    input: { name: Bob }\n',
  });
  t.after(async () => {
    await server.close();
    ws.cleanup();
  });
  const result = await runCli(ws.dir, ['eval']);
  assert.equal(result.code, 1);
  const artifact = JSON.parse(fs.readFileSync(ws.file('.promptops/results/g.json'), 'utf8'));
  assert.deepEqual(
    artifact.cases.map((c: { id: string; status: string; guard: { action: string } }) => [
      c.id,
      c.status,
      c.guard.action,
    ]),
    [
      ['ada', 'pass', 'pass'],
      ['bob', 'fail', 'fallback'],
    ],
  );
  assert.equal(artifact.summary.fallbackRate, 0.5);
  assert.match(
    result.stdout,
    /guard-passes: the guard would use the fallback: personal data or secrets: e-mail address/,
  );
});

test('lint PO109: a guard that checks a missing output schema, or is malformed', async () => {
  assert.deepEqual(
    codes(await promptProblems('---\npromptops.guard: { schema: strict }\n---\nhi')),
    ['PO109'],
  );
  const malformed = await promptProblems(
    '---\npromptops.guard: { pii: maybe, maxChars: -1 }\n---\nhi',
  );
  assert.deepEqual(codes(malformed), ['PO109', 'PO109']);
  assert.deepEqual(
    await promptProblems(
      '---\noutput:\n  format: json\n  schema: { a: string }\npromptops.guard: { schema: lenient, profanity: block }\n---\nhi',
    ),
    [],
  );
});
