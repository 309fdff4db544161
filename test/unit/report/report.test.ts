import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { readArtifact } from '../../../src/core/eval/artifact';
import { collectReport } from '../../../src/core/report/collect';
import { reportHtml } from '../../../src/core/report/html';

const EXAMPLES = path.resolve(__dirname, '../../../../examples');

test('report: matrix, a failure with expected/actual, model output escaped as text', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  const artifact = readArtifact(path.join(EXAMPLES, '.promptops/results/triage.json'));
  const first = artifact.cases[0];
  assert.ok(first);
  first.status = 'fail';
  first.output = { text: '<script>alert(1)</script> billing' };
  first.assertions = [
    {
      type: 'equals',
      pass: false,
      score: 0,
      weight: 1,
      reason: 'differs',
      negated: false,
      expected: 'bug',
    },
  ];
  artifact.summary.failed = 1;
  fs.mkdirSync(path.join(root, '.promptops/results'), { recursive: true });
  fs.writeFileSync(path.join(root, '.promptops/results/triage.json'), JSON.stringify(artifact));
  const html = reportHtml(collectReport(root));
  assert.ok(!html.includes('<script>'), 'no script tag from model output');
  assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  assert.match(html, /<td class="fail">✗ fail<\/td>/);
  assert.match(html, /<h5>expected<\/h5><pre class="expected"><del>bug<\/del>/);
  assert.match(html, /1 failing case/);
  assert.match(html, /default-src 'none'/);
});
