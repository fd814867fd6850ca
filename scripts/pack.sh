#!/usr/bin/env bash
# Packs the npm package exactly as a user installs it: .artifacts/wirestore.tgz
# (run scripts/build.sh first). Apps under examples/ and www/ install this tarball,
# never a link into the source tree.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
# One build at a time: parallel runs would overwrite each other's pkg/ and dist/.
exec 9>"${TMPDIR:-/tmp}/wirestore-build.lock"; flock 9
mkdir -p .artifacts
rm -f .artifacts/wirestore*.tgz
file=$(npm pack --silent --pack-destination .artifacts | tail -1)
mv ".artifacts/$file" .artifacts/wirestore.tgz
echo "packed .artifacts/wirestore.tgz ($(tar -tzf .artifacts/wirestore.tgz | wc -l) files)"
