import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { applyEdits, codes, fixtureProblems, promptProblems } from './helpers';

test('PII and secrets in a prompt body are reported with their code and exact range', async () => {
  const text =
    '---\ninput:\n  schema:\n    q: string\n---\n{{q}} Contact maria.gonzalez@fastmail.com or +1 (415) 867-5309.\nKey: sk-proj-4fG7hJ2kL9mN3pQ6rS8tV1wX5yZ0aB2cD4eF6gH8';
  const problems = await promptProblems(text);
  assert.deepEqual(codes(problems), ['PO401', 'PO402', 'PO410']);
  assert.deepEqual(problems[0]?.range, {
    start: { line: 5, character: 14 },
    end: { line: 5, character: 41 },
  });
  assert.equal(problems[2]?.severity, 'error');
  assert.doesNotMatch(
    problems[2]?.message ?? '',
    /4fG7hJ2kL9mN3pQ6rS8tV1wX5yZ0aB2cD4eF6gH8/,
    'a secret is never repeated in full',
  );
});

test('the template-variable fix replaces the value and declares the variable', async () => {
  const text =
    '---\ninput:\n  schema:\n    q: string\n---\n{{q}} Reply to maria.gonzalez@fastmail.com';
  const fix = (await promptProblems(text))[0]?.fixes[0];
  assert.equal(fix?.title, 'Replace with a template variable {{email}}');
  assert.equal(
    applyEdits(text, fix?.edits ?? []),
    '---\ninput:\n  schema:\n    q: string\n    email: string\n---\n{{q}} Reply to {{email}}',
  );
});

test('the placeholder fix uses a documentation value that is not reported as real PII', async () => {
  const text = 'cases:\n  - id: a\n    input: { note: "call +1 (415) 867-5309" }\n';
  const problems = await fixtureProblems('x', text);
  assert.deepEqual(codes(problems), ['PO402']);
  const placeholder = problems[0]?.fixes.find((f) =>
    f.title.startsWith('Replace with the placeholder'),
  );
  const fixed = applyEdits(text, placeholder?.edits ?? []);
  assert.match(fixed, /\+1 202-555-0123/);
  assert.deepEqual(
    (await fixtureProblems('x', fixed)).map((p) => [p.code, p.severity]),
    [['PO402', 'info']],
  );
});

test('documentation values are information, hard negatives are silent', async () => {
  const problems = await promptProblems(
    'Write to support@example.com from 192.0.2.10; card 4242 4242 4242 4242.',
  );
  assert.deepEqual(
    problems.map((p) => [p.code, p.severity]),
    [
      ['PO401', 'info'],
      ['PO406', 'info'],
      ['PO403', 'info'],
    ],
  );
  assert.deepEqual(
    await promptProblems(
      'Order #4155552671 on 2024-01-15, build v1.2.3.4, id 123e4567-e89b-12d3-a456-426614174000.',
    ),
    [],
  );
});

test('a suppression fix adds the right comment style: template comment in the body, YAML in the frontmatter', async () => {
  const body = 'Hi\n  ping 84.17.33.201 now';
  const fix = (await promptProblems(body))[0]?.fixes.find((f) => f.title.startsWith('Suppress'));
  const fixed = applyEdits(body, fix?.edits ?? []);
  assert.equal(fixed, 'Hi\n  {{! promptops-disable-next-line PO406 }}\n  ping 84.17.33.201 now');
  assert.deepEqual(await promptProblems(fixed), []);
  const front = '---\nmodel: a\nmyteam.owner: bob.hart@fastmail.com\n---\nhi';
  const yamlFix = (await promptProblems(front))[0]?.fixes.find((f) =>
    f.title.startsWith('Suppress'),
  );
  const fixedFront = applyEdits(front, yamlFix?.edits ?? []);
  assert.match(fixedFront, /# promptops-disable-next-line PO401\nmyteam\.owner/);
  assert.deepEqual(await promptProblems(fixedFront), []);
});
