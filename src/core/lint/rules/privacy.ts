import { scanText, type PiiMatch, type PiiType } from '../../privacy/detectors';
import { Severity } from '../../types';
import { commentStyleAt, declareInputEdit, suppressionFix } from '../edits';
import type { Finding, Fix, TextContext, TextRule } from '../types';

const scans = new WeakMap<TextContext, PiiMatch[]>();

function scan(context: TextContext): PiiMatch[] {
  let matches = scans.get(context);
  if (!matches) {
    matches = scanText(context.text);
    scans.set(context, matches);
  }
  return matches;
}

/** Documentation-reserved stand-ins, so that the replacement is itself not reported as PII. */
const PLACEHOLDERS: Record<PiiType, string> = {
  email: 'jane.doe@example.com',
  phone: '+1 202-555-0123',
  card: '4242 4242 4242 4242',
  iban: 'GB82 WEST 1234 5698 7654 32',
  ssn: '123-45-6789',
  ip: '192.0.2.1',
  secret: '<REDACTED>',
  jwt: '<REDACTED>',
  'private-key': '<REDACTED>',
  'assigned-secret': '<REDACTED>',
};

const VARIABLE_NAMES: Record<PiiType, string> = {
  email: 'email',
  phone: 'phone',
  card: 'cardNumber',
  iban: 'iban',
  ssn: 'ssn',
  ip: 'ipAddress',
  secret: 'apiKey',
  jwt: 'token',
  'private-key': 'privateKey',
  'assigned-secret': 'secret',
};

function fixesFor(context: TextContext, match: PiiMatch, code: string): Fix[] {
  const range = context.lines.range(match.start, match.end);
  const fixes: Fix[] = [];
  const analysis = context.analysis;
  const inBody = analysis !== undefined && match.start >= analysis.document.bodyOffset;
  if (inBody && analysis) {
    const taken = new Set(analysis.input.fields.map((f) => f.name));
    let name = VARIABLE_NAMES[match.type];
    for (let n = 2; taken.has(name); n++) name = `${VARIABLE_NAMES[match.type]}${n}`;
    const declare = declareInputEdit(analysis, name);
    const edits = [{ range, newText: `{{${name}}}` }];
    // A declaration edit comes first in the file; the order of edits in a fix does not matter to VS Code.
    if (declare) edits.push(declare);
    fixes.push({ title: `Replace with a template variable {{${name}}}`, edits, preferred: true });
  }
  fixes.push({
    title: `Replace with the placeholder ${PLACEHOLDERS[match.type]}`,
    edits: [{ range, newText: PLACEHOLDERS[match.type] }],
    preferred: !inBody,
  });
  fixes.push(
    suppressionFix(
      context.lines,
      range,
      code,
      context.kind === 'prompt' ? commentStyleAt(analysis, range) : 'yaml',
    ),
  );
  return fixes;
}

export function privacyRule(options: {
  code: string;
  name: string;
  types: PiiType[];
  severity: Severity;
  summary: string;
  description: string;
  example?: { bad: string; good?: string };
}): TextRule {
  const rule: TextRule = {
    code: options.code,
    name: options.name,
    category: 'privacy',
    defaultSeverity: options.severity,
    summary: options.summary,
    description: `${options.description}\n\nDocumentation and test values (example.com addresses, RFC 5737/3849 IP ranges, 555-01xx numbers, published test cards and keys) are reported as information only. Quick fixes replace the value with a template variable (in a prompt body, declaring it in \`input.schema\`) or with such a placeholder, or suppress the line with \`promptops-disable-next-line ${options.code}\`.`,
    target: 'text',
    check(context) {
      const findings: Finding[] = [];
      for (const match of scan(context)) {
        if (!options.types.includes(match.type)) continue;
        const finding: Finding = {
          range: context.lines.range(match.start, match.end),
          message: match.reserved
            ? `Documentation/test ${match.label} (${preview(match.value)}): fine in examples, but make sure no real one replaces it.`
            : `${capitalise(match.label)} in a ${context.kind === 'prompt' ? 'prompt' : 'fixture file'}: ${preview(match.value)}. ${match.type === 'secret' || match.type === 'jwt' || match.type === 'private-key' || match.type === 'assigned-secret' ? 'Secrets must never be committed or sent to a model.' : 'Personal data should not be committed or sent to a model.'}`,
          fixes: fixesFor(context, match, options.code),
        };
        if (match.reserved) finding.severity = Severity.Info;
        findings.push(finding);
      }
      return findings;
    },
  };
  if (options.example) rule.example = options.example;
  return rule;
}

/** Enough of the value to recognise it, never the whole secret. */
function preview(value: string): string {
  return value.length <= 12 ? `'${value}'` : `'${value.slice(0, 6)}…${value.slice(-2)}'`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
