// Writes schemas/*.schema.json from the zod schemas (run after `npm run compile-tests`).
const fs = require('node:fs');
const path = require('node:path');
const { contractSchemas } = require('../out/src/core/contracts');

const dir = path.join(__dirname, '..', 'schemas');
fs.mkdirSync(dir, { recursive: true });
for (const [name, schema] of Object.entries(contractSchemas()))
  fs.writeFileSync(path.join(dir, name), JSON.stringify(schema, null, 2) + '\n');
console.log(`wrote ${Object.keys(contractSchemas()).join(', ')} to schemas/`);
