import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { gitVersions } from '../../core/compare/versions';
import { gitDir } from '../../core/git/git';
import { artifactPathFor, savedRuns, type RunArtifact } from '../../core/eval/artifact';
import { fixturePathFor } from '../../core/eval/fixtures';
import { isInside } from '../../core/fs/paths';
import { EXCLUDED_FOLDERS_GLOB, isSearched } from '../../core/discovery/discovery';
import { isPartialFile } from '../../core/language/analysis';
import { variantOf, variantsOf } from '../../core/variants/variants';
import { versionResults } from '../../core/registry/promote';
import {
  promptKey,
  readRegistry,
  REGISTRY_FILE,
  type LabelMove,
  type LabelTarget,
} from '../../core/registry/registry';
import type { Logger } from '../../core/types';
import type { EvalService } from '../eval/service';

export type PromptsNode =
  | { kind: 'prompt'; root: string; file: string; relative: string }
  | {
      kind: 'label';
      root: string;
      file: string;
      relative: string;
      label: string;
      target: LabelTarget;
      history: LabelMove[];
    }
  | {
      kind: 'version';
      root: string;
      file: string;
      relative: string;
      rev: string;
      date: string;
      subject: string;
      labels: string[];
    }
  | { kind: 'message'; text: string };

/** How many commits of a prompt the tree lists. */
const VERSIONS_SHOWN = 10;

function resultsText(artifact: RunArtifact | undefined, fresh: boolean): string {
  if (!artifact) return 'no results';
  const s = artifact.summary;
  return `${Math.round(s.passRate * 100)}% · $${s.costUsd.toFixed(4)} · ${artifact.createdAt.slice(0, 10)}${fresh ? '' : ' (results of another text)'}`;
}

/**
 * The Prompts view: each prompt with fixtures, its labels (from promptops.registry.yaml) and its
 * versions (git commits), with pass rate, cost and date from the result artifacts.
 */
