import * as YAML from 'yaml';

/** A Prompty file converted: the `.prompt` text, a fixture file from its `sample`, and what did not convert. */
export interface PromptyConversion {
  prompt: string;
  fixtures?: string;
  /** One line each: what could not be converted and where (`line 12: filter 'upper'`). */
  notes: string[];
}

export class PromptyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromptyError';
  }
}

type Map = Record<string, unknown>;

const PARAMETERS: Record<string, string> = {
  max_tokens: 'maxOutputTokens',
  max_completion_tokens: 'maxOutputTokens',
  temperature: 'temperature',
  top_p: 'topP',
  stop: 'stopSequences',
  frequency_penalty: 'frequencyPenalty',
  presence_penalty: 'presencePenalty',
  seed: 'seed',
};

const ROLES: Record<string, string> = { system: 'system', user: 'user', assistant: 'model' };

function isMap(value: unknown): value is Map {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Converts a Microsoft Prompty file (YAML frontmatter + Jinja2 chat template) to Dotprompt. */
export function convertPrompty(text: string): PromptyConversion {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!match)
    throw new PromptyError('not a Prompty file: it must start with a --- frontmatter block');
  let meta: unknown;
  try {
    meta = YAML.parse(match[1] ?? '');
  } catch (error) {
    throw new PromptyError(`frontmatter: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMap(meta)) throw new PromptyError('frontmatter must be a mapping');
  const notes: string[] = [];
  const frontmatter = convertFrontmatter(meta, notes);
  const body = convertTemplate(match[2] ?? '', notes, bodyLineOffset(match[1] ?? ''));
  const sample = isMap(meta.sample) ? meta.sample : undefined;
  const conversion: PromptyConversion = {
    prompt: `---\n${YAML.stringify(frontmatter).trimEnd()}\n---\n${body}`,
    notes,
  };
  if (sample)
    conversion.fixtures = YAML.stringify({ cases: [{ id: 'sample', input: sample, assert: [] }] });
  return conversion;
}

function bodyLineOffset(frontmatter: string): number {
  return frontmatter.split('\n').length + 3;
}

function convertFrontmatter(meta: Map, notes: string[]): Map {
  const out: Map = {};
  if (typeof meta.name === 'string') out.name = meta.name;
  if (typeof meta.description === 'string') out.description = meta.description;
  if (typeof meta.version === 'string' || typeof meta.version === 'number')
    out.version = meta.version;
  const model = isMap(meta.model) ? meta.model : {};
  const modelName = modelId(model, notes);
  if (modelName) out.model = modelName;
  const config = convertParameters(isMap(model.parameters) ? model.parameters : {}, notes);
  if (Object.keys(config).length) out.config = config;
  const input = convertInputs(meta, notes);
  if (input) out.input = input;
  if (meta.outputs !== undefined)
    notes.push('outputs: not converted; declare output.schema by hand (Picoschema or JSON Schema)');
  const template = isMap(meta.template) ? meta.template.format : meta.template;
  if (template !== undefined && template !== 'jinja2')
    notes.push(
      `template: '${String(template)}' is not jinja2; the template was converted as jinja2`,
    );
  for (const key of Object.keys(meta))
    if (
      ![
        'name',
        'description',
        'version',
        'model',
        'inputs',
        'sample',
        'outputs',
        'template',
        'authors',
        'tags',
      ].includes(key)
    )
      notes.push(`${key}: no Dotprompt equivalent, left out`);
  return out;
}

function modelId(model: Map, notes: string[]): string | undefined {
  const configuration = isMap(model.configuration) ? model.configuration : {};
  const name = [
    configuration.name,
    configuration.model,
    model.id,
    configuration.azure_deployment,
  ].find((v): v is string => typeof v === 'string' && !v.startsWith('<') && !v.includes('${'));
  const type = typeof configuration.type === 'string' ? configuration.type : 'openai';
  if (type === 'azure_openai' || type === 'azure')
    notes.push(
      'model: an Azure OpenAI deployment; declare its endpoint under providers: in promptops.config.yaml and set model to that provider',
    );
  if (model.api !== undefined && model.api !== 'chat')
    notes.push(`model.api: '${String(model.api)}' is not chat; PromptOps runs chat completions`);
  if (!name) {
    notes.push('model: no model name found; set model: provider/model');
    return undefined;
  }
  return `openai/${name}`;
}

function convertParameters(parameters: Map, notes: string[]): Map {
  const config: Map = {};
  for (const [key, value] of Object.entries(parameters)) {
    const mapped = PARAMETERS[key];
    if (mapped) config[mapped] = key === 'stop' && typeof value === 'string' ? [value] : value;
    else notes.push(`model.parameters.${key}: no Dotprompt config equivalent, left out`);
  }
  return config;
}

function picoType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'any';
}

/** `inputs:` (name → {type, description, default}) to Picoschema; else the sample's keys. */
function convertInputs(meta: Map, notes: string[]): Map | undefined {
  const schema: Map = {};
  const defaults: Map = {};
  if (isMap(meta.inputs)) {
    for (const [name, spec] of Object.entries(meta.inputs)) {
      const s = isMap(spec) ? spec : { default: spec };
      const type =
        typeof s.type === 'string'
          ? s.type.replace(/^(str|text)$/, 'string')
          : picoType(s.default ?? s.sample);
      const known = ['string', 'number', 'integer', 'boolean', 'object', 'array', 'any'].includes(
        type,
      );
      if (!known) notes.push(`inputs.${name}: type '${type}' written as any`);
      const optional = s.default !== undefined || s.required === false ? '?' : '';
      const description = typeof s.description === 'string' ? `, ${s.description}` : '';
      // Picoschema: an array needs an item type, and an object its fields; neither is known here.
      if (type === 'array') schema[`${name}${optional}(array${description})`] = 'any';
      else
        schema[`${name}${optional}`] = `${known && type !== 'object' ? type : 'any'}${description}`;
      if (s.default !== undefined) defaults[name] = s.default;
    }
  } else if (isMap(meta.sample)) {
    for (const [name, value] of Object.entries(meta.sample)) schema[name] = picoType(value);
  }
  if (!Object.keys(schema).length) return undefined;
  return Object.keys(defaults).length ? { schema, default: defaults } : { schema };
}

const TOKEN = /\{#([\s\S]*?)#\}|\{%-?\s*([\s\S]*?)\s*-?%\}|\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;
const PATH = /^[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*|\[\d+\])*$/;

interface TemplateState {
  notes: string[];
  /** Open blocks, innermost last: each, if or unless. */
  blocks: string[];
  line: number;
}

/** The Jinja2 subset that maps to Handlebars: variables, for, if/elif/else, comments, roles. */
export function convertTemplate(body: string, notes: string[], firstLine = 1): string {
  const state: TemplateState = { notes, blocks: [], line: firstLine };
  const lines = body.split('\n').map((line, index) => {
    state.line = firstLine + index;
    return convertLine(line, state);
  });
  for (const open of state.blocks) notes.push(`a '${open}' block is never closed`);
  return lines.join('\n');
}

function convertLine(line: string, state: TemplateState): string {
  const role = /^\s*(system|user|assistant)\s*:\s*$/i.exec(line);
  if (role?.[1]) return `{{role "${ROLES[role[1].toLowerCase()]}"}}`;
  const note = (what: string) => state.notes.push(`line ${state.line}: ${what}`);
  // One pass, so that what a replacement writes is never read again as Jinja2.
  return line.replace(TOKEN, (whole, comment?: string, statement?: string, expression?: string) => {
    if (comment !== undefined) return `{{!-- ${comment.trim()} --}}`;
    if (statement !== undefined) return convertStatement(whole, statement, state);
    return convertExpression(whole, expression ?? '', note);
  });
}

function convertStatement(whole: string, statement: string, state: TemplateState): string {
  const forLoop = /^for\s+(\w+)\s+in\s+(\S+)$/.exec(statement);
  if (forLoop?.[1] && forLoop[2] && PATH.test(forLoop[2])) {
    state.blocks.push('each');
    return `{{#each ${forLoop[2]} as |${forLoop[1]}|}}`;
  }
  const condition = /^(if|elif)\s+(not\s+)?(\S+)$/.exec(statement);
  const top = state.blocks[state.blocks.length - 1];
  if (condition?.[3] && PATH.test(condition[3])) {
    const helper = condition[2] ? 'unless' : 'if';
    if (condition[1] === 'if') {
      state.blocks.push(helper);
      return `{{#${helper} ${condition[3]}}}`;
    }
    if (!condition[2] && top === 'if') return `{{else if ${condition[3]}}}`;
  }
  if (statement === 'else' && (top === 'if' || top === 'unless' || top === 'each'))
    return '{{else}}';
  const closes = statement === 'endfor' ? ['each'] : statement === 'endif' ? ['if', 'unless'] : [];
  if (top && closes.includes(top)) {
    state.blocks.pop();
    return `{{/${top}}}`;
  }
  state.notes.push(
    `line ${state.line}: '{% ${statement} %}' has no Handlebars equivalent here; left as it was`,
  );
  return whole;
}

function convertExpression(
  whole: string,
  expression: string,
  note: (what: string) => void,
): string {
  if (expression === 'loop.index0') return '{{@index}}';
  if (expression === 'loop.first') return '{{@first}}';
  if (expression === 'loop.last') return '{{@last}}';
  if (expression.startsWith('loop.')) {
    note(`'{{ ${expression} }}' not converted (Handlebars has @index from 0, @first, @last)`);
    return whole;
  }
  if (PATH.test(expression)) return `{{${expression.replace(/\[(\d+)\]/g, '.[$1]')}}}`;
  const filter = /\|\s*(\w+)/.exec(expression);
  note(
    filter
      ? `filter '${filter[1]}' in '{{ ${expression} }}' not converted`
      : `expression '{{ ${expression} }}' not converted`,
  );
  return whole;
}
