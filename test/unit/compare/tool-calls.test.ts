import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareArtifacts } from '../../../src/core/compare/compare';
import { comparisonMarkdown } from '../../../src/core/compare/report';
import type { RunArtifact } from '../../../src/core/eval/artifact';
import { EXAMPLES } from '../helpers';

const weather = () =>
  JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, '.promptops', 'results', 'weather.json'), 'utf8'),
  ) as RunArtifact;

test('compare shows which tool calls changed between A and B, and both transcripts', () => {
  const a = weather();
  const b = weather();
  const paris = b.cases.find((c) => c.id === 'paris');
  const call = paris?.transcript?.find((e) => e.role === 'model')?.toolCalls?.[0];
  assert.ok(call, 'the bundled weather result has a recorded call');
  call.args = { city: 'Paris, TX' };
  const comparison = compareArtifacts(a, b, { a: 'A', b: 'B' });
  const changed = comparison.cases.find((c) => c.id === 'paris');
  assert.deepEqual(changed?.toolCalls, [
    {
      kind: 'args-changed',
      name: 'getWeather',
      before: { city: 'Paris' },
      after: { city: 'Paris, TX' },
    },
  ]);
  assert.match(changed?.transcripts?.a ?? '', /→ getWeather\(\{"city":"Paris"\}\)/);
  assert.match(changed?.transcripts?.b ?? '', /→ getWeather\(\{"city":"Paris, TX"\}\)/);
  const same = comparison.cases.find((c) => c.id === 'unknown-city');
  assert.deepEqual(
    same?.toolCalls?.map((c) => c.kind),
    ['same'],
  );
});

test('cases without a transcript carry no tool-call comparison', () => {
  const triage = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, '.promptops', 'results', 'triage.json'), 'utf8'),
  ) as RunArtifact;
  const comparison = compareArtifacts(triage, triage, { a: 'A', b: 'B' });
  assert.ok(
    comparison.cases.every((c) => c.toolCalls === undefined && c.transcripts === undefined),
  );
});

test('the compare report lists a case whose tool calls changed, even when its text did not', () => {
  const a = weather();
  const b = weather();
  const call = b.cases.find((c) => c.id === 'paris')?.transcript?.find((e) => e.role === 'model')
    ?.toolCalls?.[0];
  assert.ok(call);
  call.args = { city: 'Lyon' };
  const markdown = comparisonMarkdown(compareArtifacts(a, b, { a: 'A', b: 'B' }));
  assert.match(
    markdown,
    /Tool calls changed: getWeather \(\{"city":"Paris"\} → \{"city":"Lyon"\}\)/,
  );
  assert.doesNotMatch(markdown, /unknown-city/);
});
