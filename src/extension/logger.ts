import * as vscode from 'vscode';
import type { Logger } from '../core/types';

/** The output channel behind the core's Logger interface. */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (message) => channel.debug(message),
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message) => channel.error(message),
  };
}
