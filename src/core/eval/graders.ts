import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePromptDocument } from '../language/document';
import { compilePrompt } from '../language/render';
import { outputSchemaModel } from '../language/schema';
import type { ChatRequest } from '../providers/types';

/** Where a workspace puts its own grader prompts, to override the bundled ones by name. */
export const WORKSPACE_GRADERS_DIR = path.join('.promptops', 'graders');

/**
 * The grader prompts shipped with PromptOps (`graders/` at the package root): found by walking up
 * from this file, which is dist/ in the extension and CLI bundles and out/src/core/eval in tests.
 */
export function bundledGradersDir(from = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'graders', 'factuality.prompt')))
      return path.join(dir, 'graders');
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The grader prompt named `name`: the workspace's `.promptops/graders/<name>.prompt`, else the bundled one. */
export function graderPromptFile(name: string, root: string): string {
  const own = path.join(root, WORKSPACE_GRADERS_DIR, `${name}.prompt`);
  if (fs.existsSync(own)) return own;
  const bundled = bundledGradersDir();
  const file = bundled ? path.join(bundled, `${name}.prompt`) : undefined;
  if (!file || !fs.existsSync(file)) throw new Error(`no grader prompt ${name}.prompt`);
  return file;
}

export type GraderCall = (request: Omit<ChatRequest, 'model'>) => Promise<string>;

/**
 * Renders grader prompt `name` with `vars`, asks the grader model with the prompt's own output
 * schema and config, and returns the JSON it answered (what the fields mean is the assertion's
 * business). An answer that is not a JSON object is an error.
 */
export async function runGrader(
  name: string,
  vars: Record<string, unknown>,
  root: string,
  call: GraderCall,
): Promise<Record<string, unknown>> {
  const file = graderPromptFile(name, root);
  const source = fs.readFileSync(file, 'utf8');
  const document = parsePromptDocument(source);
  const rendered = await compilePrompt(source, undefined, document)({ input: vars });
  if (!rendered.ok) throw new Error(`grader prompt ${name}: ${rendered.error.message}`);
  const schema = (await outputSchemaModel(document)).jsonSchema;
  const frontmatter = document.frontmatter?.data ?? {};
  const config =
    frontmatter.config && typeof frontmatter.config === 'object'
      ? (frontmatter.config as Record<string, unknown>)
      : { temperature: 0 };
  const text = await call({
    messages: rendered.prompt.messages,
    config,
    output: { format: 'json', schema: schema as Record<string, unknown> | null },
  });
  const json = /\{[\s\S]*\}/.exec(text)?.[0];
  let answer: unknown;
  try {
    answer = json ? JSON.parse(json) : undefined;
  } catch {
    answer = undefined;
  }
  if (!answer || typeof answer !== 'object' || Array.isArray(answer))
    throw new Error(`the grader did not answer JSON: ${text.slice(0, 100)}`);
  return answer as Record<string, unknown>;
}
