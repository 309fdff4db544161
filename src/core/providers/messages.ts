import type { Message, Part } from 'dotprompt';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

/**
 * Dotprompt messages as OpenAI chat messages (`model` → `assistant`, media → `image_url`).
 * Types only from `openai`: applications get it from `require('promptops')` without the client.
 */
export function toOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.map((message) => {
    const parts = message.content
      .map(toContentPart)
      .filter((p): p is ChatCompletionContentPart => p !== undefined);
    const onlyText = parts.every((p) => p.type === 'text');
    const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    switch (message.role) {
      case 'system':
        return { role: 'system', content: text };
      case 'model':
        return { role: 'assistant', content: text };
      case 'tool':
        return { role: 'user', content: text }; // tool results without a call id: sent as context
      default:
        return { role: 'user', content: onlyText ? text : parts };
    }
  });
}

function toContentPart(part: Part): ChatCompletionContentPart | undefined {
  if ('text' in part && typeof part.text === 'string') return { type: 'text', text: part.text };
  if ('media' in part && part.media)
    return { type: 'image_url', image_url: { url: part.media.url } };
  return undefined;
}
