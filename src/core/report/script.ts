import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The report page's chart script (`dist/report.js`: Chart.js and the trends drawing), found by
 * walking up from this file, which is dist/ in the CLI bundle and out/src/core/report in tests.
 * Undefined when it is not there (a build without the browser bundles).
 */
export function bundledChartScript(from = __dirname): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const beside = path.join(dir, 'report.js');
    if (path.basename(dir) === 'dist' && fs.existsSync(beside))
      return fs.readFileSync(beside, 'utf8');
    const file = path.join(dir, 'dist', 'report.js');
    if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8');
    if (path.dirname(dir) === dir) return undefined;
  }
}
