#!/usr/bin/env bash
# Synthesizes every environment into cdktf.out/stacks/<env>/cdk.tf.json (or $S3_AUDIT_TRAIL_OUTDIR),
# running the app compiled by scripts/build.sh (type-checked; rebuilt only when a source changed).
# All or nothing: the app writes into a fresh folder that replaces the output only when every stack
# synthesized, so a failed synth never leaves half-written or stale-but-plausible output behind.
set -euo pipefail
# A relative definition path means the folder the user ran the command from (npm's INIT_CWD; the
# shell's own folder when run directly), not the project root this script moves to.
# Set but blank stays blank, for the app to refuse by name rather than read a folder.
case "${S3_AUDIT_TRAIL_ENVIRONMENTS:-}" in
  /*) ;;
  *[![:space:]]*) export S3_AUDIT_TRAIL_ENVIRONMENTS="${INIT_CWD:-$PWD}/${S3_AUDIT_TRAIL_ENVIRONMENTS#./}" ;;
esac
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
out=${S3_AUDIT_TRAIL_OUTDIR:-cdktf.out}

bash scripts/build.sh

fresh=$(mktemp -d "$out.tmp-XXXXXX")
trap 'rm -rf "$fresh"' EXIT
# mktemp makes it private (0700); the output is shared like any other build output: 0777 minus the umask.
chmod "$(printf '%o' $((0777 & ~0$(umask))))" "$fresh"
CDKTF_OUTDIR="$fresh" node .build/main.js

# Keep each stack's provider install and lock file, so `terraform init` need not run again.
for stack in "$fresh"/stacks/*/; do
  old="$out/stacks/$(basename "$stack")"
  for kept in .terraform .terraform.lock.hcl; do
    if [ -e "$old/$kept" ]; then mv "$old/$kept" "$stack"; fi
  done
done
rm -rf "$out"
mv "$fresh" "$out"
trap - EXIT
echo "Synthesized into $out/stacks: $(cd "$out/stacks" && echo *)"
