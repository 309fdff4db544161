import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { check, graderAgainst, graderText } from './helpers';

test('context-faithfulness: supported claims over claims, from the input context field', async (t) => {
  let supported = 1;
  const g = await graderAgainst(() => ({
    text: JSON.stringify({ claims: 2, supported, reason: 'population unsupported' }),
  }));
  t.after(g.close);
  const extra = {
    gradeWith: g.gradeWith,
    case: {
      id: 'a',
      input: { query: 'Capital?', docs: ['Paris is the capital.', 'France is in Europe.'] },
    },
  };
  const spec = { type: 'context-faithfulness', contextField: 'docs', threshold: 0.9 };
  const half = await check(spec, 'Paris, 2.2 million people', extra);
  assert.deepEqual([half.pass, half.score], [false, 0.5]);
  assert.match(
    graderText(g.server),
    /\[Context\]: Paris is the capital\.\n\nFrance is in Europe\./,
  );
  supported = 2;
  assert.equal((await check(spec, 'Paris', extra)).pass, true);
});
