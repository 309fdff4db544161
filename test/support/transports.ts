import type { ChatTransport } from '../../src/core/providers/openai';

/** Both ways chat completions are sent: suites that reach the provider run once on each. */
export const CHAT_TRANSPORTS: readonly ChatTransport[] = ['lean', 'client'];
