// UI test of the reviewers' report page (`promptops report`): a project whose results, history and
// labels the real CLI made against the loopback OpenAI-compatible server (one model answering with
// HTML and script), the page opened in headless Chromium, checked as a person reads it, and every
// request the page makes recorded. Called from scripts/test-ui.js (its checks count in the
// "ui: N passed" line); `node scripts/test-report-ui.js` runs it alone. Screenshots: test-results/ui/.
const assert = require('node:assert/strict');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { launchBrowser } = require('./lib/code-server');

const HOSTILE =
  '<script>window.pwned=1</script></style><img src="http://203.0.113.9/x.png" onerror="window.pwned=2"> [docs](javascript:window.pwned=3) <a href="javascript:window.pwned=4">open</a>';

/** Runs of the project: each round, the loopback model answers a little differently. */
function answer(round, model, who) {
  if (model === 'other') return who === 'Ada' ? 'hi' : `Hello ${who}!`;
  if (who === 'Bob' && round >= 2) return 'hello bob';
  if (who === 'Eve' && round >= 3) return HOSTILE;
  return `Hello ${who}!`;
}

/** A git project evaluated three times, labelled, rolled back, and run once with another model. */
async function makeProject(root) {
  const { startFakeOpenAI, lastUserText } = require(
    path.join(root, 'out', 'test', 'support', 'openai-server'),
  );
  let round = 1;
  const server = await startFakeOpenAI((request) => {
    const who = lastUserText(request.body).replace(/^Say hello to |\.$/g, '');
    return { text: answer(round, request.body.model, who), delayMs: 20 + 10 * round };
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptops-report-ui-'));
  const write = (file, text) => fs.writeFileSync(path.join(dir, file), text);
  write('promptops.config.yaml', `providers:\n  - name: local\n    baseURL: ${server.baseURL}\n`);
  write(
    'greet.prompt',
    '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
  );
  const equals = (id, name) =>
    `  - id: ${id}\n    input: { name: ${name} }\n    assert:\n      - type: equals\n        value: Hello ${name}!\n`;
  write(
    'greet.fixtures.yaml',
    `cases:\n${equals('hello-ada', 'Ada')}${equals('hello-bob', 'Bob')}${equals('hello-eve', 'Eve')}`,
  );
  // Asynchronous: the loopback server answers from this process while the CLI runs.
  const run = (command, args) =>
    new Promise((resolve, reject) =>
      execFile(command, args, { cwd: dir, encoding: 'utf8' }, (error, stdout, stderr) => {
        // Exit 1 is a failed case: the artifact is written all the same.
        if (error && error.code !== 1)
          reject(
            new Error(`${command} ${args.join(' ')}: ${stderr || error.message}`, { cause: error }),
          );
        else resolve(stdout);
      }),
    );
  const who = ['-c', 'user.name=Rita Reviewer', '-c', 'user.email=rita@example.com'];
  const git = (...args) => run('git', [...who, ...args]);
  const cli = (...args) => run(process.execPath, [path.join(root, 'dist', 'cli.js'), ...args]);
  await git('init', '-q');
  // The label history's "by" is the repository's git user.
  await git('config', 'user.name', 'Rita Reviewer');
  await git('config', 'user.email', 'rita@example.com');
  await git('add', '-A');
  await git('commit', '-qm', 'greetings');
  await cli('eval', '--no-cache', 'greet.prompt');
  await cli('label', 'greet.prompt', 'production');
  round = 2;
  const prompt = fs.readFileSync(path.join(dir, 'greet.prompt'), 'utf8');
  write(
    'greet.prompt',
    prompt.replace('---\nmodel:', '---\ndescription: Greets a person.\nmodel:'),
  );
  await git('commit', '-qam', 'greetings, described');
  await cli('eval', '--no-cache', 'greet.prompt');
  await cli('label', 'greet.prompt', 'production', '--force');
  await cli('rollback', 'greet.prompt', '--label', 'production');
  round = 3;
  await cli('eval', '--no-cache', 'greet.prompt');
  // A run with another model is kept apart from the prompt's own, as the editor keeps it.
  const own = path.join(dir, '.promptops', 'results', 'greet.json');
  const kept = fs.readFileSync(own);
  await cli('eval', '--no-cache', '--model', 'local/other', 'greet.prompt');
  const other = path.join(dir, '.promptops', 'models', 'local_other');
  fs.mkdirSync(other, { recursive: true });
  fs.renameSync(own, path.join(other, 'greet.json'));
  fs.writeFileSync(own, kept);
  await cli('report', '--out', 'report.html');
  await server.close();
  return dir;
}

/** Serves exactly one file; anything else is a 404 (and the page must not ask for anything else). */
function serveFile(file) {
  const server = http.createServer((req, res) => {
    if (req.url === '/report.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(fs.readFileSync(file));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}/report.html`,
        close: () => new Promise((done) => server.close(done)),
      }),
    ),
  );
}

/** The matrix as a person reads it: prompt → case → model → what the cell says. */
function readMatrix(page) {
  return page.evaluate(() => {
    const table = document.querySelector('table.matrix');
    const models = [...table.querySelectorAll('thead th')].slice(2).map((th) => th.textContent);
    const cells = {};
    for (const row of table.querySelectorAll('tbody tr')) {
      const tds = [...row.querySelectorAll('td')];
      const id = tds.shift()?.textContent ?? '';
      cells[id] = Object.fromEntries(tds.map((td, i) => [models[i], td.textContent.trim()]));
    }
    return { prompts: [...table.querySelectorAll('tbody th')].map((th) => th.textContent), cells };
  });
}

/** How many pixels of a canvas are drawn (not transparent). */
function inkedPixels(canvas) {
  return canvas.evaluate((c) => {
    const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
    return n;
  });
}

async function checksOnPage(page, { check, log, out, requests, errors }) {
  await check(
    'report page: the matrix shows prompts × cases × models with the right pass/fail',
    async () => {
      const matrix = await readMatrix(page);
      log(`report matrix: ${JSON.stringify(matrix)}`);
      assert.deepEqual(matrix.prompts, ['greet.prompt']);
      assert.deepEqual(matrix.cells, {
        'hello-ada': { 'local/echo': '✓ pass', 'local/other': '✗ fail' },
        'hello-bob': { 'local/echo': '✗ fail', 'local/other': '✓ pass' },
        'hello-eve': { 'local/echo': '✗ fail', 'local/other': '✓ pass' },
      });
      const colour = (selector) =>
        page
          .locator(selector)
          .first()
          .evaluate((e) => getComputedStyle(e).backgroundColor);
      assert.notEqual(await colour('table.matrix td.pass'), await colour('table.matrix td.fail'));
      await page.screenshot({ path: path.join(out, 'report.png'), fullPage: true });
    },
  );
  await check('report page: a failed cell opens its failure, expected against actual', async () => {
    const bob = page.locator('table.matrix tr', { hasText: 'hello-bob' }).locator('td.fail a');
    await bob.click();
    const failure = page.locator('article.failure:target');
    await failure.waitFor({ state: 'visible', timeout: 5_000 });
    assert.match(
      await failure.locator('h4').textContent(),
      /greet\.prompt · hello-bob · local\/echo · fail/,
    );
    assert.equal(await failure.locator('pre.expected').textContent(), 'Hello Bob!');
    assert.equal(await failure.locator('pre.actual').textContent(), 'hello bob');
    assert.ok(
      await failure.locator('pre.expected del').first().isVisible(),
      'removed words marked',
    );
    assert.ok(await failure.locator('pre.actual ins').first().isVisible(), 'added words marked');
    assert.ok(
      (await failure.isVisible()) && (await failure.boundingBox()).y < 900,
      'scrolled to it',
    );
    await page.screenshot({ path: path.join(out, 'report-failure.png') });
  });
  await check(
    "report page: the model's HTML and script show as text; none of it runs or links",
    async () => {
      const eve = page.locator('article.failure', { hasText: 'hello-eve' }).first();
      assert.equal(await eve.locator('pre.actual').textContent(), HOSTILE);
      const page_ = await page.evaluate(() => ({
        pwned: globalThis.pwned,
        images: document.images.length,
        links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href')),
        styles: document.querySelectorAll('style').length,
        scripts: [...document.scripts].map((s) => s.type || 'inline'),
      }));
      log(
        `report page elements: ${JSON.stringify({ ...page_, links: [...new Set(page_.links)] })}`,
      );
      assert.equal(page_.pwned, undefined, 'no script from model text ran');
      assert.equal(page_.images, 0);
      assert.ok(
        page_.links.every((href) => /^#failure-\d+$/.test(href)),
        'links only to failures',
      );
      assert.equal(page_.styles, 1);
      assert.deepEqual(
        page_.scripts,
        ['application/json', 'inline'],
        'the data block and the charts',
      );
    },
  );
  await check('report page: cost and latency per prompt and model', async () => {
    const rows = await page.locator('table.costs tbody tr').allTextContents();
    assert.equal(rows.length, 2);
    assert.match(rows[0], /^greet\.promptlocal\/echo1\/333%\$0\.0000\d+\d+ ms\d+ ms\d+ ms/);
    assert.match(rows[1], /^greet\.promptlocal\/other2\/367%/);
  });
  await check(
    'report page: the trends charts are drawn, with label moves and a tooltip per run',
    async () => {
      const charts = page.locator('#trends-charts canvas');
      await page.waitForFunction(
        () => document.querySelectorAll('#trends-charts canvas').length >= 6,
        null,
        { timeout: 10_000 },
      );
      assert.equal(await charts.count(), 6, 'two series (each model) × three charts');
      for (let i = 0; i < 6; i++) {
        const ink = await inkedPixels(charts.nth(i));
        assert.ok(ink > 1_000, `chart ${i + 1} is drawn (${ink} pixels)`);
      }
      const headings = await page.locator('#trends-charts h3').allTextContents();
      assert.deepEqual(headings.map((h) => h.replace(/\s+/g, ' ')).sort(), [
        'greet.prompt local/echo',
        'greet.prompt local/other',
      ]);
      const echo = page.locator('#trends-charts section', { hasText: 'local/echo' });
      const moves = await echo.locator('ul.moves li').allTextContents();
      log(`report label moves on the chart: ${moves.join(' | ')}`);
      assert.equal(moves.length, 3);
      assert.ok(moves.some((m) => m.startsWith('↶ rollback: production')));
      const canvas = echo.locator('canvas').first();
      await canvas.scrollIntoViewIfNeeded();
      const box = await canvas.boundingBox();
      const tooltip = echo.locator('.tooltip').first();
      let text = '';
      for (let x = box.x + box.width - 12; x > box.x + 40 && !/run 3 of 3/.test(text); x -= 8) {
        await page.mouse.move(x, box.y + box.height / 2);
        if (await tooltip.isVisible()) text = (await tooltip.textContent()) ?? '';
      }
      log(`report trends tooltip: ${text}`);
      assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
      assert.match(text, /pass rate: 33%run 3 of 3 · local\/echocases: 1\/3 passed/);
      await page.screenshot({ path: path.join(out, 'report-trends.png') });
    },
  );
  await check('report page: the label history lists each move, newest first', async () => {
    const rows = await page.locator('table.labels tbody tr').allTextContents();
    log(`report label history: ${rows.join(' | ')}`);
    assert.equal(rows.length, 3);
    assert.match(
      rows[0],
      /greet\.promptproduction↶ rollback[0-9a-f]{7} → [0-9a-f]{7}Rita Reviewer/,
    );
    assert.match(rows[1], /▲ promotion[0-9a-f]{7} → [0-9a-f]{7}Rita Reviewer.*forced past/);
    assert.match(rows[2], /▲ promotion– → [0-9a-f]{7}/);
  });
  await check('report page: no network request, no CSP violation, no script error', async () => {
    assert.deepEqual(requests, ['/report.html'], 'only the page itself was loaded');
    const violations = await page.evaluate(() => globalThis.__violations);
    assert.deepEqual(violations, [], 'the CSP refused nothing (the chart script runs by its hash)');
    assert.deepEqual(errors, []);
  });
}

/** The report page's checks, for scripts/test-ui.js: `check(name, body)` counts and logs them. */
async function reportChecks({ check, log, root, out }) {
  const dir = await makeProject(root);
  const served = await serveFile(path.join(dir, 'report.html'));
  const browser = await launchBrowser({ width: 1280, height: 900 });
  const { context, page } = browser;
  const requests = [];
  const errors = [];
  // Every request the page makes: the page itself is answered, anything else is refused.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    requests.push(url.host === new URL(served.url).host ? url.pathname : url.href);
    return url.href === served.url ? route.continue() : route.abort();
  });
  await page.addInitScript(() => {
    globalThis.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      globalThis.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  try {
    await page.goto(served.url);
    await page.locator('h1', { hasText: 'PromptOps report' }).waitFor({ timeout: 10_000 });
    await checksOnPage(page, { check, log, out, requests, errors });
  } finally {
    await browser.close();
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { reportChecks };

if (require.main === module) {
  const ROOT = path.resolve(__dirname, '..');
  const OUT = path.join(ROOT, 'test-results', 'ui');
  fs.mkdirSync(OUT, { recursive: true });
  let passed = 0;
  let failed = 0;
  const log = (message) => console.log(`[report-ui] ${message}`);
  const check = async (name, body) => {
    try {
      await body();
      passed++;
      log(`✔ ${name}`);
    } catch (error) {
      failed++;
      log(`✘ ${name}\n${error instanceof Error ? error.stack : String(error)}`);
      throw error;
    }
  };
  reportChecks({ check, log, root: ROOT, out: OUT })
    .catch((error) => {
      if (!failed) log(`✘ ${error instanceof Error ? error.stack : String(error)}`);
      failed ||= 1;
    })
    .finally(() => {
      console.log(`report-ui: ${passed} passed, ${failed} failed`);
      process.exit(failed ? 1 : 0);
    });
}
