import * as vscode from 'vscode';
import { scrub } from '../core/secrets/scrub';
import type { Logger } from '../core/types';

/** The output channel behind the core's Logger interface; no key in use or URL credentials reach it. */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (message) => channel.debug(scrub(message)),
    info: (message) => channel.info(scrub(message)),
    warn: (message) => channel.warn(scrub(message)),
    error: (message) => channel.error(scrub(message)),
  };
}
