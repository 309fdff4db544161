// Writes docs/rules/<code>.md and docs/rules/README.md from the rules' metadata (run after `npm run compile-tests`).
const fs = require('node:fs');
const path = require('node:path');
const { RULES } = require('../out/src/core/lint/registry');
const { ruleDocPage, ruleIndexPage } = require('../out/src/core/lint/docs');

const dir = path.join(__dirname, '..', 'docs', 'rules');
fs.mkdirSync(dir, { recursive: true });
for (const file of fs.readdirSync(dir))
  if (/^PO\d{3}\.md$/.test(file)) fs.rmSync(path.join(dir, file));
for (const rule of RULES) fs.writeFileSync(path.join(dir, `${rule.code}.md`), ruleDocPage(rule));
fs.writeFileSync(path.join(dir, 'README.md'), ruleIndexPage(RULES));
console.log(`wrote ${RULES.length} rule pages to ${path.relative(process.cwd(), dir)}`);
