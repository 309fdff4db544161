import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { scanText, type PiiType } from '../../../src/core/privacy/detectors';
import { REPO } from '../helpers';

interface Sample {
  text: string;
  expect: { type: PiiType; value: string; reserved?: boolean }[];
}

const corpus = YAML.parse(
  fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'privacy', 'corpus.yaml'), 'utf8'),
) as { samples: Sample[] };

test('precision and recall per type on the labelled corpus', () => {
  const stats = new Map<string, { tp: number; fp: number; fn: number }>();
  const bump = (type: string, key: 'tp' | 'fp' | 'fn') => {
    const entry = stats.get(type) ?? { tp: 0, fp: 0, fn: 0 };
    entry[key]++;
    stats.set(type, entry);
  };
  const mistakes: string[] = [];
  for (const sample of corpus.samples) {
    const found = scanText(sample.text);
    const expected = [...sample.expect];
    for (const match of found) {
      const index = expected.findIndex((e) => e.type === match.type && e.value === match.value);
      if (index >= 0) {
        const wanted = expected.splice(index, 1)[0];
        bump(match.type, 'tp');
        if (Boolean(wanted?.reserved) !== match.reserved)
          mistakes.push(`reserved=${match.reserved} for ${match.type} "${match.value}"`);
      } else {
        bump(match.type, 'fp');
        mistakes.push(`false positive ${match.type} "${match.value}" in: ${sample.text}`);
      }
    }
    for (const missed of expected) {
      bump(missed.type, 'fn');
      mistakes.push(`missed ${missed.type} "${missed.value}" in: ${sample.text}`);
    }
  }
  const rows = [...stats].sort(([a], [b]) => a.localeCompare(b));
  console.log('type             precision  recall  (tp/fp/fn)');
  for (const [type, { tp, fp, fn }] of rows) {
    console.log(
      `${type.padEnd(16)} ${(tp / Math.max(1, tp + fp)).toFixed(3).padStart(9)}  ${(tp / Math.max(1, tp + fn)).toFixed(3).padStart(6)}  (${tp}/${fp}/${fn})`,
    );
  }
  const total = rows.reduce(
    (acc, [, s]) => ({ tp: acc.tp + s.tp, fp: acc.fp + s.fp, fn: acc.fn + s.fn }),
    { tp: 0, fp: 0, fn: 0 },
  );
  console.log(
    `overall          ${(total.tp / (total.tp + total.fp)).toFixed(3).padStart(9)}  ${(total.tp / (total.tp + total.fn)).toFixed(3).padStart(6)}  (${total.tp}/${total.fp}/${total.fn}) over ${corpus.samples.length} samples`,
  );
  assert.deepEqual(mistakes, []);
});
