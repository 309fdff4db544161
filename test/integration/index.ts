// Entry point that VS Code's extension host loads (extensionTestsPath): runs every *.test.js here.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  return runTestsIn(__dirname);
}

/** Runs every *.test.js directly in `dir` (not in sub-folders, which are suites of their own). */
export function runTestsIn(dir: string): Promise<void> {
  // PROMPTOPS_TEST_GREP runs only the tests whose full title matches (for work on one area).
  const grep = process.env.PROMPTOPS_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec', grep });
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(dir, file));
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      // A plain closing line that CI reads, whatever the reporter printed above it.
      console.log(`integration: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
