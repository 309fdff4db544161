import { scrub } from '../core/secrets/scrub';

// C0 controls but tab and newline, DEL and C1 controls: escape sequences (clear screen, window
// title, OSC-8 links) start with these.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Control characters shown escaped (`\x1b`), so text from a model or a server cannot drive the terminal. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * A line writer for a stream: every line is scrubbed of keys and URL credentials, and on a
 * terminal its control characters are escaped (piped output stays byte for byte, but scrubbed).
 */
export function lineWriter(stream: {
  isTTY?: boolean;
  write(text: string): unknown;
}): (text: string) => void {
  return (text) => {
    const clean = scrub(text);
    stream.write((stream.isTTY ? escapeControl(clean) : clean) + '\n');
  };
}
