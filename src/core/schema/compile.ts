import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import validateDraft07 from './draft7-meta.generated';

let shared: Ajv | undefined;

/**
 * One Ajv instance for compiling prompt schemas (not strict: prompt schemas carry descriptions,
 * examples, …). It does not check a schema against its meta-schema itself: compileSchema does,
 * with the draft-07 meta-schema's validator compiled ahead of time (scripts/gen-ajv-meta.js),
 * which Ajv would otherwise compile on first use (~50 ms of a blocked event loop).
 */
export function ajv(): Ajv {
  if (!shared) {
    shared = new Ajv({
      allErrors: true,
      strict: false,
      validateFormats: true,
      validateSchema: false,
    });
    addFormats(shared);
  }
  return shared;
}

type MetaValidate = ((schema: unknown) => boolean) & { errors?: ErrorObject[] | null };

const DRAFT_07 = /^http:\/\/json-schema\.org\/draft-07\/schema#?$/;

/** What Ajv's own meta-schema check throws for an invalid schema, as it would with validateSchema on. */
function checkAgainstMetaSchema(instance: Ajv, schema: object): void {
  const declared = (schema as { $schema?: unknown }).$schema;
  if (declared !== undefined && !(typeof declared === 'string' && DRAFT_07.test(declared))) {
    // Another meta-schema (or a broken $schema): Ajv's own check, with its own errors.
    instance.validateSchema(schema, true);
    return;
  }
  const validate = validateDraft07 as unknown as MetaValidate;
  if (!validate(schema))
    throw new Error(`schema is invalid: ${instance.errorsText(validate.errors)}`);
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
    const instance = ajv();
    checkAgainstMetaSchema(instance, schema);
    result = instance.compile(schema);
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
