import type { Range } from '../types';
import type { PromptDocument } from './document';
import type { HbsNode, HbsProgram } from './handlebars';
import { helperInfo } from './helpers';

/** A variable read by the template, with the input path it resolves to when that is knowable. */
export interface VariableRef {
  /** As written: `user.name`, `this.text`, `@root.query`, `../topic`, `doc.title`. */
  original: string;
  range: Range;
  /** Input path (property names; arrays entered transparently), undefined when not resolvable. */
  resolved?: string[];
  /** A Handlebars data variable such as `@index` (not `@root.…`, which resolves to input). */
  data: boolean;
  /** Bound by `as |name|` or inside `{{#each}}`/`{{#with}}`, i.e. relative to another variable. */
  scoped: boolean;
  /** The variable is what a block helper iterates or enters (`{{#each docs}}`). */
  blockTarget?: 'each' | 'with';
}

export interface HelperRef {
  name: string;
  range: Range;
  block: boolean;
}

export interface PartialRef {
  name: string;
  /** The partial's name as written. */
  range: Range;
  /** The whole `{{> name …}}` statement. */
  statementRange: Range;
}

export interface RoleMarker {
  kind: 'role' | 'history' | 'section' | 'media';
  /** The role or section name (`system`), empty for history/media. */
  name: string;
  range: Range;
}

/** A region of the body in which `this` and block params mean something else than at the top. */
export interface BlockScope {
  helper: string;
  range: Range;
  /** Input path that `this` denotes inside, undefined when unknown. */
  context?: string[];
  blockParams: Record<string, string[] | undefined>;
  /** `{{#each}}` sets `@index`, `@first`, … */
  iterates: boolean;
}

export interface TemplateFacts {
  variables: VariableRef[];
  helpers: HelperRef[];
  partials: PartialRef[];
  markers: RoleMarker[];
  scopes: BlockScope[];
}

interface Frame {
  /** Undefined: context unknown. */
  context: string[] | undefined;
  params: Record<string, string[] | undefined>;
  /** Whether this frame changed `this` (each/with); `../` walks these only. */
  changesContext: boolean;
}

/** Every reference the template body makes, located in document coordinates. */
export function analyzeTemplate(doc: PromptDocument): TemplateFacts {
  const facts: TemplateFacts = {
    variables: [],
    helpers: [],
    partials: [],
    markers: [],
    scopes: [],
  };
  if (!doc.ast) return facts;
  const toRange = (loc: hbs.AST.SourceLocation | undefined): Range => {
    if (!loc)
      return {
        start: { line: doc.bodyLine, character: 0 },
        end: { line: doc.bodyLine, character: 0 },
      };
    return {
      start: { line: doc.bodyLine + loc.start.line - 1, character: loc.start.column },
      end: { line: doc.bodyLine + loc.end.line - 1, character: loc.end.column },
    };
  };
  const walker = new Walker(facts, toRange);
  walker.program(doc.ast, [{ context: [], params: {}, changesContext: true }]);
  return facts;
}

class Walker {
  constructor(
    private readonly facts: TemplateFacts,
    private readonly toRange: (loc: hbs.AST.SourceLocation | undefined) => Range,
  ) {}

  program(program: HbsProgram | undefined, stack: Frame[]): void {
    if (!program) return;
    for (const statement of program.body) this.statement(statement, stack);
  }

  private statement(node: HbsNode, stack: Frame[]): void {
    switch (node.type) {
      case 'MustacheStatement':
      case 'Decorator':
        this.mustache(node as hbs.AST.MustacheStatement, stack);
        break;
      case 'BlockStatement':
      case 'DecoratorBlock':
        this.block(node as hbs.AST.BlockStatement, stack);
        break;
      case 'PartialStatement':
      case 'PartialBlockStatement': {
        const partial = node as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement;
        if (partial.name.type === 'PathExpression') {
          this.facts.partials.push({
            name: partial.name.original,
            range: this.toRange(partial.name.loc),
            statementRange: this.toRange(partial.loc),
          });
        } else {
          this.expression(partial.name, stack);
        }
        this.arguments(partial.params, partial.hash, stack);
        if (partial.type === 'PartialBlockStatement') this.program(partial.program, stack);
        break;
      }
      default:
        break; // content and comments carry no references
    }
  }

  private mustache(node: hbs.AST.MustacheStatement, stack: Frame[]): void {
    if (node.path.type !== 'PathExpression') return; // `{{"literal"}}`
    const path = node.path as hbs.AST.PathExpression;
    const hasArguments = node.params.length > 0 || (node.hash?.pairs.length ?? 0) > 0;
    const known = !path.data && path.parts.length === 1 ? helperInfo(path.original) : undefined;
    if (hasArguments || known) {
      this.facts.helpers.push({ name: path.original, range: this.toRange(path.loc), block: false });
      this.marker(path.original, node);
      this.arguments(node.params, node.hash, stack);
      return;
    }
    this.variable(path, stack);
  }

