import { spawn } from 'node:child_process';

/** What a javascript check is given: inline code, or a file (and optionally the export to call). */
export type CodeJob =
  | { kind: 'inline'; code: string; output: string; context: unknown }
  | { kind: 'file'; file: string; exportName?: string; output: string; context: unknown };

export type CodeReply = { ok: true; result: unknown } | { ok: false; error: string };

export const CODE_TIMEOUT_MS = 10_000;

/**
 * The environment a check runs with: enough to run Node, nothing else. API keys (OPENAI_API_KEY,
 * a provider's apiKeyEnv, any token in the shell) are not passed, and a separate process cannot
 * read the parent's memory, as a worker thread could.
 */
const PASSED_ENV = [
  'PATH',
  'HOME',
  'USERPROFILE',
  'SYSTEMROOT',
  'TMPDIR',
  'TEMP',
  'TMP',
  'LANG',
  'TZ',
];

export function checkEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ELECTRON_RUN_AS_NODE: '1' };
  for (const name of PASSED_ENV) if (env[name] !== undefined) clean[name] = env[name];
  return clean;
}

/**
 * Runs in the child: builds the function (inline: promptfoo's rule, a one-line expression is
 * returned, several lines are a function body; a file: its default or named export), calls it
 * with (output, context) and sends back what it returned, or the message of what it threw.
 */
const CHILD = String.raw`
const reply = (m) => process.send(m, () => process.exit(0));
const body = (code) => {
  const t = code.trim().replace(/;+\s*$/, '');
  if (t.includes('\n')) return t;
  if (/^(const|let|var)\s/.test(t)) {
    const i = t.lastIndexOf(';');
    return i < 0 ? t : t.slice(0, i + 1) + ' return ' + t.slice(i + 1);
  }
  return 'return ' + t;
};
process.once('message', async (job) => {
  // Once the job is read the IPC channel no longer holds the process open: without this a check
  // awaiting a promise that never settles would exit quietly instead of meeting its time limit.
  setInterval(() => {}, 1 << 30);
  try {
    let fn;
    if (job.kind === 'inline') {
      fn = new Function('output', 'context', body(job.code));
    } else {
      const mod = await import(require('node:url').pathToFileURL(job.file).href);
      const root = mod.default !== undefined ? mod.default : mod;
      fn = job.exportName ? (mod[job.exportName] ?? (root && root[job.exportName])) : root;
      if (typeof fn !== 'function')
        throw new Error(job.file + (job.exportName ? ' has no function ' + job.exportName : ' does not export a function'));
    }
    const result = await fn(job.output, job.context);
    reply({ ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (e) {
    reply({ ok: false, error: e && e.message ? String(e.message) : String(e) });
  }
});
`;

/** Runs one check in its own Node process, killed after `timeoutMs`. */
export function runCode(job: CodeJob, timeoutMs = CODE_TIMEOUT_MS): Promise<CodeReply> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', CHILD], {
      env: checkEnv(),
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      windowsHide: true,
    });
    let stderr = '';
    let settled = false;
    const finish = (reply: CodeReply) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(reply);
    };
    const timer = setTimeout(
      () => finish({ ok: false, error: `did not finish within ${timeoutMs} ms` }),
      timeoutMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < 2000) stderr += chunk.toString('utf8');
    });
    child.on('message', (message) => finish(message as CodeReply));
    child.on('error', (error) => finish({ ok: false, error: error.message }));
    child.on('exit', (code) =>
      finish({
        ok: false,
        error: `the check's process exited (code ${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`,
      }),
    );
    child.send(job);
  });
}