export class PromptsTree implements vscode.TreeDataProvider<PromptsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<PromptsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.changed];
  /** versionResults asks git three or four times (~30 ms a version): kept until the results change. */
  private readonly results = new Map<string, ReturnType<typeof versionResults>>();

  constructor(
    private readonly evals: EvalService,
    private readonly logger: Logger,
  ) {
    // Labels and results change with the registry and the artifacts; the list of prompts when a
    // prompt is added or removed (not on every save: each refresh asks git about every version).
    const data = vscode.workspace.createFileSystemWatcher(
      `**/{${REGISTRY_FILE},.promptops/results/**/*.json}`,
    );
    const prompts = vscode.workspace.createFileSystemWatcher('**/*.prompt', false, true, false);
    const refresh = () => this.refresh();
    this.disposables.push(
      data,
      prompts,
      data.onDidChange(refresh),
      data.onDidCreate(refresh),
      data.onDidDelete(refresh),
      prompts.onDidCreate(refresh),
      prompts.onDidDelete(refresh),
      evals.onDidFinish(refresh),
    );
    // The versions are git commits: a commit, checkout or reset writes the repository's logs/HEAD.
    // Inside the workspace a glob finds it (even a repository made later); a workspace that is a
    // folder of a repository has it outside, watched once the workspace is trusted.
    const commits = vscode.workspace.createFileSystemWatcher('**/.git/logs/HEAD');
    this.disposables.push(
      commits,
      commits.onDidChange(this.soon),
      commits.onDidCreate(this.soon),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.watchOutsideGit()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.watchOutsideGit()),
      { dispose: () => clearTimeout(this.timer) },
    );
    this.watchOutsideGit();
  }

  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Several files change in one git operation: refresh once, a moment after. */
  private readonly soon = (): void => {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 300);
  };
  private outsideGit: vscode.Disposable[] = [];

  private watchOutsideGit(): void {
    for (const d of this.outsideGit.splice(0)) d.dispose();
    if (!vscode.workspace.isTrusted) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const gitDirs = new Set<string>();
    for (const folder of folders) {
      try {
        const dir = gitDir(folder.uri.fsPath);
        if (!folders.some((f) => isInside(dir, f.uri.fsPath))) gitDirs.add(dir);
      } catch {
        // not in a repository
      }
    }
    for (const dir of gitDirs) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dir), 'logs/HEAD'),
      );
      this.outsideGit.push(watcher, watcher.onDidChange(this.soon), watcher.onDidCreate(this.soon));
    }
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  private resultsOf(root: string, file: string, rev: string): ReturnType<typeof versionResults> {
    // What can change a version's results: the working copy's artifact and the saved runs.
    const artifact = artifactPathFor(root, file);
    let stamp = '';
    try {
      stamp = String(fs.statSync(artifact).mtimeMs);
    } catch {
      // no results in the working copy
    }
    const runs = savedRuns(root, promptKey(root, file));
    const key = `${file}\0${rev}\0${stamp}\0${runs.length}:${runs[0]?.id ?? ''}`;
    let found = this.results.get(key);
    if (!found) {
      found = versionResults(root, file, rev);
      if (this.results.size > 500) this.results.clear();
      this.results.set(key, found);
    }
    return found;
  }

  async getChildren(node?: PromptsNode): Promise<PromptsNode[]> {
    if (!vscode.workspace.isTrusted)
      return node
        ? []
        : [
            {
              kind: 'message',
              text: 'Trust this workspace to see prompt versions (they come from git).',
            },
          ];
    if (!node) return this.prompts();
    if (node.kind !== 'prompt') return [];
    try {
      const entry = readRegistry(node.root).prompts[node.relative];
      const labels: PromptsNode[] = Object.entries(entry?.labels ?? {}).map(([label, target]) => ({
        kind: 'label',
        root: node.root,
        file: node.file,
        relative: node.relative,
        label,
        target,
        history: entry?.history.filter((m) => m.label === label) ?? [],
      }));
      let versions: PromptsNode[] = [];
      try {
        versions = gitVersions(node.root, node.file, VERSIONS_SHOWN).map((v) => ({
          kind: 'version',
          root: node.root,
          file: node.file,
          relative: node.relative,
          rev: v.rev,
          date: v.date,
          subject: v.subject,
          labels: Object.entries(entry?.labels ?? {})
            .filter(([, t]) => t.rev === v.rev)
            .map(([l]) => l),
        }));
      } catch (error) {
        versions = [
          {
            kind: 'message',
            text: `No git history: ${error instanceof Error ? error.message : String(error)}`,
          },
        ];
      }
      return [...this.variantNodes(node), ...labels, ...versions];
    } catch (error) {
      // A broken registry: say so where the labels would be.
      return [{ kind: 'message', text: error instanceof Error ? error.message : String(error) }];
    }
  }

  /** A base prompt's variants (`name.variant.prompt` with fixtures), listed under it. */
  private variantNodes(node: PromptsNode & { kind: 'prompt' }): PromptsNode[] {
    if (variantOf(node.file)) return [];
    return variantsOf(node.file)
      .filter((v) => fixturePathFor(v.file, undefined) !== undefined)
      .map((v) => ({
        kind: 'prompt',
        root: node.root,
        file: v.file,
        relative: promptKey(node.root, v.file),
      }));
  }

  private async prompts(): Promise<PromptsNode[]> {
    const files = await vscode.workspace.findFiles('**/*.prompt', EXCLUDED_FOLDERS_GLOB, 2000);
    const nodes: PromptsNode[] = [];
    for (const uri of files) {
      const file = uri.fsPath;
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      if (folder && !isSearched(folder.uri.fsPath, file)) continue;
      if (isPartialFile(file) || !fixturePathFor(file, undefined)) continue;
      // A variant is listed under its base prompt, when there is one.
      const base = variantOf(file)?.baseFile;
      if (base && files.some((f) => f.fsPath === base)) continue;
      const root = this.evals.rootOf(file);
      nodes.push({ kind: 'prompt', root, file, relative: promptKey(root, file) });
    }
    nodes.sort((a, b) =>
      a.kind === 'prompt' && b.kind === 'prompt' ? a.relative.localeCompare(b.relative) : 0,
    );
    return nodes.length
      ? nodes
      : [{ kind: 'message', text: 'No prompts with fixture files in this workspace.' }];
  }

  getTreeItem(node: PromptsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'prompt': {
        const item = new vscode.TreeItem(
          path.basename(node.file, '.prompt'),
          vscode.TreeItemCollapsibleState.Collapsed,
        );
        item.description = path.dirname(node.relative) === '.' ? '' : path.dirname(node.relative);
        item.resourceUri = vscode.Uri.file(node.file);
        item.iconPath = vscode.ThemeIcon.File;
        item.contextValue = 'promptops.prompt';
        item.id = `prompt:${node.file}`;
        item.command = {
          command: 'vscode.open',
          title: 'Open',
          arguments: [vscode.Uri.file(node.file)],
        };
        return item;
      }
      case 'label': {
        const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('tag');
        item.contextValue = 'promptops.label';
        item.id = `label:${node.file}:${node.label}`;
        let results = '';
        try {
          const found = this.resultsOf(node.root, node.file, node.target.rev);
          results = resultsText(found.artifact, found.fresh);
        } catch (error) {
          this.logger.debug(
            `Prompts view: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
        item.description = `${node.target.rev.slice(0, 7)}${results ? ` · ${results}` : ''}`;
        const moves = node.history
          .slice(-5)
          .reverse()
          .map(
            (m) =>
              `- ${m.at.slice(0, 16).replace('T', ' ')} ${m.action} ${m.from?.slice(0, 7) ?? '(new)'} → ${m.to.slice(0, 7)} by ${m.by}${m.forced ? ' (forced)' : ''}`,
          );
        item.tooltip = new vscode.MarkdownString(
          `**${node.label}** → \`${node.target.rev}\`\n\n${moves.join('\n')}`,
        );
        return item;
      }
      case 'version': {
        let results: string;
        try {
          const found = this.resultsOf(node.root, node.file, node.rev);
          results = found.fresh ? resultsText(found.artifact, true) : 'no results for this version';
        } catch (error) {
          results = error instanceof Error ? error.message : String(error);
        }
        // The figures in the label, the commit subject after them: a narrow view cuts the end.
        const item = new vscode.TreeItem(
          `${node.rev.slice(0, 7)} · ${results}`,
          vscode.TreeItemCollapsibleState.None,
        );
        item.iconPath = new vscode.ThemeIcon(node.labels.length ? 'git-commit' : 'circle-small');
        item.contextValue = 'promptops.version';
        item.id = `version:${node.file}:${node.rev}`;
        item.description = `${node.labels.length ? `[${node.labels.join(', ')}] ` : ''}${node.subject} · ${node.date}`;
        item.tooltip = `${node.rev}\n${node.subject}\n${results}`;
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of [...this.disposables.splice(0), ...this.outsideGit.splice(0)]) d.dispose();
  }
}
