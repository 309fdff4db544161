/**
 * The one scrubber every string passes on its way to an artifact, JUnit, SARIF, history, a log or
 * the terminal: the values of the keys in use (registered by the provider registry when it hands a
 * key to a provider) and credentials in URLs (`https://user:key@host`) are removed. A server that
 * echoes the key in an error message, or a base URL with a password in it, then leaves no trace.
 */

const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Shorter values are not keys and would scrub ordinary words. */
const MIN_SECRET_LENGTH = 8;
export const SCRUBBED = '[REDACTED]';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value that must never be written: a key in use, or a URL's password. */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  secrets.add(value);
  // Longest first, so a key that contains another is removed whole.
  pattern = new RegExp(
    [...secrets]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
}

/** Registers the user name and password of a URL as secrets (see registerSecret). */
export function registerUrlCredentials(url: string): void {
  try {
    const parsed = new URL(url);
    registerSecret(decodeURIComponent(parsed.password));
    registerSecret(parsed.password);
    registerSecret(decodeURIComponent(parsed.username));
  } catch {
    // not a URL: nothing to register
  }
}

// scheme://user[:password]@ — the credentials part of a URL.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@]+@/gi;

/** `text` without the registered secrets and without URL credentials. */
export function scrub(text: string): string {
  let result = text;
  if (pattern && secrets.size) {
    pattern.lastIndex = 0;
    result = result.replace(pattern, SCRUBBED);
  }
  if (result.includes('@')) result = result.replace(URL_CREDENTIALS, '$1');
  return result;
}

/** Whether `scrub` would change `text`. */
function hasSecret(text: string): boolean {
  if (pattern && secrets.size) {
    pattern.lastIndex = 0;
    if (pattern.test(text)) return true;
  }
  if (!text.includes('@')) return false;
  URL_CREDENTIALS.lastIndex = 0;
  return URL_CREDENTIALS.test(text);
}

/** Whether scrubbing would change any string of a JSON-like value (keys too); allocates nothing. */
function holdsSecret(value: unknown): boolean {
  if (typeof value === 'string') return hasSecret(value);
  if (Array.isArray(value)) return value.some(holdsSecret);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      if (hasSecret(key) || holdsSecret((value as Record<string, unknown>)[key])) return true;
    }
  }
  return false;
}

/**
 * A copy of a JSON-like value with every string (keys too) scrubbed; the value itself when nothing
 * changed. Every case's result passes here, and almost none holds a secret: a first walk that
 * allocates nothing decides whether to copy at all.
 */
export function scrubValue<T>(value: T): T {
  return holdsSecret(value) ? scrubbedCopy(value) : value;
}

function scrubbedCopy<T>(value: T): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((item: unknown) => {
      const next = scrubbedCopy(item);
      if (next !== item) changed = true;
      return next;
    });
    return (changed ? out : value) as T;
  }
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const next = scrubbedCopy(item);
      const name = scrub(key);
      if (next !== item || name !== key) changed = true;
      out[name] = next;
    }
    return (changed ? out : value) as T;
  }
  return value;
}

/** For tests: forget the registered secrets. */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}
