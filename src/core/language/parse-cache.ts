import type { Problem } from '../types';
import type { Frontmatter } from './document';
import { parseTemplate, type HbsProgram, type TemplateSyntaxError } from './handlebars';
import { cutPoints, joinPrograms, shiftLines } from './template-segments';

/** A part of the template as last parsed, with the 0-based template line its AST is placed at. */
interface Part {
  ast: HbsProgram;
  line: number;
}

/** The frontmatter of the last version: the text through its closing fence, and what it gave. */
export interface CachedFrontmatter {
  key: string;
  value: Frontmatter;
  problems: Problem[];
}

function newlines(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * What the previous parses of one document left, for the editor's re-parse of only what changed
 * (one per open document, handed to `analyzePrompt` in ParseOptions). The frontmatter is parsed
 * again only when its text changed; the template is cut into top-level parts (template-segments.ts)
 * and a part whose text was parsed before is taken from here, moved to its new line when lines
 * above it were added or removed. A part that does not parse on its own, or a template the cutter
 * cannot be sure of, is parsed whole as before, so problems and the AST are those of a whole parse.
 */
export class PromptParseCache {
  private parts = new Map<string, Part>();
  /** Set and read by parsePromptDocument. */
  frontmatter: CachedFrontmatter | undefined;

  /** As `parseTemplate(template, firstLine)`, reusing the parts parsed before. */
  parseTemplate(
    template: string,
    firstLine: number,
  ): { ast?: HbsProgram; error?: TemplateSyntaxError } {
    const cuts = cutPoints(template);
    if (cuts.length === 0) {
      this.parts.clear();
      return parseTemplate(template, firstLine);
    }
    const next = new Map<string, Part>();
    const programs: HbsProgram[] = [];
    let line = 0;
    let start = 0;
    for (const end of [...cuts, template.length]) {
      const text = template.slice(start, end);
      const part = this.partAt(next.get(text) ?? this.parts.get(text), text, line);
      if (!part) {
        // The whole parse says what is wrong and where; keep what parsed for the next keystroke.
        this.keep(next);
        return parseTemplate(template, firstLine);
      }
      next.set(text, part);
      programs.push(part.ast);
      line += newlines(text);
      start = end;
    }
    this.parts = next;
    return { ast: joinPrograms(programs) };
  }

  /** The part's AST placed at `line`: cached, moved, or parsed now; undefined when it does not parse. */
  private partAt(cached: Part | undefined, text: string, line: number): Part | undefined {
    if (cached?.line === line) return cached;
    if (cached) return { ast: shiftLines(cached.ast, line - cached.line), line };
    const parsed = parseTemplate(text).ast;
    if (!parsed) return undefined;
    return { ast: line === 0 ? parsed : shiftLines(parsed, line), line };
  }

  /** After a failed parse: the parts parsed so far join the cache, which stays bounded. */
  private keep(next: Map<string, Part>): void {
    if (this.parts.size > 2 * next.size + 256) this.parts = next;
    else for (const [text, part] of next) this.parts.set(text, part);
  }
}
