import type { AssertionHandler } from './types';

export const isJson: AssertionHandler = (_spec, context) =>
  context.json.ok
    ? { pass: true, reason: 'output is valid JSON' }
    : { pass: false, reason: `output is not valid JSON: ${context.json.error}` };
