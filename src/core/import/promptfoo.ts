import * as fs from 'node:fs';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { fromPromptfoo } from '../assertions/promptfoo';
import type { AssertionSpec } from '../assertions/types';
import { csvFixtureValue } from '../eval/fixtures-csv';
import { yamlValue } from '../yaml';

/** A file the import would write, relative to the output folder. */
export interface ImportedFile {
  path: string;
  text: string;
}

export interface PromptfooImport {
  files: ImportedFile[];
  /** What did not carry over, one line each: the import never drops something silently. */
  problems: string[];
  /** `provider/model` of every promptfoo provider, the first being the prompts' model. */
  models: string[];
}

/** A problem with the promptfoo config itself (unreadable, not a config): nothing is written. */
export class PromptfooImportError extends Error {}

type Raw = Record<string, unknown>;

const CARRIED = new Set(['description', 'prompts', 'providers', 'tests', 'defaultTest']);

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new PromptfooImportError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
  const doc = YAML.parseDocument(text);
  const first = doc.errors[0];
  if (first) throw new PromptfooImportError(`${file}: ${first.message.split('\n')[0]}`);
  const value = yamlValue(doc);
  if ('error' in value) throw new PromptfooImportError(`${file}: ${value.error}`);
  return value.value;
}

/** A file:// reference relative to the config's folder, or undefined when the value is not one. */
function fileRef(value: unknown, base: string): string | undefined {
  return typeof value === 'string' && value.startsWith('file://')
    ? path.resolve(base, value.slice('file://'.length))
    : undefined;
}

/**
 * Reads a promptfoo config (promptfooconfig.yaml) into PromptOps files: a `.prompt` per prompt
 * (inline or file://), one fixture file from `tests` (vars → input, assert → assert, defaultTest →
 * defaults, CSV and YAML test files followed) that every prompt names in `promptops.fixtures`,
 * the first provider as each prompt's model and the others listed for `promptops compare`.
 */
