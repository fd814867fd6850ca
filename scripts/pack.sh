#!/usr/bin/env bash
# Packs the npm package exactly as a user installs it: .artifacts/wirestore.tgz
# (run scripts/build.sh first). Apps under examples/ and www/ install this tarball,
# never a link into the source tree.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# One build at a time per checkout: parallel runs would overwrite its pkg/ and dist/ (other
# checkouts, e.g. git worktrees, build beside it).
mkdir -p "$ROOT/.artifacts"; exec 9>"$ROOT/.artifacts/build.lock"; flock 9
mkdir -p .artifacts
rm -f .artifacts/wirestore*.tgz
file=$(npm pack --silent --pack-destination .artifacts | tail -1)
mv ".artifacts/$file" .artifacts/wirestore.tgz
echo "packed .artifacts/wirestore.tgz ($(tar -tzf .artifacts/wirestore.tgz | wc -l) files)"
