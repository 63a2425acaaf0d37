#!/usr/bin/env bash
# Regenerates the typed cdk8s bindings for MetalLB (imports/metallb.io.ts) from the CRDs in
# ../shared/crds/metallb (relative to the repository root). Offline: uses the pinned cdk8s-cli from
# node_modules on local files only.
#
# All CRDs of the metallb.io group are concatenated into ONE multi-document YAML and imported once:
# `cdk8s import` names its output after the API group, so importing the CRDs one by one would leave
# only the last one in imports/metallb.io.ts.
#
# Usage:
#   scripts/import-crds.sh           regenerate imports/metallb.io.ts
#   scripts/import-crds.sh --check   fail (exit 1) if imports/metallb.io.ts is not what the CRDs give
#
# Environment: SHARED_DIR overrides the location of the shared folder (default: <repo>/../shared).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
shared="${SHARED_DIR:-$repo/../shared}"
crd_dir="$shared/crds/metallb"
cdk8s="$repo/node_modules/.bin/cdk8s"
target="$repo/imports/metallb.io.ts"

mode=write
case "${1:-}" in
  "") ;;
  --check) mode=check ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

[ -x "$cdk8s" ] || { echo "error: $cdk8s not found (run npm ci)" >&2; exit 1; }
[ -d "$crd_dir" ] || { echo "error: CRD folder $crd_dir not found" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Fixed order (byte-wise sort) so the output does not depend on the locale or the file system.
mapfile -t crds < <(LC_ALL=C find "$crd_dir" -maxdepth 1 -type f -name 'metallb.io_*.yaml' | LC_ALL=C sort)
[ "${#crds[@]}" -gt 0 ] || { echo "error: no metallb.io_*.yaml in $crd_dir" >&2; exit 1; }
for crd in "${crds[@]}"; do
  # Every document starts on its own `---` line, whether or not the file opens with one.
  printf -- '---\n'
  cat "$crd"
  printf '\n'
done > "$tmp/metallb.io.yaml"

# Run from the temp dir: cdk8s import records the spec in a cdk8s.yaml of the working directory if
# one exists, and the repository's must not be touched. --no-check-upgrade keeps it offline.
(cd "$tmp" && "$cdk8s" import "$tmp/metallb.io.yaml" --output "$tmp/out" --language typescript --no-check-upgrade >/dev/null)

generated="$tmp/out/metallb.io.ts"
[ -f "$generated" ] || { echo "error: cdk8s import did not write metallb.io.ts" >&2; exit 1; }

# The bindings must depend on nothing but cdk8s and constructs.
if grep -E "^import .* from '" "$generated" | grep -Ev "from '(cdk8s|constructs)';$" >&2; then
  echo "error: generated bindings import modules other than cdk8s/constructs (above)" >&2
  exit 1
fi

if [ "$mode" = check ]; then
  if diff -u "$target" "$generated" >/dev/null 2>&1; then
    echo "imports/metallb.io.ts is up to date (${#crds[@]} CRDs)"
  else
    echo "imports/metallb.io.ts is stale: run scripts/import-crds.sh" >&2
    exit 1
  fi
else
  mkdir -p "$repo/imports"
  cp "$generated" "$target"
  echo "wrote imports/metallb.io.ts from ${#crds[@]} CRDs in $crd_dir"
fi
