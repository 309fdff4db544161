import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isIP } from 'node:net';

/** What a detector found: a span of the scanned text. */
export interface PiiMatch {
  type: PiiType;
  start: number;
  end: number;
  value: string;
  /**
   * A documentation or test value (example.com, RFC 5737 addresses, 555-01xx numbers, test
   * card numbers, AWS's example key): worth at most an informational note.
   */
  reserved: boolean;
  /** What kind of secret, for messages: "OpenAI API key". */
  label: string;
}

export type PiiType =
  | 'email'
  | 'phone'
  | 'card'
  | 'iban'
  | 'ssn'
  | 'ip'
  | 'secret'
  | 'jwt'
  | 'private-key'
  | 'assigned-secret';

export const PII_LABELS: Record<PiiType, string> = {
  email: 'e-mail address',
  phone: 'phone number',
  card: 'payment card number',
  iban: 'IBAN',
  ssn: 'US social security number',
  ip: 'IP address',
  secret: 'API key',
  jwt: 'JSON Web Token',
  'private-key': 'private key',
  'assigned-secret': 'secret value',
};

type Detector = (text: string, out: PiiMatch[]) => void;

/**
 * The matches of a global pattern in `text`, as matchAll gives them, without the copy of the
 * pattern matchAll makes at each call (most of the scan of a short text). The pattern's
 * lastIndex is its own: no detector scans with the same pattern inside its loop.
 */
function* matches(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  if (!pattern.global) throw new TypeError(`matches() needs a global pattern: ${pattern}`);
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0] === '') pattern.lastIndex++;
    yield m;
  }
}

/** Whether the character before `index` is one of `chars` (a boundary check done in code: leading lookbehinds make V8 try every position). */
function precededBy(text: string, index: number, chars: RegExp): boolean {
  return index > 0 && chars.test(text.charAt(index - 1));
}

// ── e-mail ───────────────────────────────────────────────────────────────────
const EMAIL_DOMAIN = /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/y;
const LOCAL_CHAR = /[A-Za-z0-9._%+-]/;
const ALNUM = /[A-Za-z0-9]/;
const RESERVED_DOMAIN = /(?:^|\.)(?:example\.(?:com|org|net)|example|test|invalid|localhost)$/i;

/** Works from each `@` outwards: scanning every word for a possible address is what made this slow. */
const email: Detector = (text, out) => {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_CHAR.test(text.charAt(start - 1))) start--;
    while (start < at && !ALNUM.test(text.charAt(start))) start++; // the local part starts with a letter or digit
    if (start === at || (start > 0 && LOCAL_CHAR.test(text.charAt(start - 1)))) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    const domain = EMAIL_DOMAIN.exec(text);
    if (!domain) continue;
    const end = at + 1 + domain[0].length;
    out.push({
      type: 'email',
      start,
      end,
      value: text.slice(start, end),
      reserved: RESERVED_DOMAIN.test(domain[0]),
      label: PII_LABELS.email,
    });
  }
};

// ── phone numbers (libphonenumber-js on candidates) ────────────────────────────
// A cheap pre-filter: something phone-shaped with separators or a leading +. Bare digit runs
// (order numbers, timestamps) are left alone, which is where most false positives come from.
const PHONE_CANDIDATE =
  /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,4}(?:[\s.-]\d{2,4}){1,5}(?![\w/-]|\.\d)/g;
