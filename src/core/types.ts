/** Plain data shapes shared by the whole core. Positions are 0-based, like LSP and VS Code. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export enum Severity {
  Error = 'error',
  Warning = 'warning',
  Info = 'info',
  Hint = 'hint',
}

/** A problem found in a file, located exactly. Lint rules and parsers both produce these. */
export interface Problem {
  code: string;
  message: string;
  severity: Severity;
  range: Range;
}

/** What core code may log through; the editor hands an output channel, the CLI the console. */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
};
