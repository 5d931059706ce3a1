#!/usr/bin/env bash
# usage: bash scripts/with-node.sh <major> <command...>
# Runs a command (npm run test:unit, say) with another major version of Node first on PATH, taken
# from the Node binary packages the npm registry carries (node-<platform>-<arch>, the same binaries
# nodejs.org ships), installed once into .node/<major> (git-ignored). No nvm, no download from
# anywhere but the registry npm already uses.
set -euo pipefail
cd "$(dirname "$0")/.."
major=${1:?usage: bash scripts/with-node.sh <major> <command...>}
shift
case "$(uname -s)" in
  Linux) platform=linux ;;
  Darwin) platform=darwin ;;
  *) echo "with-node: no Node binary package for $(uname -s); install Node $major yourself" >&2; exit 2 ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "with-node: no Node binary package for $(uname -m)" >&2; exit 2 ;;
esac
package="node-$platform-$arch"
prefix=".node/$major"
bin="$prefix/node_modules/$package/bin"
if [ ! -x "$bin/node" ]; then
  echo "with-node: installing $package@$major into $prefix" >&2
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock "$package@$major" >&2
fi
export PATH="$PWD/$bin:$PATH"
echo "with-node: $(node --version) from $bin" >&2
exec "$@"