const PHONE_CONTEXT_NEGATIVE =
  /(?:order|invoice|ticket|ref(?:erence)?|id|no\.?|#|version|v)\s*[:#]?\s*$/i;

const phone: Detector = (text, out) => {
  for (const m of matches(PHONE_CANDIDATE, text)) {
    const candidate = m[0];
    if (precededBy(text, m.index, /[\w.+/-]/)) continue;
    const digits = candidate.replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (!/[\s.()-]/.test(candidate) && !candidate.startsWith('+')) continue;
    if (/\d{4}-\d{2}-\d{2}|^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}$/.test(candidate)) continue; // dates
    if (PHONE_CONTEXT_NEGATIVE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    // The candidate is already the phone-shaped span: one parse validates it for its country.
    const number = parsePhoneNumberFromString(candidate, 'US');
    if (!number?.isValid()) continue;
    const national = number.nationalNumber;
    // NANP 555-0100…0199 and Ofcom's drama ranges are fictional by design.
    const reserved =
      (number.countryCallingCode === '1' && /^\d{3}55501\d\d$/.test(national)) ||
      (number.country === 'GB' && /^(?:207946|1134960|1614960)/.test(national));
    out.push({
      type: 'phone',
      start: m.index,
      end: m.index + candidate.length,
      value: candidate,
      reserved,
      label: PII_LABELS.phone,
    });
  }
};

// ── payment cards (Luhn) ─────────────────────────────────────────────────────
const CARD = /\d(?:[ -]?\d){12,18}(?![\d-])/g;
const CARD_PREFIX =
  /^(?:4|5[1-5]|2(?:2[2-9]|[3-6]\d|7[01]|720)|3[47]|6(?:011|5|4[4-9])|3(?:0[0-5]|[68])|35)/;
const TEST_CARDS = new Set([
  '4111111111111111',
  '4242424242424242',
  '4000056655665556',
  '5555555555554444',
  '5105105105105100',
  '378282246310005',
  '371449635398431',
  '6011111111111117',
  '3530111333300000',
  '4012888888881881',
  '2223003122003222',
]);

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const card: Detector = (text, out) => {
  for (const m of matches(CARD, text)) {
    if (precededBy(text, m.index, /[\d-]/)) continue;
    const value = m[0];
    const digits = value.replace(/\D/g, '');
    if (digits.length < 13 || digits.length > 19) continue;
    // Groups must look like a card: all digits, or 4-digit groups (Amex 4-6-5).
    if (/[ -]/.test(value) && !/^\d{4}([ -])\d{4,6}\1\d{4,5}(?:\1\d{1,4})?$/.test(value)) continue;
    if (!CARD_PREFIX.test(digits) || !luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
    out.push({
      type: 'card',
      start: m.index,
      end: m.index + value.length,
      value,
      reserved: TEST_CARDS.has(digits),
      label: PII_LABELS.card,
    });
  }
};

// ── IBAN (mod-97) ────────────────────────────────────────────────────────────
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b/g;
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AE: 23,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BR: 29,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MR: 27,
  MT: 31,
  MU: 30,
  NL: 18,
  NO: 15,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  SA: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  TN: 24,
  TR: 26,
  UA: 29,
  VG: 24,
  XK: 20,
};
// Published examples (ECBS / bank documentation).
const EXAMPLE_IBANS = new Set([
  'GB82WEST12345698765432',
  'DE89370400440532013000',
  'FR1420041010050500013M02606',
  'NL91ABNA0417164300',
  'GB33BUKB20201555555555',
]);

export function ibanValid(iban: string): boolean {
  const compact = iban.replace(/ /g, '');
  const expected = IBAN_LENGTHS[compact.slice(0, 2)];
  if (!expected || compact.length !== expected) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

const iban: Detector = (text, out) => {
  for (const m of matches(IBAN, text)) {
    const value = m[0];
    if (!ibanValid(value)) continue;
    out.push({
      type: 'iban',
      start: m.index,
      end: m.index + value.length,
      value,
      reserved: EXAMPLE_IBANS.has(value.replace(/ /g, '')),
      label: PII_LABELS.iban,
    });
  }
};

// ── US SSN (dashed form only: bare nine-digit runs are too often something else) ──
const SSN = /\d{3}-\d{2}-\d{4}(?![\d-])/g;
const EXAMPLE_SSNS = new Set(['078-05-1120', '123-45-6789', '219-09-9999']);

const ssn: Detector = (text, out) => {
  for (const m of matches(SSN, text)) {
    const value = m[0];
    if (precededBy(text, m.index, /[\d-]/) || /^(?:000|666|9\d\d)|^\d{3}-00|-0000$/.test(value))
      continue;
    out.push({
      type: 'ssn',
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      reserved: EXAMPLE_SSNS.has(m[0]),
      label: PII_LABELS.ssn,
    });
  }
};

// ── IP addresses ─────────────────────────────────────────────────────────────
const IPV4 = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w.]|\.\d)/g;
const IPV4_OCTETS =
  /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
