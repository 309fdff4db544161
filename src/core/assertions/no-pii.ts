import { scanText } from '../privacy/detectors';
import type { AssertionHandler } from './types';

/** The output contains no personal data or secrets (documentation values are allowed). */
export const noPii: AssertionHandler = (_spec, context) => {
  const found = scanText(context.output).filter((m) => !m.reserved);
  if (found.length === 0)
    return { pass: true, reason: 'no personal data or secrets in the output' };
  const kinds = [...new Set(found.map((m) => m.label))];
  return {
    pass: false,
    reason: `output contains ${kinds.join(', ')} (${found.length} match${found.length === 1 ? '' : 'es'})`,
  };
};
