import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleDocPage, ruleIndexPage } from '../../../src/core/lint/docs';
import { RULES } from '../../../src/core/lint/registry';
import { REPO } from '../helpers';

const DIR = path.join(REPO, 'docs', 'rules');

test('every rule has a current doc page (regenerate with: node scripts/gen-rule-docs.js)', () => {
  for (const rule of RULES) {
    const file = path.join(DIR, `${rule.code}.md`);
    assert.ok(fs.existsSync(file), `${file} exists`);
    assert.equal(fs.readFileSync(file, 'utf8'), ruleDocPage(rule), `${rule.code}.md is current`);
  }
  assert.equal(fs.readFileSync(path.join(DIR, 'README.md'), 'utf8'), ruleIndexPage(RULES));
});

test('rule codes are unique, well-formed and match their file names', () => {
  const codes = RULES.map((r) => r.code);
  assert.equal(new Set(codes).size, codes.length);
  const files = fs
    .readdirSync(path.join(REPO, 'src', 'core', 'lint', 'rules'))
    .filter((f) => /^po\d{3}-/.test(f));
  assert.equal(files.length, RULES.length);
  for (const rule of RULES) {
    assert.match(rule.code, /^PO\d{3}$/);
    assert.ok(
      files.includes(`${rule.code.toLowerCase()}-${rule.name}.ts`),
      `${rule.code} lives in ${rule.code.toLowerCase()}-${rule.name}.ts`,
    );
    assert.ok(
      rule.summary.length > 10 && rule.description.length > 40,
      `${rule.code} is documented`,
    );
  }
});
