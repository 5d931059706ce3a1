#!/usr/bin/env bash
# Synthesizes every environment into cdktf.out/stacks/<env>/cdk.tf.json (or $S3_AUDIT_TRAIL_OUTDIR).
# All or nothing: the app writes into a fresh folder that replaces the output only when every stack
# synthesized, so a failed synth never leaves half-written or stale-but-plausible output behind.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1
out=${S3_AUDIT_TRAIL_OUTDIR:-cdktf.out}

fresh=$(mktemp -d "$out.tmp-XXXXXX")
trap 'rm -rf "$fresh"' EXIT
CDKTF_OUTDIR="$fresh" node -r @swc-node/register main.ts

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
