#!/usr/bin/env bash
# The body of the PromptOps GitHub Action (action.yml at the repository root). The runner hands
# the action's inputs over as the INPUT_* variables action.yml sets, and provides GITHUB_WORKSPACE,
# GITHUB_STEP_SUMMARY, GITHUB_OUTPUT and, on pull requests, GITHUB_BASE_REF.
# test/unit/ci/action.test.ts runs this script the same way, since the runner cannot run here.
set -euo pipefail

command="${INPUT_COMMAND:-check}"
paths="${INPUT_PATHS:-.}"
baseline="${INPUT_BASELINE:-}"
require_live="${INPUT_REQUIRE_LIVE:-false}"
version="${INPUT_VERSION:-latest}"
reports="${INPUT_REPORTS:-promptops-reports}"

fail_usage() {
  echo "::error title=PromptOps::$1"
  exit 2
}
case "$command" in check | eval-check) ;; *) fail_usage "command must be check or eval-check, not '$command'" ;; esac
case "$require_live" in true | false) ;; *) fail_usage "require-live must be true or false, not '$require_live'" ;; esac

# Paths are relative to the repository checkout, as in the workflow file.
cd "${GITHUB_WORKSPACE:-$PWD}"

# A version from the registry (latest, 0.2.0, a dist-tag), or a tarball from `npm pack`.
case "$version" in
  *.tgz) spec="$(cd "$(dirname "$version")" && pwd)/$(basename "$version")" ;;
  *) spec="promptops@$version" ;;
esac
echo "::group::Install $spec"
npm install --global --no-fund --no-audit --loglevel=error "$spec"
echo "::endgroup::"
cli="$(npm prefix --global)/bin/promptops"
installed="$("$cli" --version)"
echo "PromptOps $installed"

# The baseline: a folder or git ref as given; 'pr-base' is the pull request's base branch.
if [ "$baseline" = pr-base ]; then
  if [ -n "${GITHUB_BASE_REF:-}" ]; then baseline="origin/$GITHUB_BASE_REF"; else baseline=""; fi
fi

cd "${INPUT_WORKING_DIRECTORY:-.}"
read -r -a targets <<<"$paths"
mkdir -p "$reports"
status=0
if [ "$command" = eval-check ]; then
  echo "::group::promptops eval ${targets[*]}"
  eval_status=0
  "$cli" eval "${targets[@]}" --junit "$reports/evals.xml" || eval_status=$?
  echo "::endgroup::"
  # 1 means a case failed: the gate below says whether that matters. 2 is a usage error.
  if [ "$eval_status" -ge 2 ]; then exit "$eval_status"; fi
fi

args=("${targets[@]}" --junit "$reports/gate.xml")
if [ -n "$baseline" ]; then args+=(--baseline "$baseline"); fi
if [ "$require_live" = true ]; then args+=(--require-live); fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  printf '## PromptOps %s\n\n`promptops %s %s`\n\n' "$installed" "$command" "${args[*]}" >>"$GITHUB_STEP_SUMMARY"
fi
# check appends its own Markdown table to $GITHUB_STEP_SUMMARY.
"$cli" check "${args[@]}" | tee "$reports/gate.txt" || status=${PIPESTATUS[0]}

# The reviewers' page (results matrix, failures, cost, trends, labels), uploaded with the reports.
# It is written whatever the gate said; a report that cannot be written does not hide the verdict.
"$cli" report "${targets[@]}" --out "$reports/report.html" ||
  echo "::warning title=PromptOps::promptops report could not write $reports/report.html"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$reports/report.html" ]; then
  printf '\nThe report page for reviewers is `%s/report.html` in the job'"'"'s artifact.\n' "$reports" >>"$GITHUB_STEP_SUMMARY"
fi

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "version=$installed"
    echo "passed=$([ "$status" -eq 0 ] && echo true || echo false)"
    echo "reports=$reports"
  } >>"$GITHUB_OUTPUT"
fi
exit "$status"
