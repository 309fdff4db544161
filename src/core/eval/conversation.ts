import type { Message, Part } from 'dotprompt';
import type { AssertionContext, AssertionSpec } from '../assertions/types';
import { checkRequestPrivacy } from '../privacy/request';
import type { ChatRequest, ToolCall, Usage } from '../providers/types';
import { answerToolCall } from '../tools/script';
import type {
  FixtureTurn,
  ToolCallRecord,
  ToolScript,
  TranscriptEntry,
  TurnResult,
} from '../tools/types';
import type { Answered } from './answer';
import { answerRequest } from './answer';
import type { CaseResult } from './artifact';
import type { RunContext } from './context';
import { judgeCase } from './judge';
import type { Job } from './options';

type Answer = Extract<Answered, { stored: unknown }>;

/** Whether a case needs more than one request: the prompt offers tools, or the case scripts turns. */
export function isMultiStep(run: RunContext, job: Job): boolean {
  return run.plan.tools.tools.length > 0 || (job.fixture.turns?.length ?? 0) > 0;
}

/** What a multi-step case has done so far: its transcript and the totals of every model call. */
interface Conversation {
  messages: Message[];
  transcript: TranscriptEntry[];
  toolCalls: ToolCallRecord[];
  modelTurns: number;
  usage: Usage | undefined;
  latencyMs: number;
  attempts: number;
  allCached: boolean;
  hitMaxTurns: boolean;
  last: Answer | undefined;
}

/**
 * A case of several requests. Tool loop: the model's tool calls are answered from the case's
 * script (never executed) and sent back until it answers without one, up to `maxTurns` model
 * calls (`returnToolRequests` stops at the first request). Turns: each scripted user message is
 * appended, answered (with the tool loop) and judged by its own assertions; the last reply is
 * what the case's assertions judge, with every tool call and turn in their context.
 */
export async function runConversation(
  run: RunContext,
  job: Job,
  result: CaseResult,
  messages: Message[],
): Promise<CaseResult> {
  const talk: Conversation = {
    messages: [...messages],
    transcript: [],
    toolCalls: [],
    modelTurns: 0,
    usage: undefined,
    latencyMs: 0,
    attempts: 0,
    allCached: true,
    hitMaxTurns: false,
    last: undefined,
  };
  const turns: TurnResult[] = [];
  const scripted = job.fixture.turns ?? [];
  for (const [index, turn] of scripted.entries()) {
    const failure = await userTurn(run, job, talk, turn);
    if (failure) return endedEarly(result, talk, turns, failure);
    turns.push(await judgeTurn(run, job, result, talk, turn, index));
  }
  if (!scripted.length) {
    const failure = await exchange(run, job, talk);
    if (failure) return endedEarly(result, talk, turns, failure);
  }
  return judgeConversation(run, job, result, talk, turns);
}

/** Appends one scripted user message (checked against the privacy policy) and gets the reply. */
async function userTurn(
  run: RunContext,
  job: Job,
  talk: Conversation,
  turn: FixtureTurn,
): Promise<Failure | undefined> {
  const blocked = appendScreened(run, talk, { role: 'user', content: [{ text: turn.user }] });
  if (blocked) return blocked;
  talk.transcript.push({ role: 'user', text: turn.user });
  return exchange(run, job, talk);
}

type Failure = Extract<Answered, { error: string }>;

/** Model calls until a reply without tool calls (or maxTurns, or the first request when asked). */
async function exchange(
  run: RunContext,
  job: Job,
  talk: Conversation,
): Promise<Failure | undefined> {
  const { tools } = run.plan;
  for (let calls = 1; ; calls++) {
    const answered = await answerRequest(run, job, requestOf(run, talk.messages), talk.modelTurns);
    if ('error' in answered) return answered;
    const response = answered.stored.response;
    talk.modelTurns++;
    talk.last = answered;
    addFigures(talk, answered);
    const asked = (response.toolCalls ?? []).map((c) => callRecord(c, talk.modelTurns - 1));
    talk.transcript.push(modelEntry(answered, asked));
    if (!asked.length || tools.returnToolRequests) {
      talk.toolCalls.push(...asked);
      return undefined;
    }
    talk.messages.push(modelMessage(response.text, asked));
    const blocked = answerCalls(run, job, talk, asked);
    if (blocked) return blocked;
    // maxTurns bounds the model calls of one exchange (one user message), as in Genkit.
    if (calls >= tools.maxTurns) {
      talk.hitMaxTurns = true;
      return undefined;
    }
  }
}

