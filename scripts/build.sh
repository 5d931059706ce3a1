#!/usr/bin/env bash
# Compiles the synth app (main.ts and what it imports) into .build/ with tsc: type-checked, incremental.
# Synth and cdktf.json's app run it first. When no source, config or lock file changed since the last
# successful build, it returns at once without starting tsc (which costs a third of a second even to
# find nothing to do). A failed build leaves no stamp, so the next run type-checks again, never runs
# stale output.
set -euo pipefail
cd "$(dirname "$0")/.."
build=.build
stamp=$build/.built
config=scripts/tsconfig.build.json

up_to_date() {
  # Directories count too: adding, removing or renaming a file changes its folder's time.
  [ -e "$stamp" ] && [ -z "$(find main.ts stacks modules tsconfig.json scripts/tsconfig.build.json package-lock.json -newer "$stamp" -print -quit)" ]
}
up_to_date && exit 0

# Concurrent synths (the tests run several) must not write the same output at once: one builds, the
# others wait and then find it up to date. mkdir is atomic; a lock whose builder died is taken over.
mkdir -p "$build"
lock=$build/.lock
until mkdir "$lock" 2>/dev/null; do
  holder=$(cat "$lock/pid" 2>/dev/null || true)
  if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$lock"; continue; fi
  sleep 0.1
done
echo $$ >"$lock/pid"
trap 'rm -rf "$lock"' EXIT

up_to_date && exit 0
# Stamped with the time the build started: a file saved while tsc runs is newer, so it is built next time.
rm -f "$stamp"
touch "$stamp.next"
node node_modules/typescript/bin/tsc -b "$config"
mv "$stamp.next" "$stamp"
