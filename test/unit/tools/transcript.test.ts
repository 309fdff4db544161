import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  diffToolCalls,
  formatTranscript,
  transcriptCalls,
} from '../../../src/core/tools/transcript';
import type { ToolCallRecord, TranscriptEntry } from '../../../src/core/tools/types';

const paris: ToolCallRecord = {
  id: 'c1',
  name: 'getWeather',
  args: { city: 'Paris' },
  result: { tempC: 21 },
  turn: 0,
};

const TRANSCRIPT: TranscriptEntry[] = [
  { role: 'user', text: 'Weather in Paris?' },
  {
    role: 'model',
    text: '',
    toolCalls: [paris],
    finishReason: 'tool_calls',
    tokens: { input: 60, output: 20, total: 80 },
    latencyMs: 612.4,
  },
  { role: 'tool', text: '{"tempC":21}', toolCalls: [paris] },
  { role: 'tool', toolCalls: [{ ...paris, id: 'c2', result: undefined, error: 'boom' }] },
  { role: 'model', text: 'It is 21°C.\u001b[2J', finishReason: 'stop', cached: true },
];

test('formatTranscript shows each step a line: calls, scripted answers, errors; controls escaped', () => {
  assert.equal(
    formatTranscript(TRANSCRIPT),
    [
      '[user] Weather in Paris?',
      '[model] (tool_calls, 80 tokens, 612 ms)',
      '        → getWeather({"city":"Paris"})',
      '[tool] getWeather ← {"tempC":21}',
      '[tool] getWeather ← error: boom',
      '[model] (stop, cached) It is 21°C.\\x1b[2J',
    ].join('\n'),
  );
  assert.deepEqual(
    transcriptCalls(TRANSCRIPT).map((c) => c.id),
    ['c1'],
  );
});

test('diffToolCalls pairs calls by name in order and flags changed arguments, added and removed calls', () => {
  const call = (name: string, args: unknown): ToolCallRecord => ({ id: name, name, args, turn: 0 });
  const a = [call('search', { q: 'x' }), call('getWeather', { city: 'Paris', units: 'C' })];
  const b = [
    call('getWeather', { units: 'C', city: 'Paris' }),
    call('getWeather', { city: 'Oslo' }),
    call('book', {}),
  ];
  assert.deepEqual(
    diffToolCalls(a, b).map((c) => [c.kind, c.name]),
    [
      ['removed', 'search'],
      ['same', 'getWeather'],
      ['added', 'getWeather'],
      ['added', 'book'],
    ],
  );
  const changed = diffToolCalls([call('w', { city: 'Paris' })], [call('w', { city: 'Rome' })]);
  assert.deepEqual(changed, [
    { kind: 'args-changed', name: 'w', before: { city: 'Paris' }, after: { city: 'Rome' } },
  ]);
  assert.deepEqual(diffToolCalls([], []), []);
});
