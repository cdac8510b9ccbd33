#!/usr/bin/env bash
# The project's whole test run: the command the README gives and CI runs.
# Static checks, unit tests, the build, then integration tests against the real backend executable,
# a real Prometheus and a real Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

# Each step's time is printed when the next one starts (and the last one's at the end), for the README's CI figures.
step_name=''
step_started=$SECONDS
step() {
  if [ -n "$step_name" ]; then
    printf '(%s: %d s)\n' "$step_name" $((SECONDS - step_started))
  fi
  step_name="$*"
  step_started=$SECONDS
  printf '\n=== %s ===\n' "$*"
}

step typecheck
npx tsc --noEmit
step lint
npx eslint --cache .
step unit tests
npx jest --ci
step build
npm run build
step Grafana versions we claim
node scripts/grafana-compat.mjs
step plugin archive and the official plugin validator
node --test scripts/plugin-validator/
node scripts/plugin-validator/run.mjs "$(node scripts/package.mjs)"
step integration tests
npx jest --ci -c tests/jest.config.js
step Grafana SDK host
npx tsx tests/gohost/stack.ts -v
step browser tests
npx tsx tests/browser/run.ts
printf '(%s: %d s)\n(all steps: %d s)\n' "$step_name" $((SECONDS - step_started)) "$SECONDS"