/** Answers each call from the case's script; the answers go back as tool messages. */
function answerCalls(
  run: RunContext,
  job: Job,
  talk: Conversation,
  calls: ToolCallRecord[],
): Failure | undefined {
  const scripts = (job.fixture.tools ?? {}) as Record<string, ToolScript>;
  const offered = new Set(run.plan.tools.tools.map((t) => t.name));
  for (const call of calls) {
    const answer = !offered.has(call.name)
      ? { error: `tool ${call.name} is not offered by this prompt` }
      : call.argsError
        ? { error: `the arguments are not valid JSON: ${call.argsError}` }
        : answerToolCall(
            Object.hasOwn(scripts, call.name) ? scripts[call.name] : undefined,
            call.name,
            call.args,
          );
    if (answer.error !== undefined) call.error = answer.error;
    else call.result = answer.result;
    talk.toolCalls.push(call);
    const output = answer.error !== undefined ? { error: answer.error } : answer.result;
    const message: Message = {
      role: 'tool',
      content: [{ toolResponse: { name: call.name, ref: call.id, output } }],
    };
    const blocked = appendScreened(run, talk, message);
    if (blocked) return blocked;
    talk.transcript.push({ role: 'tool', text: JSON.stringify(output ?? null), toolCalls: [call] });
  }
  return undefined;
}

/** Appends a message the conversation sends, as the privacy policy lets it leave; a failure when it blocks it. */
function appendScreened(
  run: RunContext,
  talk: Conversation,
  message: Message,
): Failure | undefined {
  const screened = checkRequestPrivacy([message], run.plan.privacy);
  if (screened.blocked) return { error: `not sent: ${screened.blocked}`, attempts: 0 };
  talk.messages.push(...screened.messages);
  return undefined;
}

/** The request of the conversation so far, with the tools the prompt offers. */
function requestOf(run: RunContext, messages: Message[]): ChatRequest {
  const { target, config, output, tools } = run.plan;
  const request: ChatRequest = { model: target.model, messages: [...messages], config, output };
  if (tools.tools.length) {
    request.tools = tools.tools.map((t) => ({
      name: t.name,
      parameters: t.inputSchema,
      ...(t.description ? { description: t.description } : {}),
    }));
    if (tools.toolChoice) request.toolChoice = tools.toolChoice;
  }
  return request;
}

function callRecord(call: ToolCall, turn: number): ToolCallRecord {
  const record: ToolCallRecord = { id: call.id, name: call.name, args: call.arguments, turn };
  try {
    record.args = call.arguments.trim() ? JSON.parse(call.arguments) : {};
  } catch (error) {
    record.argsError = (error as Error).message;
  }
  return record;
}

/** The model's reply as Dotprompt history: its text and a toolRequest part per call. */
function modelMessage(text: string, calls: ToolCallRecord[]): Message {
  const content: Part[] = text ? [{ text }] : [];
  for (const call of calls)
    content.push({ toolRequest: { name: call.name, ref: call.id, input: call.args } });
  return { role: 'model', content };
}

function modelEntry(answered: Answer, calls: ToolCallRecord[]): TranscriptEntry {
  const { response, latencyMs } = answered.stored;
  const entry: TranscriptEntry = {
    role: 'model',
    text: response.text,
    tokens: response.usage
      ? {
          input: response.usage.inputTokens,
          output: response.usage.outputTokens,
          total: response.usage.totalTokens,
        }
      : null,
    latencyMs,
    cached: answered.cached,
  };
  if (calls.length) entry.toolCalls = calls; // filled in with the scripted answers below
  if (response.finishReason) entry.finishReason = response.finishReason;
  return entry;
}

