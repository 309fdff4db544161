// UI tests: what a person sees in a real VS Code (code-server) with the packaged .vsix installed,
// driven by headless Chromium. Screenshots go to test-results/ui/.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { copyWorkspace, installVsix, launchBrowser, startCodeServer } = require('./lib/code-server');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'test-results', 'ui');
const VSIX = path.join(ROOT, 'promptops.vsix');
const started = Date.now();
const log = (message) =>
  console.log(`[ui ${((Date.now() - started) / 1000).toFixed(1)}s] ${message}`);

let passed = 0;
let failed = 0;
async function check(name, body) {
  try {
    await body();
    passed++;
    log(`✔ ${name}`);
  } catch (error) {
    failed++;
    log(`✘ ${name}\n${error instanceof Error ? error.stack : String(error)}`);
    throw error; // later checks build on earlier ones
  }
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`>${label}`);
  await page
    .locator('.quick-input-list .monaco-list-row', { hasText: label })
    .first()
    .waitFor({ timeout: 10_000 });
  await page.keyboard.press('Enter');
}

/** Every token the editor shows on screen, with its computed colour. */
function tokenColours(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('.monaco-editor .view-lines .view-line span span')].map(
      (span) => ({
        text: (span.textContent ?? '').replace(/\u00a0/g, ' '),
        color: getComputedStyle(span).color,
      }),
    ),
  );
}

