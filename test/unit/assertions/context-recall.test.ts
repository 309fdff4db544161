import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst, graderText } from './helpers';

test('context-recall: attributable statements of the reference answer over all of them', async (t) => {
  let attributable = 1;
  const g = await graderAgainst(() => ({
    text: JSON.stringify({ statements: 2, attributable, reason: 'creator missing' }),
  }));
  t.after(g.close);
  const extra = {
    gradeWith: g.gradeWith,
    case: { id: 'a', input: { context: 'Python was released in 1991.' } },
  };
  const spec = {
    type: 'context-recall',
    value: 'Python was created by Guido van Rossum in 1991',
    threshold: 1,
  };
  const partial = await check(spec, 'ignored', extra);
  assert.deepEqual([partial.pass, partial.score], [false, 0.5]);
  assert.match(graderText(g.server), /\[Correct answer\]: Python was created by Guido/);
  attributable = 2;
  assert.equal((await check(spec, 'ignored', extra)).pass, true);
});