  private marker(name: string, node: hbs.AST.MustacheStatement): void {
    const first = node.params[0];
    const literal =
      first && first.type === 'StringLiteral' ? (first as hbs.AST.StringLiteral).value : '';
    if (name === 'role' || name === 'section') {
      this.facts.markers.push({ kind: name, name: literal, range: this.toRange(node.loc) });
    } else if (name === 'history' || name === 'media') {
      this.facts.markers.push({ kind: name, name: '', range: this.toRange(node.loc) });
    }
  }

  private block(node: hbs.AST.BlockStatement, stack: Frame[]): void {
    const name = node.path.original;
    this.facts.helpers.push({ name, range: this.toRange(node.path.loc), block: true });
    const info = helperInfo(name);
    const target = node.params[0];
    let inner: Frame[] = stack;
    if (info?.changesContext && target) {
      // `this` inside is the target's value (each: its elements); unknown unless it is a plain path.
      const ref =
        target.type === 'PathExpression'
          ? this.variable(
              target as hbs.AST.PathExpression,
              stack,
              name === 'each' ? 'each' : 'with',
            )
          : undefined;
      if (!ref) this.expression(target, stack);
      const context = ref?.resolved;
      const params: Record<string, string[] | undefined> = {};
      const blockParams = node.program?.blockParams ?? [];
      if (blockParams[0]) params[blockParams[0]] = context;
      if (blockParams[1]) params[blockParams[1]] = undefined; // the index or key
      inner = [...stack, { context, params, changesContext: true }];
      const scope: BlockScope = {
        helper: name,
        range: this.toRange(node.program?.loc ?? node.loc),
        blockParams: params,
        iterates: name === 'each',
      };
      if (context) scope.context = context;
      this.facts.scopes.push(scope);
      this.arguments(node.params.slice(1), node.hash, stack);
    } else {
      this.arguments(node.params, node.hash, stack);
    }
    this.program(node.program, inner);
    this.program(node.inverse, stack);
  }

  private arguments(
    params: hbs.AST.Expression[],
    hash: hbs.AST.Hash | undefined,
    stack: Frame[],
  ): void {
    for (const param of params) this.expression(param, stack);
    for (const pair of hash?.pairs ?? []) this.expression(pair.value, stack);
  }

  private expression(node: hbs.AST.Expression, stack: Frame[]): void {
    if (node.type === 'PathExpression') {
      this.variable(node as hbs.AST.PathExpression, stack);
    } else if (node.type === 'SubExpression') {
      const sub = node as hbs.AST.SubExpression;
      this.facts.helpers.push({
        name: sub.path.original,
        range: this.toRange(sub.path.loc),
        block: false,
      });
      this.arguments(sub.params, sub.hash, stack);
    }
  }

  private variable(
    path: hbs.AST.PathExpression,
    stack: Frame[],
    blockTarget?: 'each' | 'with',
  ): VariableRef | undefined {
    const ref: VariableRef = {
      original: path.original,
      range: this.toRange(path.loc),
      data: false,
      scoped: false,
    };
    if (blockTarget) ref.blockTarget = blockTarget;
    const resolved = resolvePath(path, stack, ref);
    if (resolved) ref.resolved = resolved;
    this.facts.variables.push(ref);
    return ref;
  }
}

function resolvePath(
  path: hbs.AST.PathExpression,
  stack: Frame[],
  ref: VariableRef,
): string[] | undefined {
  if (path.data) {
    if (path.parts[0] === 'root') return path.parts.slice(1);
    ref.data = true;
    return undefined;
  }
  const explicitThis = /^(this\b|\.\/|\.$)/.test(path.original);
  if (!explicitThis && path.depth === 0 && path.parts.length > 0) {
    const head = path.parts[0] as string;
    for (let i = stack.length - 1; i >= 0; i--) {
      const params = stack[i]?.params ?? {};
      if (head in params) {
        ref.scoped = true;
        const bound = params[head];
        return bound ? [...bound, ...path.parts.slice(1)] : undefined;
      }
    }
  }
  // `../` climbs the frames that changed the context; the first frame is the input itself.
  const contextFrames = stack.filter((f) => f.changesContext);
  const index = Math.max(0, contextFrames.length - 1 - path.depth);
  if (index > 0) ref.scoped = true;
  const context = contextFrames[index]?.context;
  return context ? [...context, ...path.parts] : undefined;
}