// Loose candidates, validated by net.isIP: the compressed forms (`::`) defeat a strict pattern.
const IPV6_AT = /[0-9A-Fa-f:]{2,39}(?![\w:])/y;
const HEX_OR_COLON = /[0-9A-Fa-f:]/;
const VERSION_CONTEXT = /(?:\b(?:v|version|ver\.?|release|build)|@)\s*$/i;

/** Documentation (RFC 5737, RFC 3849), private, loopback and link-local ranges: not personal. */
function reservedIp(ip: string): boolean {
  if (ip.includes(':')) return /^(?:2001:db8:|::1$|fe80:|fc|fd)/i.test(ip);
  const [a = 0, b = 0, c = 0] = ip.split('.').map(Number);
  return (
    (a === 192 && b === 0 && c === 2) ||
    (a === 198 && b === 51 && c === 100) ||
    (a === 203 && b === 0 && c === 113) ||
    a === 10 ||
    a === 127 ||
    a === 0 ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 169 && b === 254) ||
    a >= 224
  );
}

const ip: Detector = (text, out) => {
  for (const m of matches(IPV4, text)) {
    if (precededBy(text, m.index, /[\w.]/) || !IPV4_OCTETS.test(m[0])) continue;
    if (VERSION_CONTEXT.test(text.slice(Math.max(0, m.index - 10), m.index))) continue;
    out.push({
      type: 'ip',
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      reserved: reservedIp(m[0]),
      label: PII_LABELS.ip,
    });
  }
  // IPv6: start from each ':' and back up over hex digits and colons (a pattern tried at every
  // hex letter is slow on prose).
  for (let colon = text.indexOf(':'); colon >= 0; colon = text.indexOf(':', colon + 1)) {
    let start = colon;
    while (start > 0 && colon - start < 39 && HEX_OR_COLON.test(text.charAt(start - 1))) start--;
    if (precededBy(text, start, /[\w.]/)) continue;
    IPV6_AT.lastIndex = start;
    const m = IPV6_AT.exec(text);
    if (!m) continue;
    const value = m[0];
    if (isIP(value) !== 6 || (value.match(/[0-9a-f]/gi)?.length ?? 0) < 3) continue; // `12:30:45` and `::` are not addresses
    out.push({
      type: 'ip',
      start,
      end: start + value.length,
      value,
      reserved: reservedIp(value),
      label: PII_LABELS.ip,
    });
    colon = start + value.length;
  }
};

// ── secrets with a recognisable shape ────────────────────────────────────────
/** Key shapes; `gate` is a cheap test that must pass before the pattern runs over the text. */
const SECRET_SHAPES: { label: string; pattern: RegExp; gate?: RegExp }[] = [
  { label: 'Anthropic API key', pattern: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,}/g },
  {
    label: 'OpenAI API key',
    pattern:
      /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{20,}|\bsk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}\b|\bsk-(?!ant-)[A-Za-z0-9]{40,}\b/g,
  },
  { label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/g },
  { label: 'AWS access key ID', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b/g },
  {
    label: 'AWS secret access key',
    pattern: /aws_?secret_?access_?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/gi,
    gate: /aws_?secret/i,
  },
  {
    label: 'GitHub token',
    pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b|\bgithub_pat_[A-Za-z0-9_]{60,255}\b/g,
  },
  { label: 'Slack token', pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  {
    label: 'Slack webhook URL',
    pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/g,
  },
  { label: 'Stripe API key', pattern: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{20,}\b/g },
];
/** Every key shape contains one of these. */
const SECRET_GATE =
  /sk-|AIza|A[KS]IA|ABIA|ACCA|gh[pousr]_|github_pat_|xox[abposr]-|hooks\.slack\.com|[sr]k_(?:live|test)_|aws_?secret/i;
const EXAMPLE_SECRETS = new Set([
  'AKIAIOSFODNN7EXAMPLE',
  'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
]);

const secret: Detector = (text, out) => {
  if (!SECRET_GATE.test(text)) return;
  for (const { label, pattern, gate } of SECRET_SHAPES) {
    if (gate && !gate.test(text)) continue;
    for (const m of matches(pattern, text)) {
      // A capture group, where there is one, is the secret itself (the rest is its name).
      const value = m[1] ?? m[0];
      const start = m.index + m[0].length - value.length;
      out.push({
        type: 'secret',
        start,
        end: start + value.length,
        value,
        reserved: EXAMPLE_SECRETS.has(value) || /EXAMPLE/.test(value),
        label,
      });
    }
  }
};

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g;

