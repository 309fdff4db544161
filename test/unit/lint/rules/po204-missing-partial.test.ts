import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { lintPrompt } from '../../../../src/core/lint/linter';
import { codes, workspace } from '../helpers';

test('PO204: a partial that is not in the workspace', async (t) => {
  const ws = workspace({ 'a.prompt': 'x', '_here.prompt': 'y' });
  t.after(ws.cleanup);
  assert.deepEqual(codes(await lintPrompt('{{> here}} {{> gone}}', ws.file('a.prompt'))), [
    'PO204',
  ]);
});
