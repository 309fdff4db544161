import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv-draft-04';
import { REPO, runCli, workspace } from '../helpers';

const run = (cwd: string, ...argv: string[]) => runCli(cwd, argv);

const BAD = {
  'support/reply.prompt':
    '---\nmodel: openai/gpt-4o-mini\ninput:\n  schema:\n    customer: string\n    tone?: string\n---\nHello {{custmer}}, mail bob.hart@fastmail.com\n',
  'support/reply.fixtures.yaml': 'cases:\n  - id: a\n    input: { customer: 7 }\n',
};

test('lint exits 1 on errors and prints readable text with locations and codes', async (t) => {
  const ws = workspace(BAD);
  t.after(ws.cleanup);
  const { code, stdout } = await run(ws.dir, 'lint');
  assert.equal(code, 1);
  assert.match(
    stdout,
    /^support\/reply\.fixtures\.yaml\n {2}3:24 +error +case 'a': input customer must be string\. {2}PO302/m,
  );
  assert.match(
    stdout,
    /\n {2}6:5 +warning +Input 'tone' is declared but the template never uses it\. {2}PO202/,
  );
  assert.match(
    stdout,
    /8:9 +error +'custmer' is not declared in the input schema; did you mean 'customer'\? {2}PO201/,
  );
  // The typo also leaves 'customer' unused, and the address is personal data.
  assert.match(
    stdout,
    /5:5 +warning +Input 'customer' is declared but the template never uses it\. {2}PO202/,
  );
  assert.match(stdout, /8:25 +warning +E-mail address in a prompt: 'bob.ha…om'\./);
  assert.match(stdout, /✖ 5 problems \(2 errors, 3 warnings, 0 info\) in 2 files/);
});

test('lint --format json prints the documented shape with 0-based ranges', async (t) => {
  const ws = workspace(BAD);
  t.after(ws.cleanup);
  const { stdout } = await run(ws.dir, 'lint', 'support', '--format', 'json');
  const problems = JSON.parse(stdout) as Record<string, unknown>[];
  assert.deepEqual(Object.keys(problems[0] ?? {}), [
    'file',
    'code',
    'severity',
    'message',
    'range',
  ]);
  const undeclared = problems.find((p) => p.code === 'PO201');
  assert.deepEqual(undeclared, {
    file: 'support/reply.prompt',
    code: 'PO201',
    severity: 'error',
    message: "'custmer' is not declared in the input schema; did you mean 'customer'?",
    range: { start: { line: 7, character: 8 }, end: { line: 7, character: 15 } },
  });
});

test('lint --format sarif is valid SARIF 2.1.0 with rule metadata and help URIs', async (t) => {
  const ws = workspace(BAD);
  t.after(ws.cleanup);
  const { stdout } = await run(
    ws.dir,
    'lint',
    '--format',
    'sarif',
    '--rules-url',
    'https://docs.example.org/promptops/rules',
  );
  const log = JSON.parse(stdout) as {
    runs: {
      tool: { driver: { rules: unknown[] } };
      results: {
        ruleId: string;
        ruleIndex: number;
        level: string;
        locations: { physicalLocation: { region: unknown; artifactLocation: { uri: string } } }[];
      }[];
    }[];
  };
  const schema = JSON.parse(
    fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'sarif', 'sarif-2.1.0-rtm.5.json'), 'utf8'),
  );
  // The published schema has a pattern that is not valid with the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  assert.ok(validate(JSON.parse(stdout)), JSON.stringify(validate.errors?.slice(0, 3)));
  const run0 = log.runs[0];
  assert.ok(run0);
  const rules = run0.tool.driver.rules as {
    id: string;
    helpUri: string;
    shortDescription: { text: string };
  }[];
  assert.ok(rules.length >= 30);
  const result = run0.results.find((r) => r.ruleId === 'PO201');
  assert.ok(result);
  assert.equal(rules[result.ruleIndex]?.id, 'PO201');
  assert.equal(
    rules[result.ruleIndex]?.helpUri,
    'https://docs.example.org/promptops/rules/PO201.md',
  );
  assert.deepEqual(result.locations[0]?.physicalLocation.region, {
    startLine: 8,
    startColumn: 9,
    endLine: 8,
    endColumn: 16,
  });
  assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uri, 'support/reply.prompt');
  assert.equal(run0.results.find((r) => r.ruleId === 'PO202')?.level, 'warning');
});

test('--max-warnings fails on too many warnings; config turns rules off or changes severity', async (t) => {
  const ws = workspace({
    'a.prompt': '---\ninput:\n  schema:\n    a: string\n    b: string\n---\n{{a}}\n',
  });
  t.after(ws.cleanup);
  assert.equal((await run(ws.dir, 'lint')).code, 0);
  assert.equal((await run(ws.dir, 'lint', '--max-warnings', '0')).code, 1);
  fs.writeFileSync(ws.file('promptops.config.yaml'), 'lint:\n  rules:\n    PO202: off\n');
  const quiet = await run(ws.dir, 'lint', '--max-warnings', '0');
  assert.equal(quiet.code, 0);
  assert.match(quiet.stdout, /no problems/);
  fs.writeFileSync(ws.file('promptops.config.yaml'), 'lint:\n  rules:\n    PO202: error\n');
  assert.equal((await run(ws.dir, 'lint')).code, 1);
  fs.writeFileSync(ws.file('promptops.config.yaml'), 'lint:\n  rules:\n    PO202: loud\n');
  const bad = await run(ws.dir, 'lint');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /promptops\.config\.yaml: lint\.rules\.PO202: Invalid option/);
});

test('lint usage errors exit 2; --output writes the report atomically', async (t) => {
  const ws = workspace({ 'a.prompt': 'hi' });
  t.after(ws.cleanup);
  assert.match((await run(ws.dir, 'lint', 'nope')).stderr, /no such file or folder: nope/);
  assert.equal((await run(ws.dir, 'lint', '--format', 'xml')).code, 2);
  assert.equal((await run(ws.dir, 'lint', '--max-warnings', '-1')).code, 2);
  const written = await run(ws.dir, 'lint', '--format', 'sarif', '--output', 'reports/lint.sarif');
  assert.equal(written.code, 0);
  assert.equal(written.stdout, '');
  assert.equal(JSON.parse(fs.readFileSync(ws.file('reports/lint.sarif'), 'utf8')).version, '2.1.0');
  assert.deepEqual(fs.readdirSync(ws.file('reports')), ['lint.sarif'], 'no temp file left behind');
});

test('the bundled examples lint clean', async () => {
  const { code, stdout } = await run(REPO, 'lint', 'examples');
  assert.equal(code, 0, stdout);
});
