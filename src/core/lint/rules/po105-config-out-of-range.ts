import { Severity } from '../../types';
import type { Finding, PromptRule } from '../types';
import { frontmatterRange } from '../yaml-ranges';

interface Bound {
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Ranges that OpenAI-compatible and Gemini APIs accept. */
const BOUNDS: Record<string, Bound> = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1 },
  topK: { min: 1, integer: true },
  maxOutputTokens: { min: 1, integer: true },
  presencePenalty: { min: -2, max: 2 },
  frequencyPenalty: { min: -2, max: 2 },
  candidateCount: { min: 1, integer: true },
  seed: { integer: true },
};

const rule: PromptRule = {
  code: 'PO105',
  name: 'config-out-of-range',
  category: 'schema',
  defaultSeverity: Severity.Error,
  summary: 'A model parameter in `config` is outside the range providers accept.',
  description:
    'Providers reject requests whose parameters are out of range (`temperature` 0–2, `topP` 0–1, `maxOutputTokens` a positive integer, penalties −2–2), so every eval case would fail with the same error.',
  example: { bad: 'config:\n  temperature: 7', good: 'config:\n  temperature: 0.7' },
  target: 'prompt',
  check({ analysis }) {
    const config = analysis.document.frontmatter?.data?.config;
    if (!config || typeof config !== 'object') return [];
    const findings: Finding[] = [];
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
      const bound = BOUNDS[key];
      if (!bound) continue;
      const range = frontmatterRange(analysis.document, ['config', key]);
      if (typeof value !== 'number' || Number.isNaN(value)) {
        findings.push({
          range,
          message: `config.${key} must be a number, not ${JSON.stringify(value)}.`,
        });
        continue;
      }
      const wanted = [
        bound.integer ? 'an integer' : 'a number',
        bound.min !== undefined ? `≥ ${bound.min}` : '',
        bound.max !== undefined ? `≤ ${bound.max}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      if (
        (bound.integer && !Number.isInteger(value)) ||
        (bound.min !== undefined && value < bound.min) ||
        (bound.max !== undefined && value > bound.max)
      ) {
        findings.push({ range, message: `config.${key} is ${value}; it must be ${wanted}.` });
      }
    }
    if (
      Array.isArray((config as { stopSequences?: unknown }).stopSequences) === false &&
      (config as { stopSequences?: unknown }).stopSequences !== undefined
    ) {
      findings.push({
        range: frontmatterRange(analysis.document, ['config', 'stopSequences']),
        message: 'config.stopSequences must be a list of strings.',
      });
    }
    return findings;
  },
};
export default rule;
