import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readCaseValues, readFixturesAsync } from '../../../src/core/eval/fixtures-async';
import { lintFixtures } from '../../../src/core/lint/linter';

const PROMPT =
  '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    name: string\n---\nHi {{name}}.\n';

/** 1,000 cases, every 97th with a problem the lint reports (a missing input, an unknown assertion). */
function fixtureText(format: 'yaml' | 'jsonl'): string {
  const cases = Array.from({ length: 1000 }, (_, i) => ({
    id: `c${i}`,
    input: i % 97 === 5 ? { nom: `P${i}` } : { name: `P${i}` },
    assert: [{ type: i % 97 === 7 ? 'no-such-type' : 'contains', value: `P${i}` }],
  }));
  if (format === 'jsonl') return cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  return `cases:\n${cases
    .map(
      (c) =>
        `  - id: ${c.id}\n    input: { ${Object.entries(c.input).map(([k, v]) => `${k}: ${v}`)} }\n    assert:\n      - type: ${c.assert[0]!.type}\n        value: ${c.assert[0]!.value}\n`,
    )
    .join('')}`;
}

for (const format of ['yaml', 'jsonl'] as const)
  test(`${format}: a lint after the run's read takes the read's case values and reports what a lint alone does`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-lint-after-read-'));
    try {
      fs.writeFileSync(path.join(dir, 'greet.prompt'), PROMPT);
      const file = path.join(dir, `greet.fixtures.${format}`);
      const text = fixtureText(format);
      fs.writeFileSync(file, text);
      const alone = await lintFixtures(text, file, { root: dir });
      assert.ok(alone.length >= 20, `expected problems, got ${alone.length}`);
      assert.equal(readCaseValues(file, text), undefined);
      await readFixturesAsync(file);
      const read = readCaseValues(file, text);
      assert.ok(read, 'the read kept its case values');
      assert.equal(read.allValid, true);
      assert.deepEqual(
        read.valueOf(
          format === 'jsonl'
            ? text.split('\n')[3]!
            : '  - id: c3\n    input: { name: P3 }\n    assert:\n      - type: contains\n        value: P3',
        ),
        {
          value: { id: 'c3', input: { name: 'P3' }, assert: [{ type: 'contains', value: 'P3' }] },
        },
      );
      assert.deepEqual(await lintFixtures(text, file, { root: dir }), alone);
      // Another text of the same file is not the one read.
      assert.equal(readCaseValues(file, text + '\n'), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