async function main() {
  assert.ok(fs.existsSync(VSIX), `${VSIX} exists (npm run package builds it)`);
  fs.mkdirSync(OUT, { recursive: true });
  const workspace = copyWorkspace(path.join(ROOT, 'examples'));
  // A prompt whose cases run against a loopback OpenAI-compatible server: Ada passes, Bob fails.
  const { startFakeOpenAI, lastUserText } = require('../out/test/support/openai-server');
  const model = await startFakeOpenAI((request) => {
    const who = lastUserText(request.body)
      .trim()
      .replace(/^Say hello to |\.$/g, '');
    if (request.body.model === 'other')
      return { text: `hi ${who} <script>alert(1)</script>`, delayMs: 50 };
    return { text: who === 'Bob' ? 'hello bob' : `Hello ${who}!`, delayMs: 150 };
  });
  fs.writeFileSync(
    path.join(workspace, 'promptops.config.yaml'),
    `providers:\n  - name: local\n    baseURL: ${model.baseURL}\n`,
  );
  fs.writeFileSync(
    path.join(workspace, 'greet.prompt'),
    '---\nmodel: local/echo\ninput:\n  schema:\n    name: string\n---\nSay hello to {{name}}.\n',
  );
  fs.writeFileSync(
    path.join(workspace, 'greet.fixtures.yaml'),
    'cases:\n  - id: hello-ada\n    input: { name: Ada }\n    assert:\n      - type: contains\n        value: Ada\n  - id: hello-bob\n    input: { name: Bob }\n    assert:\n      - type: equals\n        value: Hello Bob!\n',
  );
  // A prompt with problems for the Problems panel: a misspelt variable and an e-mail address.
  fs.writeFileSync(
    path.join(workspace, 'needs-work.prompt'),
    '---\ninput:\n  schema:\n    customer: string\n---\nHello {{custmer}}.\nWrite to ada.lovelace@fastmail.com.\n',
  );
  const tmp = fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'promptops-ui-'));
  const extensionsDir = path.join(tmp, 'extensions');
  installVsix(VSIX, extensionsDir, tmp);
  log('vsix installed');
  const server = await startCodeServer({
    extensionsDir,
    tmp,
    userSettings: {
      'workbench.colorTheme': 'Default Dark Modern',
      'editor.fontSize': 14,
      'outline.collapseItems': 'alwaysCollapse',
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
      'editor.minimap.enabled': false,
    },
  });
  const browser = await launchBrowser();
  const { page } = browser;
  let ok = false;
  try {
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    const row = page.locator('.explorer-folders-view .monaco-list-row', {
      hasText: 'triage.prompt',
    });
    await row.first().waitFor({ timeout: 60_000 });
    log('workbench ready');

    await check('opening an example shows it as a Dotprompt file', async () => {
      await row.first().dblclick();
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'triage assistant' })
        .waitFor({ timeout: 30_000 });
      await page
        .locator('#status\\.editor\\.mode', { hasText: 'Dotprompt' })
        .waitFor({ timeout: 30_000 });
    });

    await check('role markers and variables are coloured differently from plain text', async () => {
      // Tokenisation is asynchronous: wait until the role keyword has a colour of its own.
      let tokens = [];
      const deadline = Date.now() + 30_000;
      const colourOf = (text) => tokens.find((t) => t.text === text)?.color;
      // In the body, not the frontmatter: the token right after a `{{`.
      const bodyColourOf = (text) =>
        tokens.find((t, i) => t.text === text && tokens[i - 1]?.text.endsWith('{{'))?.color;
      const plainOf = () =>
        tokens.find((t) => t.text.includes('You are the triage assistant'))?.color;
      while (Date.now() < deadline) {
        tokens = await tokenColours(page);
        if (colourOf('role') && plainOf() && colourOf('role') !== plainOf()) break;
        await page.waitForTimeout(250);
      }
      const colours = {
        role: colourOf('role'),
        roleName: colourOf('"system"') ?? colourOf('"'),
        variable: bodyColourOf('subject'),
        partial: colourOf('house-style'),
        plain: plainOf(),
      };
      log(`colours: ${JSON.stringify(colours)}`);
      assert.ok(colours.plain, 'plain text is on screen');
      assert.ok(
        colours.role && colours.variable && colours.partial,
        'role, variable and partial tokens are on screen',
      );
      assert.notEqual(colours.role, colours.plain, 'the role marker stands out from plain text');
      assert.notEqual(colours.variable, colours.plain, 'variables stand out from plain text');
      assert.notEqual(colours.role, colours.variable, 'role markers and variables differ');
      assert.notEqual(colours.partial, colours.plain, 'partials stand out from plain text');
      await page.screenshot({ path: path.join(OUT, 'triage-colours.png') });
    });

    await check('the preview command renders the prompt beside the editor', async () => {
      await runCommand(page, 'PromptOps: Open Rendered Preview to the Side');
      await page
        .locator('.monaco-editor .view-lines', { hasText: '━━ system ━━' })
        .waitFor({ timeout: 30_000 });
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'Subject: Charged twice this month' })
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(OUT, 'preview.png') });
    });

    await check('the outline shows the frontmatter and each message', async () => {
      await runCommand(page, 'Explorer: Focus on Outline View');
      const outline = page.locator('.outline-pane, [id="outline"]').first();
      await outline.waitFor({ timeout: 20_000 });
      // The outline follows the active editor: bring the prompt back to the front.
      await page.locator('.tabs-container .tab', { hasText: 'triage.prompt' }).first().click();
      const outlineRows = page.locator('.outline-pane .monaco-list-row');
      for (const name of ['frontmatter', 'system', 'user']) {
        await outlineRows
          .filter({ hasText: new RegExp(`^\\s*${name}`) })
          .first()
          .waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: path.join(OUT, 'outline.png') });
    });
    await check('lint problems appear in the Problems panel and as squiggles', async () => {
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'needs-work.prompt' })
        .first()
        .dblclick();
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'Hello' })
        .first()
        .waitFor({ timeout: 30_000 });
      await runCommand(page, 'View: Focus Problems (Errors, Warnings, Infos)');
      const panel = page.locator('.markers-panel');
      await panel
        .locator('.monaco-list-row', {
          hasText: "'custmer' is not declared in the input schema; did you mean 'customer'?",
        })
        .first()
        .waitFor({ timeout: 30_000 });
      await panel
        .locator('.monaco-list-row', { hasText: 'E-mail address in a prompt' })
        .first()
        .waitFor({ timeout: 30_000 });
      const rows = (await panel.locator('.monaco-list-row').allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ' '),
      );
      log(`problems: ${rows.join(' | ')}`);
      assert.ok(
        rows.some((r) => r.includes('PO201')),
        'the rule code is shown',
      );
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 20_000 });
      await page.screenshot({ path: path.join(OUT, 'problems.png') });
    });
    await check(
      'clicking ▶ Run runs the cases; the Test Explorer and the fixture file show the results',
      async () => {
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: 'greet.prompt' })
          .first()
          .dblclick();
        const lens = page.locator('.codelens-decoration a', { hasText: '▶ Run 2 cases' }).first();
        await lens.waitFor({ timeout: 30_000 });
        await lens.click();
        await page
          .locator('.codelens-decoration a', { hasText: '✗ 1/2' })
          .first()
          .waitFor({ timeout: 30_000 });
        assert.equal(model.requests.length, 2, 'both cases went to the model');
        // The finished run says what failed, with a way to it.
        const toast = page
          .locator('.notification-toast', { hasText: '1 of 2 cases failed' })
          .first();
        await toast.waitFor({ timeout: 20_000 });
        await toast
          .locator('.monaco-button', { hasText: 'Show failures' })
          .first()
          .waitFor({ timeout: 5_000 });
        await page.screenshot({ path: path.join(OUT, 'run-finished.png') });
        const openTesting = () =>
          page.locator('.activitybar .action-label.codicon-test-view-icon').first().click();
        await openTesting();
        const tree = page.locator('.test-explorer');
        await tree.waitFor({ timeout: 20_000 });
        // Expand workspace → prompt so the case rows are visible (a row click selects; the twistie
        // expands). Children render a moment after a click: wait for each row, never for a fixed time.
        const greetRow = tree.locator('.monaco-list-row', { hasText: 'greet.prompt' }).first();
        for (let i = 0; i < 40 && !(await greetRow.isVisible()); i++) {
          const twistie = tree.locator('.monaco-tl-twistie.collapsible.collapsed').first();
          if (await twistie.count()) await twistie.click();
          await page.waitForTimeout(250);
        }
        await greetRow.waitFor({ timeout: 20_000 });
        const greetTwistie = greetRow.locator('.monaco-tl-twistie.collapsible.collapsed');
        if (await greetTwistie.count()) await greetTwistie.click();
        await tree
          .locator('.monaco-list-row', { hasText: 'hello-ada' })
          .first()
          .waitFor({ timeout: 20_000 });
        await tree
          .locator('.monaco-list-row', { hasText: 'hello-bob' })
          .first()
          .waitFor({ timeout: 20_000 });
        const passed = await tree.locator('.codicon-testing-passed-icon').count();
        const failed = await tree.locator('.codicon-testing-failed-icon').count();
        log(`Test Explorer: ${passed} passed icon(s), ${failed} failed icon(s)`);
        assert.ok(passed >= 1 && failed >= 1, 'pass and fail states are shown');
        await page.screenshot({ path: path.join(OUT, 'test-explorer.png') });
        await page.locator('.activitybar .action-label.codicon-explorer-view-icon').first().click();
        await page
          .locator('.explorer-folders-view .monaco-list-row', { hasText: 'greet.fixtures.yaml' })
          .first()
          .dblclick();
        await page
          .locator('.codelens-decoration a', { hasText: /^✓ \d+ ms/ })
          .first()
          .waitFor({ timeout: 20_000 });
        await page
          .locator('.codelens-decoration a', { hasText: /^✗ \d+ ms/ })
          .first()
          .waitFor({ timeout: 20_000 });
        // The gutter marks and the after-line results render a moment after the lenses: poll for
        // them (until a deadline), never wait a fixed time.
        const readMarks = () =>
          page.evaluate(() => {
            const editor = [...document.querySelectorAll('.monaco-editor')].find((e) =>
              e.textContent?.includes('hello-bob'),
            );
            if (!editor) return { glyphs: [], after: [] };
            const glyphs = [
              ...editor.querySelectorAll(
                '.glyph-margin-widgets > div, .margin-view-overlays > div > div',
              ),
            ]
              .map((e) => e.className)
              .filter((c) => /testing-(passed|failed)-icon/.test(c));
            const after = [...editor.querySelectorAll('.view-lines span')]
              .map((e) => getComputedStyle(e, '::after').content)
              .filter((c) => /[✓✗]/.test(c));
            return { glyphs, after };
          });
        const marksShown = (marks) =>
          marks.glyphs.some((c) => c.includes('passed')) &&
          marks.glyphs.some((c) => c.includes('failed')) &&
          marks.after.some((c) => /✓ \d+ ms/.test(c)) &&
          marks.after.some((c) => /✗ \d+ ms/.test(c));
        const marksDeadline = Date.now() + 20_000;
        let dom = await readMarks();
        while (!marksShown(dom) && Date.now() < marksDeadline) {
          await page.waitForTimeout(250);
          dom = await readMarks();
        }
        log(`fixture file marks: ${JSON.stringify(dom)}`);
        assert.ok(
          dom.glyphs.some((c) => c.includes('passed')) &&
            dom.glyphs.some((c) => c.includes('failed')),
          'a pass and a fail mark in the gutter',
        );
        assert.ok(
          dom.after.some((c) => /✓ \d+ ms/.test(c)) && dom.after.some((c) => /✗ \d+ ms/.test(c)),
          'the result after each case line',
        );
        await page.screenshot({ path: path.join(OUT, 'eval-run.png') });
      },
    );
    await check('the compare view shows two models side by side, outputs as text', async () => {
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'greet.prompt' })
        .first()
        .dblclick();
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'Say hello to' })
        .first()
        .waitFor({ timeout: 20_000 });
      await runCommand(page, 'PromptOps: Compare Models…');
      for (const model of ['local/echo', 'local/other']) {
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(model);
        await page.keyboard.press('Enter');
        // The next input box (or none) replaces this one: wait until the typed model is gone.
        await page.waitForFunction(
          (typed) => {
            const widget = document.querySelector('.quick-input-widget');
            const box = widget?.querySelector('input');
            return !widget || widget.style.display === 'none' || !box || box.value !== typed;
          },
          model,
          { timeout: 10_000 },
        );
      }
      let frame = null;
      for (let i = 0; i < 60 && !frame; i++) {
        for (const f of page.frames()) {
          const text = await f
            .locator('#root')
            .textContent({ timeout: 200 })
            .catch(() => null);
          if (text && text.includes('hello-bob') && text.includes('local/other')) frame = f;
        }
        if (!frame) await page.waitForTimeout(500);
      }
      assert.ok(frame, 'the compare webview rendered the comparison');
      await frame
        .locator('pre', { hasText: '<script>alert(1)</script>' })
        .first()
        .waitFor({ timeout: 10_000 });
      // VS Code injects its own scripts into webviews; none may carry the model's output.
      assert.equal(
        await frame.evaluate(() =>
          [...document.scripts].some((s) => (s.textContent ?? '').includes('alert(1)')),
        ),
        false,
        'model output never became a script element',
      );
      await frame.locator('button', { hasText: 'changed' }).first().click();
      await page.screenshot({ path: path.join(OUT, 'compare.png') });
    });
    await check('the trends view draws charts with dates, and a tooltip per run', async () => {
      await runCommand(page, 'PromptOps: Show Trends');
      let frame = null;
      const deadline = Date.now() + 30_000;
      while (!frame && Date.now() < deadline) {
        for (const f of page.frames()) {
          const count = await f
            .locator('#runs canvas')
            .count()
            .catch(() => 0);
          if (count >= 3) frame = f;
        }
        if (!frame) await page.waitForTimeout(250);
      }
      assert.ok(frame, 'the trends webview drew its charts (three canvases a series)');
      const heading = await frame.locator('#runs h2').first().textContent();
      assert.match(heading ?? '', /greet\.prompt\s*local\/echo/);
      const captions = await frame.locator('#runs figcaption').allTextContents();
      assert.deepEqual(
        captions.slice(0, 3).map((c) => c.replace(/:.*/, '')),
        ['pass rate', 'cost', 'latency p95'],
      );
      // Hover the pass-rate chart across its width until the tooltip shows a run.
      const canvas = frame.locator('#runs canvas').first();
      const box = await canvas.boundingBox();
      assert.ok(box, 'the chart is on screen');
      const tooltip = frame.locator('#runs .tooltip').first();
      let text = '';
      for (let x = box.x + 40; x < box.x + box.width && !text; x += 10) {
        await page.mouse.move(x, box.y + box.height / 2);
        if (await tooltip.isVisible().catch(() => false))
          text = (await tooltip.textContent()) ?? '';
      }
      log(`trends tooltip: ${text}`);
      assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/, 'the run date');
      assert.match(text, /pass rate: 50%/);
      assert.match(text, /run \d+ of \d+ · local\/echo/);
      assert.match(text, /cases: 1\/2 passed/);
      await page.screenshot({ path: path.join(OUT, 'trends.png') });
    });
    await check(
      'the Prompts view lists a label, and its Promote action moves another one',
      async () => {
        // Make the workspace a repository with a labelled prompt, as the CLI would.
        const { execFileSync } = require('node:child_process');
        const git = (...args) =>
          execFileSync('git', args, { cwd: workspace, stdio: 'pipe', encoding: 'utf8' }).trim();
        const cli = (...args) =>
          execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), ...args], {
            cwd: workspace,
            stdio: 'pipe',
            encoding: 'utf8',
          });
        // Bob's case fails: this team's gate lets half the cases fail, so the version may be labelled.
        fs.appendFileSync(
          path.join(workspace, 'promptops.config.yaml'),
          'gate:\n  minPassRate: 0.5\n',
        );
        git('init', '-q');
        git('-c', 'user.name=UI Test', '-c', 'user.email=ui@example.com', 'add', '-A');
        git(
          '-c',
          'user.name=UI Test',
          '-c',
          'user.email=ui@example.com',
          'commit',
          '-qm',
          'greetings',
        );
        const rev = git('rev-parse', '--short=7', 'HEAD');
        try {
          cli('eval', 'greet.prompt');
        } catch {
          // Bob's case fails (exit 1); the artifact is written all the same
        }
        cli('label', 'greet.prompt', 'production');
        await runCommand(page, 'Focus on Prompts View');
        const header = page.locator('.pane-header', { hasText: 'Prompts' }).first();
        await header.waitFor({ timeout: 20_000 });
        if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
        const pane = page
          .locator('.pane', { has: page.locator('.pane-header', { hasText: 'Prompts' }) })
          .first();
        await pane
          .locator('.action-label[aria-label="Refresh Prompts"]')
          .first()
          .click({ timeout: 10_000 })
          .catch(() => header.hover());
        const greet = pane.locator('.monaco-list-row', { hasText: 'greet' }).first();
        await greet.waitFor({ timeout: 20_000 });
        if ((await greet.getAttribute('aria-expanded')) !== 'true')
          await greet.locator('.monaco-tl-twistie').click();
        const production = pane.locator('.monaco-list-row', { hasText: 'production' }).first();
        await production.waitFor({ timeout: 20_000 });
        assert.match(
          await production.textContent(),
          new RegExp(`production\\s*${rev} · 50% · \\$0\\.0000`),
        );
        // The version row's inline Promote action: pick a new label name.
        // The version row leads with its figures, then the commit subject.
        const version = pane
          .locator('.monaco-list-row', { hasText: new RegExp(`^\\s*${rev} · .*greetings`) })
          .first();
        await version.hover();
        await version.locator('.action-label[aria-label="Promote to Label…"]').click();
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await page
          .locator('.quick-input-list .monaco-list-row', { hasText: 'staging' })
          .first()
          .click();
        // The gate lets Bob's failure through, so the editor asks first, naming it (issue 20).
        const dialog = page.locator('.monaco-dialog-box', { hasText: 'did not pass (hello-bob)' });
        await dialog.waitFor({ timeout: 20_000 });
        await page.screenshot({ path: path.join(OUT, 'promote-confirm.png') });
        await dialog.locator('.monaco-button', { hasText: 'Promote Anyway' }).first().click();
        await pane
          .locator('.monaco-list-row', { hasText: 'staging' })
          .first()
          .waitFor({ timeout: 20_000 });
        assert.match(
          fs.readFileSync(path.join(workspace, 'promptops.registry.yaml'), 'utf8'),
          /staging:\n\s+rev: [0-9a-f]{40}/,
        );
        await page.screenshot({ path: path.join(OUT, 'prompts-view.png') });
      },
    );

    // editor20 (issue 20): the preview in a narrow pane; marks of what the input lacks.
    await check('a narrow preview wraps a template error and marks a missing value', async () => {
      const file = path.join(workspace, 'unclosed.prompt');
      const head =
        '---\ninput:\n  schema: { name: string, tone?: string }\n  default: { name: Ada }\n---\n';
      fs.writeFileSync(
        file,
        `${head}Write to {{name}} in a {{tone}} tone.\n{{#if tone}}\nBe {{tone}}.\n`,
      );
      await page.setViewportSize({ width: 900, height: 800 });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('unclosed.prompt');
      await page
        .locator('.quick-input-list .monaco-list-row', { hasText: 'unclosed.prompt' })
        .first()
        .waitFor({ timeout: 20_000 });
      await page.keyboard.press('Enter');
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'in a {{tone}} tone' })
        .first()
        .waitFor({ timeout: 20_000 });
      await runCommand(page, 'PromptOps: Open Rendered Preview to the Side');
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'is never closed' })
        .first()
        .waitFor({ timeout: 30_000 });
      // Every line of the preview ends inside its pane: nothing is cut off at the right edge.
      const overflow = await page.evaluate(() => {
        const editor = [...document.querySelectorAll('.monaco-editor')].find((e) =>
          (e.querySelector('.view-lines')?.textContent ?? '')
            .replace(/\u00a0/g, ' ')
            .includes('Cannot render'),
        );
        const pane = editor?.querySelector('.monaco-scrollable-element')?.getBoundingClientRect();
        if (!editor || !pane) return ['no preview editor'];
        return [...editor.querySelectorAll('.view-line')]
          .filter((line) => {
            const spans = [...line.querySelectorAll('span span')];
            return spans.some((span) => span.getBoundingClientRect().right > pane.right + 1);
          })
          .map((line) => line.textContent);
      });
      assert.deepEqual(overflow, [], `lines cut off at the pane's edge: ${overflow.join(' | ')}`);
      const text = await page
        .locator('.monaco-editor .view-lines', { hasText: 'is never closed' })
        .first()
        .innerText();
      assert.match(text.replace(/\s+/g, ' '), /`\{\{#if\}\}` opened on line 7 is never closed/);
      await page.screenshot({ path: path.join(OUT, 'preview-narrow-error.png') });
      // Closed: the preview follows, and the value the input lacks is marked.
      fs.writeFileSync(
        file,
        `${head}Write to {{name}} in a {{tone}} tone.\n{{#if tone}}\nBe {{tone}}.\n{{/if}}\n`,
      );
      await page
        .locator('.monaco-editor .view-lines', { hasText: 'in a ⟨tone: missing⟩ tone' })
        .first()
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(OUT, 'preview-narrow-marks.png') });
    });
    ok = true;
  } finally {
    await model.close();
    if (!ok) await page.screenshot({ path: path.join(OUT, 'failure.png') }).catch(() => {});
    await browser.close();
    await server.stop({ keep: !ok });
    fs.rmSync(workspace, { recursive: true, force: true });
    if (!ok) log(`code-server files kept in ${tmp}`);
  }
}

main()
  .catch(() => {
    if (failed === 0) failed = 1;
  })
  .finally(() => {
    console.log(`ui: ${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  });
