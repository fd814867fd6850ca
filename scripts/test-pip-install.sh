#!/usr/bin/env bash
# `pip install ./python` as a user runs it: into a fresh virtualenv (with the registry's own
# starlette and pydantic), then the package imports and a Hub is made. Also checks that the
# `redis` and `pydantic-ai` extras are declared. Run scripts/setup.sh first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 -m venv "$dir/venv"
"$dir/venv/bin/pip" install --quiet --disable-pip-version-check ./python
"$dir/venv/bin/python" - <<'PY'
import importlib.metadata as md
import wirestore
hub = wirestore.Hub()
extras = md.metadata("wirestore").get_all("Provides-Extra") or []
assert {"redis", "pydantic-ai"} <= set(extras), extras
print("pip install ./python: wirestore", md.version("wirestore"), "extras", sorted(extras))
PY
