#!/usr/bin/env bash
# Install the npm packages the end-to-end tests run over the built site (package.json):
# axe-core (accessibility rules, injected into Chromium) and vnu-jar (the W3C Nu HTML checker,
# run with Debian's Java). Silent when node_modules already matches package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null; then
  echo "需要 npm：请先运行 scripts/setup-system.sh runtime test" >&2; exit 1
fi
stamp=node_modules/.installed
if [ -f "$stamp" ] && [ "$stamp" -nt package-lock.json ] && [ "$stamp" -nt package.json ]; then
  exit 0
fi
# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; Debian's is used instead.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
touch "$stamp"
