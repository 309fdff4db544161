#!/usr/bin/env bash
# The main job, offline, on the bundled examples: install, build, lint the examples, run their
# evals from the committed recordings, hold them to the CI gate, then render every example with
# each fixture case.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-fund --no-audit --loglevel=error
npm run --silent build
cli() { node dist/cli.js "$@"; }
echo "── promptops lint examples"
cli lint examples
# The evals run in a copy of examples/, so the committed results stay as they are.
root="$(pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R examples "$work/examples"
echo "── promptops eval --replay (in a copy of examples/: offline, from the committed recordings)"
(cd "$work/examples" && node "$root/dist/cli.js" eval --replay)
echo "── promptops check (there: the CI gate on those results, no model called)"
(cd "$work/examples" && node "$root/dist/cli.js" check)
echo "── promptops compare summarize.prompt --variant terse --replay (base against its variant, offline)"
(cd "$work/examples" && node "$root/dist/cli.js" compare summarize.prompt --variant terse --replay)
for prompt in examples/*.prompt; do
  case "$(basename "$prompt")" in _*) continue ;; esac
  fixtures="${prompt%.prompt}.fixtures.yaml"
  # A variant (name.variant.prompt) shares its base's fixtures.
  [ -f "$fixtures" ] || fixtures="${prompt%%.*}.fixtures.yaml"
  for id in $(sed -n 's/^  - id: //p' "$fixtures"); do
    echo "── $prompt --case $id"
    cli render "$prompt" --case "$id" | node -e '
      const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
      for (const m of r.messages) console.log(`[${m.role}] ${m.content.map((p) => p.text ?? "").join("").trim().replace(/\n/g, "\n        ")}`);'
  done
done
echo "linted, evaluated, gated and rendered every example offline."
