import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst } from './helpers';

test('context-relevance: needed sentences over sentences, threshold 0 by default as in promptfoo', async (t) => {
  const g = await graderAgainst(() => ({
    text: '{"sentences":3,"needed":1,"reason":"one sentence answers it"}',
  }));
  t.after(g.close);
  const extra = {
    gradeWith: g.gradeWith,
    case: { id: 'a', input: { query: 'Capital?', context: 'a. b. c.' } },
  };
  const r = await check({ type: 'context-relevance' }, 'x', extra);
  assert.equal(r.pass, true);
  assert.equal(Math.round(r.score * 100), 33);
  assert.equal(
    (await check({ type: 'context-relevance', threshold: 0.5 }, 'x', extra)).pass,
    false,
  );
  const broken = await graderAgainst(() => ({ text: '{"reason":"no counts"}' }));
  t.after(broken.close);
  const bad = await check({ type: 'context-relevance' }, 'x', {
    ...extra,
    gradeWith: broken.gradeWith,
  });
  assert.match(bad.reason, /the grader did not answer needed and sentences/);
});
