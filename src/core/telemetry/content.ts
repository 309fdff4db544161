import type { Message } from 'dotprompt';
import { screenMessages } from '../privacy/request';

// Content recorded on spans (only when the application opts in) goes through the same redaction
// as requests in evals: every secret and every piece of personal data the detectors find becomes
// a numbered placeholder ([EMAIL_1]) before it leaves the process.
const REDACT_ALL = { secrets: 'redact', pii: 'redact' } as const;

/** Texts with secrets and personal data replaced by placeholders, numbered across all of them. */
export function redactTexts(texts: string[]): string[] {
  if (texts.length === 0) return [];
  const message = { role: 'user', content: texts.map((text) => ({ text })) } as Message;
  const [redacted] = screenMessages([message], REDACT_ALL).messages;
  return (redacted?.content ?? []).map((part) => ('text' in part ? (part.text ?? '') : ''));
}

/** A JSON value with every string in it redacted (keys kept), so the result stays valid JSON. */
export function redactValue(value: unknown): unknown {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(value);
  const redacted = redactTexts(strings);
  let next = 0;
  const rebuild = (v: unknown): unknown => {
    if (typeof v === 'string') return redacted[next++] ?? '';
    if (Array.isArray(v)) return v.map(rebuild);
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, rebuild(x)]));
    return v;
  };
  return rebuild(value);
}

/** Rendered dotprompt messages as GenAI convention messages (`{ role, parts: [{ type, content }] }`), redacted. */
export function conventionMessages(messages: Message[]): {
  system: { type: 'text'; content: string }[];
  chat: { role: string; parts: { type: 'text'; content: string }[] }[];
} {
  const text = (m: Message) =>
    m.content.map((p) => ('text' in p && typeof p.text === 'string' ? p.text : '')).join('');
  const redacted = redactTexts(messages.map(text));
  const system: { type: 'text'; content: string }[] = [];
  const chat: { role: string; parts: { type: 'text'; content: string }[] }[] = [];
  messages.forEach((m, i) => {
    const content = redacted[i] ?? '';
    if (m.role === 'system') system.push({ type: 'text', content });
    else
      chat.push({
        role: m.role === 'model' ? 'assistant' : m.role,
        parts: [{ type: 'text', content }],
      });
  });
  return { system, chat };
}

/**
 * A guard reason without the answer's own text: JSON.parse errors quote the start of the
 * answer ("Unexpected token 'H', "Hello Grace" is not valid JSON"), which is content.
 */
export function reasonWithoutContent(reason: string): string {
  return reason.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/'[^']{1,3}'/g, "'…'");
}
