import type { AssertionHandler } from './types';
import { expectStringList, quote } from './util';

type Mode = { all: boolean; ignoreCase: boolean };

/** contains-any, contains-all, icontains-any, icontains-all: promptfoo's list forms of contains. */
function containsList(type: string, mode: Mode): AssertionHandler {
  return (spec, context) => {
    const needles = expectStringList(spec.value, type);
    const haystack = mode.ignoreCase ? context.output.toLowerCase() : context.output;
    const found = (needle: string) =>
      haystack.includes(mode.ignoreCase ? needle.toLowerCase() : needle);
    const missing = needles.filter((n) => !found(n));
    const caseNote = mode.ignoreCase ? ' (ignoring case)' : '';
    const list = needles.map((n) => quote(n)).join(', ');
    if (mode.all) {
      const pass = missing.length === 0;
      return {
        pass,
        reason: pass
          ? `output contains all of ${list}${caseNote}`
          : `output does not contain ${missing.map((n) => quote(n)).join(', ')}${caseNote}`,
        expected: needles,
      };
    }
    const hit = needles.find(found);
    return {
      pass: hit !== undefined,
      reason:
        hit !== undefined
          ? `output contains ${quote(hit)}${caseNote}`
          : `output contains none of ${list}${caseNote}`,
      expected: needles,
    };
  };
}

export const containsAny = containsList('contains-any', { all: false, ignoreCase: false });
export const containsAll = containsList('contains-all', { all: true, ignoreCase: false });
export const icontainsAny = containsList('icontains-any', { all: false, ignoreCase: true });
export const icontainsAll = containsList('icontains-all', { all: true, ignoreCase: true });
