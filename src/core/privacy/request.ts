import type { Message } from 'dotprompt';
import { withArticle } from '../text/article';
import { scanText, type PiiMatch } from './detectors';

export type PrivacyAction = 'block' | 'redact' | 'warn' | 'off';

export interface PrivacyPolicy {
  secrets: PrivacyAction;
  pii: PrivacyAction;
}

export const DEFAULT_PRIVACY: PrivacyPolicy = { secrets: 'block', pii: 'warn' };

const SECRET_TYPES = new Set<PiiMatch['type']>(['secret', 'jwt', 'private-key', 'assigned-secret']);

export interface Redaction {
  type: string;
  placeholder: string;
  message: number;
}

export interface PrivacyCheck {
  messages: Message[];
  /** Why the request may not leave, when it may not. */
  blocked?: string;
  redactions: Redaction[];
  warnings: string[];
}

/**
 * The matches of a request's text, remembered: a run's preflight screens every case's rendered
 * request (to name the blocked ones before anything is sent), then the run screens the same
 * texts again. The matches are read, never changed. Held up to a total length, then forgotten.
 */
const screened = new Map<string, readonly PiiMatch[]>();
const SCREENED_CHARS = 2_000_000;
let screenedChars = 0;

function requestMatches(text: string): readonly PiiMatch[] {
  let matches = screened.get(text);
  if (matches) return matches;
  matches = scanText(text).filter((m) => !m.reserved);
  if (screenedChars + text.length > SCREENED_CHARS) {
    screened.clear();
    screenedChars = 0;
  }
  if (text.length <= SCREENED_CHARS / 8) {
    screened.set(text, matches);
    screenedChars += text.length;
  }
  return matches;
}

/**
 * Checks rendered messages before they are sent. Secrets and personal data are each blocked,
 * replaced by placeholders (recorded, never the values) or let through with a warning.
 */
export function screenMessages(messages: Message[], policy: PrivacyPolicy): PrivacyCheck {
  const redactions: Redaction[] = [];
  const warnings: string[] = [];
  const counters = new Map<string, number>();
  const out = messages.map((message, index) => ({
    ...message,
    content: message.content.map((part) => {
      if (!('text' in part) || typeof part.text !== 'string') return part;
      let text = part.text;
      const matches = requestMatches(text);
      // Replace from the end so earlier offsets stay valid.
      for (const match of [...matches].reverse()) {
        const action = SECRET_TYPES.has(match.type) ? policy.secrets : policy.pii;
        if (action === 'off') continue;
        if (action === 'block')
          throw new PrivacyBlock(
            `${withArticle(match.label)} in message ${index + 1} (${message.role}); the privacy policy blocks it`,
          );
        if (action === 'warn') {
          warnings.push(`${match.label} in message ${index + 1} (${message.role})`);
          continue;
        }
        const label = match.type.toUpperCase().replace(/-/g, '_');
        const n = (counters.get(label) ?? 0) + 1;
        counters.set(label, n);
        const placeholder = `[${label}_${n}]`;
        redactions.push({ type: match.type, placeholder, message: index });
        text = text.slice(0, match.start) + placeholder + text.slice(match.end);
      }
      return { ...part, text };
    }),
  }));
  return { messages: out as Message[], redactions: redactions.reverse(), warnings };
}

export class PrivacyBlock extends Error {}

export function checkRequestPrivacy(messages: Message[], policy: PrivacyPolicy): PrivacyCheck {
  try {
    return screenMessages(messages, policy);
  } catch (error) {
    if (error instanceof PrivacyBlock)
      return { messages, blocked: error.message, redactions: [], warnings: [] };
    throw error;
  }
}
