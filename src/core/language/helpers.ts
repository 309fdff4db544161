/** The helpers a Dotprompt template may call: Handlebars' built-ins plus Dotprompt's own. */
export interface HelperInfo {
  name: string;
  block: boolean;
  /** Changes the context (`this`) inside its block. */
  changesContext: boolean;
  signature: string;
  documentation: string;
  /** Completion snippet (VS Code snippet syntax), inserted after `{{` or `{{#`. */
  snippet: string;
  source: 'handlebars' | 'dotprompt';
}

export const HELPERS: readonly HelperInfo[] = [
  {
    name: 'role',
    block: false,
    changesContext: false,
    signature: '{{role "system" | "user" | "model"}}',
    documentation:
      'Starts a new message with the given role. Text before the first role marker belongs to a `user` message.',
    snippet: 'role "${1|system,user,model|}"',
    source: 'dotprompt',
  },
  {
    name: 'history',
    block: false,
    changesContext: false,
    signature: '{{history}}',
    documentation:
      'Inserts the conversation history (`messages` passed at render time). What follows belongs to a `model` message until the next role marker.',
    snippet: 'history',
    source: 'dotprompt',
  },
  {
    name: 'media',
    block: false,
    changesContext: false,
    signature: '{{media url=… contentType=…}}',
    documentation: 'Inserts a media part (image, audio, video, document) from a URL or data URI.',
    snippet: 'media url=${1:imageUrl}',
    source: 'dotprompt',
  },
  {
    name: 'section',
    block: false,
    changesContext: false,
    signature: '{{section "name"}}',
    documentation:
      'Marks where a named section (for example `output` instructions) is placed by the framework.',
    snippet: 'section "${1:output}"',
    source: 'dotprompt',
  },
  {
    name: 'json',
    block: false,
    changesContext: false,
    signature: '{{json value indent=2}}',
    documentation: 'Serialises a value as JSON, optionally indented.',
    snippet: 'json ${1:value}',
    source: 'dotprompt',
  },
  {
    name: 'ifEquals',
    block: true,
    changesContext: false,
    signature: '{{#ifEquals a b}}…{{else}}…{{/ifEquals}}',
    documentation: 'Renders the block when the two values are strictly equal.',
    snippet: 'ifEquals ${1:a} ${2:b}}}\n\t$0\n{{/ifEquals',
    source: 'dotprompt',
  },
  {
    name: 'unlessEquals',
    block: true,
    changesContext: false,
    signature: '{{#unlessEquals a b}}…{{/unlessEquals}}',
    documentation: 'Renders the block when the two values differ.',
    snippet: 'unlessEquals ${1:a} ${2:b}}}\n\t$0\n{{/unlessEquals',
    source: 'dotprompt',
  },
  {
    name: 'if',
    block: true,
    changesContext: false,
    signature: '{{#if value}}…{{else}}…{{/if}}',
    documentation: 'Renders the block when the value is truthy (an empty array counts as false).',
    snippet: 'if ${1:condition}}}\n\t$0\n{{/if',
    source: 'handlebars',
  },
  {
    name: 'unless',
    block: true,
    changesContext: false,
    signature: '{{#unless value}}…{{/unless}}',
    documentation: 'Renders the block when the value is falsy.',
    snippet: 'unless ${1:condition}}}\n\t$0\n{{/unless',
    source: 'handlebars',
  },
  {
    name: 'each',
    block: true,
    changesContext: true,
    signature: '{{#each list as |item index|}}…{{/each}}',
    documentation:
      'Renders the block once per element; inside, `this` is the element and `@index`, `@first`, `@last` (and `@key` for objects) are set.',
    snippet: 'each ${1:list} as |${2:item}|}}\n\t$0\n{{/each',
    source: 'handlebars',
  },
  {
    name: 'with',
    block: true,
    changesContext: true,
    signature: '{{#with value as |alias|}}…{{/with}}',
    documentation: 'Renders the block with `this` set to the value.',
    snippet: 'with ${1:value}}}\n\t$0\n{{/with',
    source: 'handlebars',
  },
  {
    name: 'lookup',
    block: false,
    changesContext: false,
    signature: '{{lookup object key}}',
    documentation: 'Looks up a property or index dynamically.',
    snippet: 'lookup ${1:object} ${2:key}',
    source: 'handlebars',
  },
  {
    name: 'log',
    block: false,
    changesContext: false,
    signature: '{{log value level="info"}}',
    documentation: 'Logs a value at render time; renders nothing.',
    snippet: 'log ${1:value}',
    source: 'handlebars',
  },
];

const BY_NAME = new Map(HELPERS.map((h) => [h.name, h]));

export function helperInfo(name: string): HelperInfo | undefined {
  return BY_NAME.get(name);
}

/** Roles Dotprompt understands in `{{role "…"}}`. */
export const ROLES = ['system', 'user', 'model', 'tool'] as const;

/** Data variables Handlebars sets (`@index` …), by the block that sets them. */
export const DATA_VARIABLES: Record<string, string> = {
  root: 'The prompt input at the top level, whatever the current context.',
  index: 'Index of the current element inside `{{#each}}`.',
  first: 'True for the first element inside `{{#each}}`.',
  last: 'True for the last element inside `{{#each}}`.',
  key: 'Key of the current property when `{{#each}}` iterates an object.',
  metadata:
    'Dotprompt render metadata: `@metadata.prompt` (frontmatter), `@metadata.docs`, `@metadata.messages`.',
};
