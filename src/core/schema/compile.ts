import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import validateDraft07 from './draft7-meta.generated';

let shared: Ajv | undefined;
/** Where Ajv's warnings of the compile under way go (an unknown format): never to the console. */
let warnings: string[] | undefined;
const quiet = {
  log: () => {},
  warn: (...args: unknown[]) => warnings?.push(args.map(String).join(' ')),
  error: (...args: unknown[]) => warnings?.push(args.map(String).join(' ')),
};

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
      logger: quiet,
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
const cache = new Map<string, Compiled>();
const CACHE_LIMIT = 500;

interface Compiled {
  result: ValidateFunction | Error;
  /** What Ajv said of the schema while compiling it: formats it does not know, so does not check. */
  warnings: readonly string[];
}

/** Compiles a JSON Schema once per distinct schema; an Error says why it does not compile. */
export function compileSchema(schema: object): ValidateFunction | Error {
  return compiled(schema).result;
}

/**
 * What compiling the schema warned of, each as a sentence: a `format` Ajv does not know is not
 * checked (the lint says so, where Ajv would have printed it to the console).
 */
export function schemaWarnings(schema: object): readonly string[] {
  return compiled(schema).warnings;
}

function compiled(schema: object): Compiled {
  const key = JSON.stringify(schema);
  const cached = cache.get(key);
  if (cached) return cached;
  let result: ValidateFunction | Error;
  const said: string[] = (warnings = []);
  try {
    const instance = ajv();
    checkAgainstMetaSchema(instance, schema);
    result = instance.compile(schema);
  } catch (error) {
    result = error instanceof Error ? error : new Error(String(error));
  } finally {
    warnings = undefined;
  }
  const entry = { result, warnings: [...new Set(said)].map(describeWarning) };
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, entry);
  return entry;
}

function describeWarning(warning: string): string {
  const format = /^unknown format "(.*)" ignored in schema at path "(.*)"$/.exec(warning);
  if (!format) return warning;
  const at = format[2] && format[2] !== '#' ? ` (at ${format[2]})` : '';
  return `format "${format[1]}" is not one the schema checker knows, so it is not checked${at}`;
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
