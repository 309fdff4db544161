#!/usr/bin/env bash
# Every test, on a fresh machine: installs what it needs (npm and apt only), then runs
#   1. lint (incl. the rule that keeps vscode out of src/core) and strict type checking,
#   2. unit tests of the core under plain Node,
#   3. the mocha suite inside a real VS Code (code-server),
#   4. UI tests in headless Chromium against the packaged extension,
# and runs the CI gate (promptops check) on examples/.
# Ends with one line "all: N passed, M failed". This is what .ci/run calls.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
results=test-results
step() { printf '\n=== %s (%d s)\n' "$*" $((SECONDS - start)); }
count() { grep -Eo "$2" "$1" | tail -1; }

step "install npm dependencies"
npm ci --no-fund --no-audit --loglevel=error
# In CI the real VS Code is installed into a fresh, empty folder every run (npm's download cache
# may stay warm), so an install step that fails on a new machine fails here too.
if [ "${CI:-}" = true ]; then
  PROMPTOPS_VSCODE_CACHE="$(mktemp -d "${TMPDIR:-/tmp}/promptops-vscode-ci.XXXXXX")"
  export PROMPTOPS_VSCODE_CACHE
  trap 'rm -rf "$PROMPTOPS_VSCODE_CACHE"' EXIT
fi
step "install a real VS Code for tests (into \${PROMPTOPS_VSCODE_CACHE:-~/.cache/promptops-vscode})"
bash scripts/install-real-vscode.sh
mkdir -p "$results"

step "build, type check, lint, format, architecture (no function over 80 lines, no runtime import cycle)"
npm run --silent build
npx tsc -p .
npx tsc -p tsconfig.webview.json
npx eslint .
npm run --silent format:check
npm run --silent lint:arch

step "unit tests (plain Node)"
# --test-timeout: a hang fails instead of blocking the run. Node applies it to each test file as
# well, and ci/package.test.ts (npm pack + npm i -g) takes about 70 s alone on a loaded machine.
node --test --test-timeout=300000 --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$results/unit.tap" out/test/unit/
unit_pass=$(count "$results/unit.tap" '^# pass [0-9]+' | grep -Eo '[0-9]+')
unit_fail=$(count "$results/unit.tap" '^# fail [0-9]+' | grep -Eo '[0-9]+')

step "the CI gate on the bundled examples (promptops check, no model called)"
node dist/cli.js check examples

step "tests inside a real VS Code"
node scripts/test-integration.js 2>&1 | tee "$results/integration.log"
# One line per suite (trusted, untrusted): add them up.
read -r int_pass int_fail < <(grep -Eo 'integration: [0-9]+ passed, [0-9]+ failed' "$results/integration.log" | awk '{p += $2; f += $4} END {print p + 0, f + 0}')

step "package the extension (.vsix)"
npm run --silent package
step "UI tests in headless Chromium"
node scripts/test-ui.js 2>&1 | tee "$results/ui.log"
read -r ui_pass ui_fail < <(grep -Eo 'ui: [0-9]+ passed, [0-9]+ failed' "$results/ui.log" | tail -1 | grep -Eo '[0-9]+' | xargs)

step "done"
echo "unit: $unit_pass passed, $unit_fail failed"
echo "integration: $int_pass passed, $int_fail failed"
echo "ui: $ui_pass passed, $ui_fail failed"
echo "wall time: $((SECONDS - start)) s"
echo "all: $((unit_pass + int_pass + ui_pass)) passed, $((unit_fail + int_fail + ui_fail)) failed"
