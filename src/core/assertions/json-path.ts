import { JSONPath } from 'jsonpath-plus';
import type { AssertionHandler } from './types';
import { jsonEqual, quote } from './util';

/**
 * `path` is a JSONPath into the parsed output. With `value`, some match must equal it; with
 * `contains`, some match must contain that text; with neither, the path must match something.
 */
export const jsonPath: AssertionHandler = (spec, context) => {
  if (typeof spec.path !== 'string') throw new Error('json-path needs a path, such as $.category');
  if (!context.json.ok)
    return { pass: false, reason: `output is not JSON (${context.json.error})` };
  const matches = JSONPath({
    path: spec.path,
    json: context.json.value as object,
    wrap: true,
  }) as unknown[];
  if ('value' in spec) {
    const pass = matches.some((m) => jsonEqual(m, spec.value));
    return {
      pass,
      reason: pass
        ? `${spec.path} equals ${JSON.stringify(spec.value)}`
        : `${spec.path} is ${matches.length ? matches.map((m) => JSON.stringify(m)).join(', ') : 'missing'}, expected ${JSON.stringify(spec.value)}`,
      expected: spec.value,
    };
  }
  if (typeof spec.contains === 'string') {
    const needle = spec.contains;
    const pass = matches.some((m) =>
      (typeof m === 'string' ? m : JSON.stringify(m)).includes(needle),
    );
    return {
      pass,
      reason: pass
        ? `${spec.path} contains ${quote(needle)}`
        : `${spec.path} does not contain ${quote(needle)}`,
      expected: needle,
    };
  }
  return {
    pass: matches.length > 0,
    reason: matches.length ? `${spec.path} exists` : `${spec.path} matches nothing`,
  };
};
