// The shape rules ESLint does not check, over src/ (run by `npm run lint:arch` and scripts/test-all.sh):
//   1. no function longer than 80 lines (STYLE.md: long work in small named steps);
//   2. no runtime import cycle (an import whose names are all types is erased by tsc and may cross).
// Prints each offence and exits 1; `--report` prints the longest functions and the cycles and exits 0
// (the before/after figures of issue 14).
const path = require('node:path');
const ts = require('typescript');

const MAX_FUNCTION_LINES = 80;
const root = path.resolve(__dirname, '..');
const report = process.argv.includes('--report');

function loadProgram() {
  const configPath = path.join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  const files = parsed.fileNames.filter((f) => isSource(f));
  return ts.createProgram(files, parsed.options);
}

function isSource(file) {
  const rel = path.relative(root, file).split(path.sep).join('/');
  return rel.startsWith('src/') && !rel.endsWith('.d.ts');
}

function rel(file) {
  return path.relative(root, file).split(path.sep).join('/');
}

/** Every function-like node with its line span. */
function functionLengths(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({ name: functionName(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function functionName(node) {
  if (node.name && ts.isIdentifier(node.name)) return node.name.text;
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) {
    return parent.name.text;
  }
  return '(anonymous)';
}

/** True when the import or re-export brings a value at run time (not only types). */
function isRuntimeImport(node, checker) {
  if (ts.isImportDeclaration(node)) {
    const clause = node.importClause;
    if (!clause) return true; // side-effect import
    if (clause.isTypeOnly) return false;
    if (clause.name && isValue(clause.name, checker)) return true;
    const bindings = clause.namedBindings;
    if (!bindings) return false;
    if (ts.isNamespaceImport(bindings)) return isValue(bindings.name, checker);
    return bindings.elements.some((e) => !e.isTypeOnly && isValue(e.name, checker));
  }
  if (ts.isExportDeclaration(node)) {
    if (node.isTypeOnly) return false;
    const clause = node.exportClause;
    if (!clause || ts.isNamespaceExport(clause)) return true;
    return clause.elements.some((e) => !e.isTypeOnly && isValue(e.name, checker));
  }
  return false;
}

function isValue(identifier, checker) {
  const symbol = checker.getSymbolAtLocation(identifier);
  if (!symbol) return true;
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  // A namespace import is used at run time unless nothing in it is a value.
  return (
    (target.flags & ts.SymbolFlags.Value) !== 0 || (target.flags & ts.SymbolFlags.Module) !== 0
  );
}

/** The runtime import graph between files of src/. */
function importGraph(program) {
  const checker = program.getTypeChecker();
  const graph = new Map();
  for (const sourceFile of program.getSourceFiles()) {
    if (!isSource(sourceFile.fileName)) continue;
    const edges = new Set();
    for (const statement of sourceFile.statements) {
      if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
      const spec = statement.moduleSpecifier;
      if (!spec || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
      if (!isRuntimeImport(statement, checker)) continue;
      const resolved = ts.resolveModuleName(
        spec.text,
        sourceFile.fileName,
        program.getCompilerOptions(),
        ts.sys,
      ).resolvedModule;
      if (resolved && isSource(resolved.resolvedFileName)) {
        edges.add(path.normalize(resolved.resolvedFileName));
      }
    }
    graph.set(path.normalize(sourceFile.fileName), edges);
  }
  return graph;
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph) {
  let index = 0;
  const indices = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const connect = (v) => {
    indices.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indices.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v), indices.get(w)));
      }
    }
    if (low.get(v) === indices.get(v)) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? new Set()).has(v)) found.push(component);
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) connect(v);
  return found;
}

function main() {
  const program = loadProgram();
  const functions = [];
  for (const sourceFile of program.getSourceFiles()) {
    if (!isSource(sourceFile.fileName)) continue;
    for (const f of functionLengths(sourceFile))
      functions.push({ file: rel(sourceFile.fileName), ...f });
  }
  functions.sort((a, b) => b.lines - a.lines);
  const tooLong = functions.filter((f) => f.lines > MAX_FUNCTION_LINES);
  const loops = cycles(importGraph(program));

  if (report) {
    console.log('longest functions:');
    for (const f of functions.slice(0, 5))
      console.log(`  ${f.lines} lines  ${f.file}:${f.line} ${f.name}`);
    console.log(`runtime import cycles: ${loops.length}`);
    for (const loop of loops) console.log(`  ${loop.map(rel).join(' <-> ')}`);
    return;
  }
  for (const f of tooLong) {
    console.error(
      `${f.file}:${f.line}: ${f.name} is ${f.lines} lines (at most ${MAX_FUNCTION_LINES})`,
    );
  }
  for (const loop of loops) console.error(`runtime import cycle: ${loop.map(rel).join(' <-> ')}`);
  if (tooLong.length > 0 || loops.length > 0) {
    process.exitCode = 1;
  } else {
    console.log(
      `architecture: no function over ${MAX_FUNCTION_LINES} lines, no runtime import cycle in src/`,
    );
  }
}

main();
