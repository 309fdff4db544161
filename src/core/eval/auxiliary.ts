import type { AssertionContext } from '../assertions/types';
import { cosine } from '../assertions/similar';
import { parseModel } from '../providers/registry';
import type { ChatRequest } from '../providers/types';
import { runGrader } from './graders';
import type { EvalOptions } from './options';
import { parseOutputJson } from './output-json';

type Auxiliary = Pick<AssertionContext, 'grade' | 'gradeWith' | 'similarity'>;

/** Grader and embedding models for llm-rubric, model-graded checks and similar, when configured. */
export function auxiliaryModels(options: EvalOptions, timeoutMs: number): Auxiliary {
  const result: Auxiliary = {};
  const ask = { timeoutMs, ...(options.signal ? { signal: options.signal } : {}) };
  if (options.graderModel) {
    const { provider, model } = parseModel(options.graderModel);
    const chat = async (request: Omit<ChatRequest, 'model'>) =>
      (await (await options.registry.provider(provider)).chat({ model, ...request }, ask)).text;
    result.gradeWith = (name, vars) => runGrader(name, vars, options.root, chat);
    result.grade = (rubric, output) => gradeWithRubric(chat, rubric, output);
  }
  if (options.embeddingModel) {
    const { provider, model } = parseModel(options.embeddingModel);
    result.similarity = async (a, b) => {
      const embedder = await options.registry.provider(provider);
      const [x = [], y = []] = await embedder.embed(model, [a, b], ask);
      return cosine(x, y);
    };
  }
  return result;
}

const VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    pass: { type: 'boolean' },
    score: { type: 'number' },
    reason: { type: 'string' },
  },
  required: ['pass', 'score', 'reason'],
  additionalProperties: false,
};

/** llm-rubric: the grader model's verdict on an output, as JSON {pass, score, reason}. */
async function gradeWithRubric(
  chat: (request: Omit<ChatRequest, 'model'>) => Promise<string>,
  rubric: string,
  output: string,
): Promise<{ pass: boolean; score: number; reason: string }> {
  const text = await chat({
    messages: [
      {
        role: 'system',
        content: [
          {
            text: 'You grade an AI output against a rubric. Answer with JSON: {"pass": boolean, "score": number between 0 and 1, "reason": short string}.',
          },
        ],
      },
      { role: 'user', content: [{ text: `Rubric:\n${rubric}\n\nOutput:\n${output}` }] },
    ],
    config: { temperature: 0 },
    output: { format: 'json', schema: VERDICT_SCHEMA },
  });
  const parsed = parseOutputJson(text);
  const verdict = parsed.ok
    ? (parsed.value as { pass?: unknown; score?: unknown; reason?: unknown })
    : {};
  if (typeof verdict.pass !== 'boolean')
    throw new Error(`the grader did not answer {pass, score, reason}: ${text.slice(0, 100)}`);
  const score =
    typeof verdict.score === 'number'
      ? Math.max(0, Math.min(1, verdict.score))
      : verdict.pass
        ? 1
        : 0;
  return {
    pass: verdict.pass,
    score,
    reason: typeof verdict.reason === 'string' ? verdict.reason : '',
  };
}