export function importPromptfoo(configFile: string): PromptfooImport {
  const config = readYaml(configFile);
  if (!isRecord(config) || config.prompts === undefined)
    throw new PromptfooImportError(`${configFile} is not a promptfoo config: it has no prompts`);
  const base = path.dirname(configFile);
  const problems: string[] = [];
  for (const key of Object.keys(config))
    if (!CARRIED.has(key)) problems.push(`'${key}' is not carried over`);
  const models = providerModels(config.providers, problems);
  const prompts = readPrompts(config.prompts, base, problems);
  const fixturesName = `${path.basename(configFile).replace(/\.ya?ml$/, '') || 'promptfoo'}.fixtures.yaml`;
  const fixtures = buildFixtures(config, base, problems);
  const files: ImportedFile[] = prompts.map((p) => ({
    path: `${p.name}.prompt`,
    text: promptText(p.text, models, fixturesName, fixtures.inputs, config.description),
  }));
  files.push({ path: fixturesName, text: YAML.stringify(fixtures.file, { lineWidth: 0 }) });
  for (const p of prompts)
    if (/\{%|\{\{[^}]*\|/.test(p.text))
      problems.push(
        `${p.name}.prompt uses Nunjucks tags or filters ({% %}, | filter): Dotprompt templates are Handlebars, rewrite them`,
      );
  return { files, problems, models };
}

/** promptfoo provider ids (`openai:gpt-4.1`, `openai:chat:gpt-4o`, `{ id, config }`) as `provider/model`. */
function providerModels(value: unknown, problems: string[]): string[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const models: string[] = [];
  for (const entry of list) {
    const id = typeof entry === 'string' ? entry : isRecord(entry) ? entry.id : undefined;
    if (typeof id !== 'string') {
      problems.push(`a provider without an id is not carried over: ${JSON.stringify(entry)}`);
      continue;
    }
    const parts = id.split(':');
    if (id.startsWith('file://') || id.startsWith('exec:') || parts.length < 2) {
      problems.push(`provider '${id}' is not an API model: not carried over`);
      continue;
    }
    const provider = parts[0] as string;
    const model = (
      ['chat', 'completion', 'messages', 'responses'].includes(parts[1] ?? '')
        ? parts.slice(2)
        : parts.slice(1)
    ).join(':');
    if (provider !== 'openai' && provider !== 'ollama')
      problems.push(
        `provider '${provider}': declare it (an OpenAI-compatible baseURL) under providers: in promptops.config.yaml`,
      );
    if (isRecord(entry) && entry.config !== undefined)
      problems.push(`provider '${id}': its config is not carried over (set config: in the prompt)`);
    models.push(`${provider}/${model}`);
  }
  if (models.length === 0) problems.push('no provider: add model: provider/name to each prompt');
  return models;
}

interface ImportedPrompt {
  name: string;
  text: string;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'prompt'
  );
}

/** Inline prompts, `file://` text files (split on `---` lines as promptfoo does) and `{ raw, label }` objects. */
function readPrompts(value: unknown, base: string, problems: string[]): ImportedPrompt[] {
  const list = Array.isArray(value) ? value : [value];
  const found: { label?: string; text: string }[] = [];
  for (const entry of list) {
    const raw = isRecord(entry) ? (entry.raw ?? entry.id) : entry;
    const label = isRecord(entry) && typeof entry.label === 'string' ? entry.label : undefined;
    if (typeof raw !== 'string') {
      problems.push(`prompt ${JSON.stringify(entry)} is not text: not carried over`);
      continue;
    }
    const file = fileRef(raw, base);
    if (!file) {
      found.push({ ...(label ? { label } : {}), text: raw });
      continue;
    }
    if (!/\.(txt|md|prompt|j2)$/.test(file) || !fs.existsSync(file)) {
      problems.push(`prompt ${raw}: only existing text files are carried over`);
      continue;
    }
    const parts = fs.readFileSync(file, 'utf8').split(/^---$/m);
    const stem = path.basename(file).replace(/\.[^.]+$/, '');
    parts.forEach((text, i) =>
      found.push({ label: label ?? (parts.length > 1 ? `${stem}-${i + 1}` : stem), text }),
    );
  }
  const used = new Set<string>();
  return found.map((p, i) => {
    let name = p.label ? slug(p.label) : `prompt-${i + 1}`;
    while (used.has(name)) name = `${name}-${i + 1}`;
    used.add(name);
    return { name, text: p.text.trim() };
  });
}

function picoType(values: unknown[]): string {
  const types = new Set(values.map((v) => (Array.isArray(v) ? 'array' : typeof v)));
  const [only] = types;
  return types.size === 1 && (only === 'string' || only === 'number' || only === 'boolean')
    ? only
    : 'any';
}

/** The frontmatter: model, the compare models as a comment, the input schema, the fixture file. */
function promptText(
  template: string,
  models: string[],
  fixturesName: string,
  inputs: Map<string, { values: unknown[]; always: boolean }>,
  description: unknown,
): string {
  const lines = ['---'];
  if (typeof description === 'string')
    lines.push(`# Imported from promptfoo: ${description.replace(/\s+/g, ' ')}`);
  if (models[0]) lines.push(`model: ${models[0]}`);
  if (models.length > 1)
    lines.push(
      `# Also compared in promptfoo: ${models.slice(1).join(', ')} (promptops compare <this file> --model-b <model>)`,
    );
  if (inputs.size) {
    lines.push('input:', '  schema:');
    for (const [name, info] of inputs)
      lines.push(`    ${name}${info.always ? '' : '?'}: ${picoType(info.values)}`);
  }
  lines.push(`promptops.fixtures: ${fixturesName}`, '---', template, '');
  return lines.join('\n');
}

interface BuiltFixtures {
  file: { defaults?: { assert: AssertionSpec[] }; cases: Raw[] };
  inputs: Map<string, { values: unknown[]; always: boolean }>;
}

function buildFixtures(config: Raw, base: string, problems: string[]): BuiltFixtures {
  const defaultTest = isRecord(config.defaultTest)
    ? config.defaultTest
    : fileRef(config.defaultTest, base)
      ? (readYaml(fileRef(config.defaultTest, base) as string) as Raw)
      : {};
  for (const key of Object.keys(defaultTest))
    if (key !== 'assert' && key !== 'vars') problems.push(`defaultTest.${key} is not carried over`);
  const defaultVars = isRecord(defaultTest.vars) ? defaultTest.vars : {};
  const tests = readTests(config.tests, base, problems);
  const cases = tests.map((t, i) => caseFromTest(t, i, defaultVars, problems));
  const inputs = new Map<string, { values: unknown[]; always: boolean }>();
  for (const c of cases)
    for (const [name, value] of Object.entries(c.input as Raw)) {
      const info = inputs.get(name) ?? { values: [], always: true };
      info.values.push(value);
      inputs.set(name, info);
    }
  for (const info of inputs.values()) info.always = info.values.length === cases.length;
  const defaults = assertions(defaultTest.assert, 'defaultTest', problems);
  return {
    file: { ...(defaults.length ? { defaults: { assert: defaults } } : {}), cases },
    inputs,
  };
}

/** `tests`: a list, a file:// YAML or CSV file, or a list mixing tests and such files. */
function readTests(value: unknown, base: string, problems: string[]): Raw[] {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.flatMap((entry): Raw[] => {
    if (isRecord(entry)) return [entry];
    const file = fileRef(entry, base);
    if (!file || !fs.existsSync(file) || /[*?]/.test(file)) {
      problems.push(
        `tests ${JSON.stringify(entry)}: not a test or an existing file, not carried over`,
      );
      return [];
    }
    if (file.endsWith('.csv'))
      return csvFixtureValue(fs.readFileSync(file, 'utf8')).cases.map((c) => ({
        vars: c.input,
        assert: c.assert,
        ...(c.description ? { description: c.description } : {}),
        ...(c.tags ? { metadata: { tags: c.tags } } : {}),
        ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
      }));
    if (/\.ya?ml$|\.json$/.test(file)) {
      const loaded = readYaml(file);
      return Array.isArray(loaded) ? loaded.filter(isRecord) : isRecord(loaded) ? [loaded] : [];
    }
    problems.push(`tests ${JSON.stringify(entry)}: only CSV, YAML and JSON test files are read`);
    return [];
  });
}

const TEST_KEYS = new Set(['vars', 'assert', 'description', 'threshold', 'metadata']);

function caseFromTest(test: Raw, index: number, defaultVars: Raw, problems: string[]): Raw {
  const id = `case-${index + 1}`;
  for (const key of Object.keys(test))
    if (!TEST_KEYS.has(key)) problems.push(`${id}: '${key}' is not carried over`);
  const input: Raw = { ...defaultVars, ...(isRecord(test.vars) ? test.vars : {}) };
  for (const [name, value] of Object.entries(input)) {
    if (Array.isArray(value))
      problems.push(
        `${id}: input ${name} is a list, which promptfoo expands into one test per item; PromptOps passes it as one list`,
      );
    if (typeof value === 'string' && value.startsWith('file://'))
      problems.push(`${id}: input ${name} is a file reference, kept as the text '${value}'`);
  }
  const entry: Raw = { id };
  if (typeof test.description === 'string') entry.description = test.description;
  const tags = isRecord(test.metadata) ? test.metadata.tags : undefined;
  if (Array.isArray(tags)) entry.tags = tags.map(String);
  if (typeof test.threshold === 'number') entry.threshold = test.threshold;
  entry.input = input;
  entry.assert = assertions(test.assert, id, problems);
  return entry;
}

function assertions(value: unknown, where: string, problems: string[]): AssertionSpec[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.flatMap((a): AssertionSpec[] => {
    if (!isRecord(a) || typeof a.type !== 'string') {
      problems.push(`${where}: assertion ${JSON.stringify(a)} has no type: not carried over`);
      return [];
    }
    const rest: Raw = { ...a };
    for (const key of ['transform', 'provider', 'rubricPrompt', 'contextTransform'])
      if (key in rest) {
        problems.push(`${where}: ${a.type}'s '${key}' is not carried over`);
        delete rest[key];
      }
    const { spec, problem } = fromPromptfoo(rest as AssertionSpec);
    if (problem) problems.push(`${where}: ${problem}`);
    return [spec];
  });
}
