import { compileSchema, describeAjvError } from '../schema/compile';
import type { ToolCallRecord, ToolSpec } from '../tools/types';
import { recordedCalls } from './tool-calls';
import type { AssertionHandler } from './types';

/** Every call's arguments (of every tool, or of the tool named in `value`) fit the tool's input schema. */
export const toolArgsValid: AssertionHandler = (spec, context) => {
  const recorded = recordedCalls(context);
  if ('missing' in recorded) return recorded.missing;
  const only = typeof spec.value === 'string' && spec.value.trim() ? spec.value.trim() : undefined;
  const calls = recorded.calls.filter((c) => only === undefined || c.name === only);
  if (calls.length === 0)
    return {
      pass: true,
      reason: only ? `${only} was not called: no arguments to check` : 'no tool calls to check',
    };
  const problems = calls.flatMap((call) => {
    const problem = argsProblem(call, context.tools ?? []);
    return problem ? [`${call.name} (turn ${call.turn + 1}): ${problem}`] : [];
  });
  const valid = calls.length - problems.length;
  return {
    pass: problems.length === 0,
    score: valid / calls.length,
    reason:
      problems.length === 0
        ? `the arguments of ${calls.length} call(s) fit their tools' schemas`
        : `${problems.length} of ${calls.length} call(s) have invalid arguments: ${problems.slice(0, 3).join('; ')}`,
  };
};

function argsProblem(call: ToolCallRecord, tools: ToolSpec[]): string | undefined {
  if (call.argsError) return `arguments are not JSON (${call.argsError})`;
  const tool = tools.find((t) => t.name === call.name);
  if (!tool) return 'the prompt does not offer this tool';
  const validate = compileSchema(tool.inputSchema);
  if (validate instanceof Error) return `the tool's schema does not compile: ${validate.message}`;
  if (validate(call.args)) return undefined;
  return (validate.errors ?? []).slice(0, 3).map(describeAjvError).join(', ');
}
