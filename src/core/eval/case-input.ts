import { screenMessages, type PrivacyPolicy } from '../privacy/request';

/** Inputs nested deeper than this are an input error of their case: rendering, hashing and writing them would exhaust the stack. */
export const MAX_INPUT_DEPTH = 100;

/** Whether a JSON-like value nests deeper than `max` (counted without recursion, so any depth is safe). */
export function nestsDeeperThan(value: unknown, max = MAX_INPUT_DEPTH): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [item, depth] = stack.pop() as [unknown, number];
    if (!item || typeof item !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

export function inputDepthError(): string {
  return `input error: the case's input nests deeper than ${MAX_INPUT_DEPTH} levels; it was not run`;
}

/**
 * A case's input as the artifact records it: with `redact` in the privacy policy, secrets and
 * personal data are replaced by placeholders as in the messages sent, so the raw value is not
 * kept in `cases[].input` either. Too deep an input is recorded as `{}` (its case errors).
 */
export function recordedInput(
  input: Record<string, unknown>,
  policy: PrivacyPolicy,
): Record<string, unknown> {
  if (nestsDeeperThan(input)) return {};
  if (policy.secrets !== 'redact' && policy.pii !== 'redact') return input;
  const only: PrivacyPolicy = {
    secrets: policy.secrets === 'redact' ? 'redact' : 'off',
    pii: policy.pii === 'redact' ? 'redact' : 'off',
  };
  const redact = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const [message] = screenMessages(
        [{ role: 'user', content: [{ text: value }] }],
        only,
      ).messages;
      const part = message?.content[0];
      return part && 'text' in part ? part.text : value;
    }
    if (Array.isArray(value)) return value.map(redact);
    if (value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redact(v)]));
    return value;
  };
  return redact(input) as Record<string, unknown>;
}