function addFigures(talk: Conversation, answered: Answer): void {
  const usage = answered.stored.response.usage;
  if (usage)
    talk.usage = {
      inputTokens: (talk.usage?.inputTokens ?? 0) + usage.inputTokens,
      outputTokens: (talk.usage?.outputTokens ?? 0) + usage.outputTokens,
      totalTokens: (talk.usage?.totalTokens ?? 0) + usage.totalTokens,
    };
  talk.latencyMs += answered.stored.latencyMs;
  talk.attempts += answered.attempts;
  talk.allCached &&= answered.cached;
}

/** The whole conversation as one answer: the last reply's text, every call's tokens and time. */
function totalAnswer(talk: Conversation): Answer {
  const last = talk.last?.stored.response;
  const response = { text: last?.text ?? '' } as Answer['stored']['response'];
  if (talk.usage) response.usage = talk.usage;
  if (last?.finishReason) response.finishReason = last.finishReason;
  return {
    stored: { response, latencyMs: talk.latencyMs, createdAt: new Date().toISOString() },
    attempts: talk.attempts,
    cached: talk.allCached,
  };
}

/** What tool and turn assertions see besides the text. */
function toolContext(run: RunContext, talk: Conversation): Partial<AssertionContext> {
  const context: Partial<AssertionContext> = {
    toolCalls: talk.toolCalls,
    tools: run.plan.tools.tools,
    modelTurns: talk.modelTurns,
    maxTurns: run.plan.tools.maxTurns,
  };
  const finish = talk.last?.stored.response.finishReason;
  if (finish) context.finishReason = finish;
  return context;
}

async function judgeTurn(
  run: RunContext,
  job: Job,
  result: CaseResult,
  talk: Conversation,
  turn: FixtureTurn,
  index: number,
): Promise<TurnResult> {
  const answer = talk.last as Answer;
  const specs = (turn.assert ?? []) as AssertionSpec[];
  const judged = await judgeCase(run, job, result, answer, toolContext(run, talk), specs);
  talk.messages.push({ role: 'model', content: [{ text: answer.stored.response.text }] });
  return {
    index,
    user: turn.user,
    output: answer.stored.response.text,
    pass: judged.status === 'pass',
    score: judged.score,
    assertions: judged.assertions,
  };
}

async function judgeConversation(
  run: RunContext,
  job: Job,
  result: CaseResult,
  talk: Conversation,
  turns: TurnResult[],
): Promise<CaseResult> {
  const judged = await judgeCase(run, job, result, totalAnswer(talk), toolContext(run, talk));
  const turnAssertions = turns.flatMap((t) =>
    t.assertions.map((a) => ({ ...a, reason: `turn ${t.index + 1}: ${a.reason}` })),
  );
  const limit = talk.hitMaxTurns ? [maxTurnsFailure(run.plan.tools.maxTurns)] : [];
  const assertions = [...turnAssertions, ...limit, ...judged.assertions];
  const hasOwn = judged.assertions.length > 0;
  const scores = [...turns.map((t) => t.score), ...(hasOwn || !turns.length ? [judged.score] : [])];
  const pass = judged.status === 'pass' && turns.every((t) => t.pass) && !talk.hitMaxTurns;
  const final: CaseResult = {
    ...judged,
    messages: talk.messages,
    assertions,
    status: pass ? 'pass' : 'fail',
    score: talk.hitMaxTurns ? 0 : scores.reduce((a, b) => a + b, 0) / scores.length,
    transcript: talk.transcript,
  };
  if (turns.length) final.turns = turns;
  return final;
}

function maxTurnsFailure(maxTurns: number): CaseResult['assertions'][number] {
  return {
    type: 'max-turns',
    pass: false,
    score: 0,
    weight: 1,
    negated: false,
    reason: `the model still asked for tools after ${maxTurns} model turns (maxTurns); its last tool calls were answered but not sent back`,
  };
}

/** A conversation that stopped before its end (a failed request, a blocked message, cancel). */
function endedEarly(
  result: CaseResult,
  talk: Conversation,
  turns: TurnResult[],
  failure: Failure,
): CaseResult {
  const ended: CaseResult = {
    ...result,
    ...failure,
    messages: talk.messages,
    transcript: talk.transcript,
    attempts: talk.attempts + failure.attempts,
  };
  if (turns.length) ended.turns = turns;
  return ended;
}
