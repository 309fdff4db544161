import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

let shared: Ajv | undefined;

/** One Ajv instance for compiling prompt schemas (not strict: prompt schemas carry descriptions, examples, …). */
export function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({ allErrors: true, strict: false, validateFormats: true });
    addFormats(shared);
  }
  return shared;
}

/** Compiled schemas by their JSON text: prompts often share schemas, and compiling is the costly part. */
const cache = new Map<string, ValidateFunction | Error>();
const CACHE_LIMIT = 500;

/** Compiles a JSON Schema once per distinct schema; an Error says why it does not compile. */
export function compileSchema(schema: object): ValidateFunction | Error {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;
  let result: ValidateFunction | Error;
  try {
    result = ajv().compile(schema);
  } catch (error) {
    result = error instanceof Error ? error : new Error(String(error));
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, result);
  return result;
}

export function describeAjvError(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : 'value';
  if (error.keyword === 'enum')
    return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (error.keyword === 'additionalProperties')
    return `${where}: '${(error.params as { additionalProperty: string }).additionalProperty}' is not declared`;
  if (error.keyword === 'required')
    return `${where}: missing required '${(error.params as { missingProperty: string }).missingProperty}'`;
  return `${where} ${error.message ?? 'is invalid'}`;
}