const jwt: Detector = (text, out) => {
  if (!text.includes('eyJ')) return;
  for (const m of matches(JWT, text)) {
    if (jwtHeaderValid(m[0].split('.')[0] ?? ''))
      out.push({
        type: 'jwt',
        start: m.index,
        end: m.index + m[0].length,
        value: m[0],
        reserved: false,
        label: PII_LABELS.jwt,
      });
  }
};

/** A JWT's header is base64url JSON naming its algorithm. */
function jwtHeaderValid(header: string): boolean {
  try {
    const decoded = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as {
      alg?: unknown;
    };
    return typeof decoded.alg === 'string';
  } catch {
    return false;
  }
}

const PEM = /-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----/g;

const privateKey: Detector = (text, out) => {
  if (!text.includes('-----BEGIN')) return;
  for (const m of matches(PEM, text)) {
    out.push({
      type: 'private-key',
      start: m.index,
      end: m.index + m[0].length,
      value: m[0],
      reserved: false,
      label: PII_LABELS['private-key'],
    });
  }
};

// ── high-entropy values assigned to key/token/secret/password names ───────────
// Led by the keyword (a pattern that starts at every word is slow); the name is found backwards.
const ASSIGNMENT =
  /(?:key|token|secret|password|passwd|pwd|credential)s?\b["']?\s*[:=]\s*["']?([^\s"'`,;{}<>()[\]]{12,200})/gi;
const NAME_CHAR = /[\w.-]/;
const PLACEHOLDER =
  /^(?:x+|\*+|\.+|changeme|password|secret|redacted|your[_-]?\w*|<.*>|\$\{.*\}|\$\w+|process\.env.*|none|null|undefined|example\w*|dummy\w*|test\w*|fake\w*|placeholder\w*)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const assignedSecret: Detector = (text, out) => {
  for (const m of matches(ASSIGNMENT, text)) {
    let nameStart = m.index;
    while (nameStart > 0 && NAME_CHAR.test(text.charAt(nameStart - 1))) nameStart--;
    const name = text.slice(nameStart, m.index) + (/^[\w]+/.exec(m[0])?.[0] ?? '');
    if (!/^[A-Za-z_]/.test(name)) continue;
    const value = m[1] ?? '';
    if (
      PLACEHOLDER.test(value) ||
      UUID.test(value) ||
      /^[0-9a-f]{32,}$/i.test(value) ||
      /^\d+$/.test(value)
    )
      continue;
    if (/^(?:https?:|\/|\.\/)/.test(value) || /\{\{/.test(value)) continue; // URLs, paths, template variables
    const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
    if (classes < 2 || shannonEntropy(value) < 3.5) continue;
    const start = m.index + m[0].length - value.length;
    out.push({
      type: 'assigned-secret',
      start,
      end: start + value.length,
      value,
      reserved: false,
      label: `value of ${name}`,
    });
  }
};

const DETECTORS: Detector[] = [
  email,
  phone,
  card,
  iban,
  ssn,
  ip,
  secret,
  jwt,
  privateKey,
  assignedSecret,
];

/**
 * Every PII and secret match in `text`, sorted by position. Where two matches overlap the
 * more specific one wins (a key shape over a generic high-entropy assignment, a card over a phone).
 */
export function scanText(text: string): PiiMatch[] {
  const found: PiiMatch[] = [];
  for (const detect of DETECTORS) detect(text, found);
  found.sort((a, b) => a.start - b.start || PRIORITY[a.type] - PRIORITY[b.type]);
  const kept: PiiMatch[] = [];
  for (const match of found) {
    // Sorted by start, so only the last kept match can overlap this one.
    const last = kept[kept.length - 1];
    if (!last || match.start >= last.end) kept.push(match);
    else if (PRIORITY[match.type] < PRIORITY[last.type]) kept[kept.length - 1] = match;
  }
  return kept;
}

/** Lower wins an overlap. */
const PRIORITY: Record<PiiType, number> = {
  'private-key': 0,
  secret: 1,
  jwt: 2,
  card: 3,
  iban: 4,
  ssn: 5,
  email: 6,
  ip: 7,
  phone: 8,
  'assigned-secret': 9,
};
