import * as vscode from 'vscode';
import type { CaseLocation } from '../../core/eval/fixtures';
import { Slicer, SLICE_MS } from '../../core/slicer';
import { turnItems } from './turns';

/** What a prompt item's cases are brought in line with: its fixture file's cases, where they are. */
export interface CaseSync {
  controller: vscode.TestController;
  prompt: vscode.TestItem;
  fixturesUri: vscode.Uri;
  locations: readonly CaseLocation[];
  /** Items under the prompt that are not cases (its variants): kept, added when missing. */
  keep: readonly vscode.TestItem[];
  /** Called for each case item, new or kept, to record what it runs. */
  onCase: (item: vscode.TestItem, caseId: string) => void;
  /** False once a newer sync of the same prompt has started: this one stops where it is. */
  current: () => boolean;
}

/** Each case item's scripted turns as last shown: its turn items change only when they do. */
const shownTurns = new WeakMap<vscode.TestItem, string>();

/**
 * A prompt's case items updated in place: an unchanged case keeps its item (a running run's
 * items stay valid, and the window gets no message for it), a moved one gets its new range, new
 * cases are added and removed ones deleted, in slices that yield to the event loop. Rebuilding
 * all 10,000 items of a large file on every save held the extension host for 0.9–1.6 s.
 */
export async function syncCaseItems(sync: CaseSync): Promise<void> {
  const { controller, prompt, fixturesUri, locations } = sync;
  const slicer = new Slicer(SLICE_MS);
  const wanted = new Set<string>();
  for (const location of locations) {
    if (!sync.current()) return;
    const id = `${prompt.id}#${location.id}`;
    wanted.add(id);
    const existing = prompt.children.get(id);
    const child =
      existing && existing.uri?.toString() === fixturesUri.toString()
        ? existing
        : controller.createTestItem(id, location.id, fixturesUri);
    updateCase(controller, child, location, fixturesUri);
    if (child !== existing) prompt.children.add(child);
    sync.onCase(child, location.id);
    await slicer.step();
  }
  if (!sync.current()) return;
  for (const item of sync.keep) {
    wanted.add(item.id);
    if (prompt.children.get(item.id) !== item) prompt.children.add(item);
  }
  const gone = [...prompt.children].map(([id]) => id).filter((id) => !wanted.has(id));
  for (const id of gone) prompt.children.delete(id);
}

/** A case item's range, tags and turn items, each set only when it differs (a set is a message). */
function updateCase(
  controller: vscode.TestController,
  child: vscode.TestItem,
  { line, tags, turns }: CaseLocation,
  fixturesUri: vscode.Uri,
): void {
  if (child.range?.start.line !== line) child.range = new vscode.Range(line, 0, line, 0);
  // The fixture's tags, so the Test Explorer's filter box finds cases by @tag.
  const tagIds = tags ?? [];
  if (child.tags.map((t) => t.id).join('\n') !== tagIds.join('\n'))
    child.tags = tagIds.map((tag) => new vscode.TestTag(tag));
  // A scripted turn runs with its case: its item is the case's child, without data of its own.
  const turnKey = JSON.stringify(turns ?? []);
  if ((shownTurns.get(child) ?? '[]') !== turnKey) {
    child.children.replace(turnItems(controller, child, turns, fixturesUri));
    shownTurns.set(child, turnKey);
  }
}
