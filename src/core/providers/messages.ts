import type { Message, Part } from 'dotprompt';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';

/**
 * Dotprompt messages as OpenAI chat messages (`model` → `assistant`, media → `image_url`;
 * toolRequest parts → the assistant's `tool_calls`, toolResponse parts → one `tool` message each).
 * Types only from `openai`: applications get it from `require('promptops')` without the client.
 */
export function toOpenAIMessages(messages: Message[]): ChatCompletionMessageParam[] {
  return messages.flatMap((message): ChatCompletionMessageParam[] => {
    const parts = message.content
      .map(toContentPart)
      .filter((p): p is ChatCompletionContentPart => p !== undefined);
    const onlyText = parts.every((p) => p.type === 'text');
    const text = parts.map((p) => (p.type === 'text' ? p.text : '')).join('');
    switch (message.role) {
      case 'system':
        return [{ role: 'system', content: text }];
      case 'model':
        return [assistantMessage(message.content, text)];
      case 'tool':
        return toolMessages(message.content, text);
      default:
        return [{ role: 'user', content: onlyText ? text : parts }];
    }
  });
}

function assistantMessage(content: Part[], text: string): ChatCompletionMessageParam {
  const calls = content.flatMap((part) =>
    'toolRequest' in part && part.toolRequest ? [part.toolRequest] : [],
  );
  if (!calls.length) return { role: 'assistant', content: text };
  return {
    role: 'assistant',
    content: text || null,
    tool_calls: calls.map((call, i) => ({
      id: call.ref ?? `call_${i}`,
      type: 'function' as const,
      function: {
        name: call.name,
        arguments: typeof call.input === 'string' ? call.input : JSON.stringify(call.input ?? {}),
      },
    })),
  };
}

/** Tool results with a call id answer that call; without one they are sent as context. */
function toolMessages(content: Part[], text: string): ChatCompletionMessageParam[] {
  const responses = content.flatMap((part) =>
    'toolResponse' in part && part.toolResponse ? [part.toolResponse] : [],
  );
  if (!responses.length || responses.some((r) => !r.ref)) return [{ role: 'user', content: text }];
  return responses.map((r) => ({
    role: 'tool' as const,
    tool_call_id: r.ref as string,
    content: typeof r.output === 'string' ? r.output : JSON.stringify(r.output ?? null),
  }));
}

function toContentPart(part: Part): ChatCompletionContentPart | undefined {
  if ('text' in part && typeof part.text === 'string') return { type: 'text', text: part.text };
  if ('media' in part && part.media)
    return { type: 'image_url', image_url: { url: part.media.url } };
  return undefined;
}
