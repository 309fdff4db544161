import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst, graderText } from './helpers';

test('answer-relevance scores the answer against the case input query (threshold 0.7 by default)', async (t) => {
  let score = 0.9;
  const g = await graderAgainst(() => ({ text: JSON.stringify({ score, reason: 'on topic' }) }));
  t.after(g.close);
  const extra = {
    gradeWith: g.gradeWith,
    case: { id: 'a', input: { query: 'Capital of France?' } },
  };
  const high = await check({ type: 'answer-relevance' }, 'Paris', extra);
  assert.deepEqual([high.pass, high.score], [true, 0.9]);
  assert.match(graderText(g.server), /\[Question\]: Capital of France\?/);
  score = 0.4;
  const low = await check({ type: 'answer-relevance' }, 'Bananas', extra);
  assert.equal(low.pass, false);
  assert.match(low.reason, /score 0\.40 < 0\.7/);
});

test('answer-relevance names another input field with queryField, and says when it is missing', async (t) => {
  const g = await graderAgainst(() => ({ text: '{"score":1,"reason":"ok"}' }));
  t.after(g.close);
  const extra = { gradeWith: g.gradeWith, case: { id: 'a', input: { question: 'Why?' } } };
  assert.equal(
    (await check({ type: 'answer-relevance', queryField: 'question' }, 'Because', extra)).pass,
    true,
  );
  const missing = await check({ type: 'answer-relevance' }, 'Because', extra);
  assert.match(missing.reason, /needs the case input 'query' \(name another with queryField:\)/);
});
