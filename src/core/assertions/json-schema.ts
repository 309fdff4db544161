import { compileSchema, describeAjvError } from '../schema/compile';
import type { AssertionHandler } from './types';

/** Validates the parsed output with Ajv against `value`, or against the prompt's output schema. */
export const jsonSchema: AssertionHandler = (spec, context) => {
  const schema =
    spec.value && typeof spec.value === 'object' ? (spec.value as object) : context.outputSchema;
  if (!schema)
    return {
      pass: false,
      reason: 'no schema: give one in value, or declare output.schema in the prompt',
    };
  if (!context.json.ok)
    return { pass: false, reason: `output is not JSON (${context.json.error})` };
  const validate = compileSchema(schema);
  if (validate instanceof Error)
    return { pass: false, reason: `the schema does not compile: ${validate.message}` };
  if (validate(context.json.value)) return { pass: true, reason: 'output matches the schema' };
  return {
    pass: false,
    reason: `output does not match the schema: ${(validate.errors ?? []).slice(0, 3).map(describeAjvError).join('; ')}`,
  };
};
