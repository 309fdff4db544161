import type { Message } from 'dotprompt';
import { toOpenAIMessages } from '../providers/messages';
import type { ModelAnswer, PromptVersion } from './generation';

/** The part of an `openai` client (6.x) the wrapper uses: structural, so any compatible client fits. */
export interface OpenAIChatClient {
  chat: {
    completions: {
      create(params: { model: string; messages: unknown[] }): PromiseLike<ChatCompletionLike>;
    };
  };
}

interface ChatCompletionLike {
  id?: string;
  model?: string;
  choices: { message?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/** A model call for `prompt.generate`: the rendered messages and the prompt version in, the answer out. */
export type ModelCall = (
  messages: Message[],
  prompt: PromptVersion,
) => Promise<string | ModelAnswer>;

/**
 * Wraps an `openai` client as the model call of `prompt.generate`: it sends the rendered
 * messages the way `promptops eval` does (the prompt's model without its provider prefix, its
 * temperature and maxOutputTokens), and hands back the answer, usage, finish reasons and
 * response model, so the span and the guard get them with no code of the application's.
 *
 *   const { output } = await prompt.generate({ ticket }, wrapOpenAI(new OpenAI()));
 */
export function wrapOpenAI(
  client: OpenAIChatClient,
  params: Record<string, unknown> = {},
): ModelCall {
  return async (messages, prompt) => {
    const model = typeof params.model === 'string' ? params.model : bareModel(prompt.model);
    if (!model)
      throw new Error(
        `${prompt.path} names no model: pass one, as wrapOpenAI(client, { model: 'gpt-4o-mini' })`,
      );
    const { temperature, maxOutputTokens, topP } = prompt.config;
    const response = await client.chat.completions.create({
      ...(typeof temperature === 'number' ? { temperature } : {}),
      ...(typeof maxOutputTokens === 'number' ? { max_tokens: maxOutputTokens } : {}),
      ...(typeof topP === 'number' ? { top_p: topP } : {}),
      ...params,
      model,
      messages: toOpenAIMessages(messages),
    });
    const answer: ModelAnswer = {
      answer: response.choices[0]?.message?.content ?? '',
      model,
      finishReasons: response.choices.flatMap((c) => (c.finish_reason ? [c.finish_reason] : [])),
    };
    const usage = response.usage;
    if (usage)
      answer.usage = {
        ...(usage.prompt_tokens !== undefined ? { inputTokens: usage.prompt_tokens } : {}),
        ...(usage.completion_tokens !== undefined ? { outputTokens: usage.completion_tokens } : {}),
      };
    if (response.model) answer.responseModel = response.model;
    if (response.id) answer.responseId = response.id;
    return answer;
  };
}

function bareModel(model: string | undefined): string | undefined {
  return model?.includes('/') ? model.slice(model.indexOf('/') + 1) : model;
}
