# Sourced by the project's scripts: puts the tools scripts/setup.sh installs on PATH
# (npm binaryen's wasm-opt first: Debian's binaryen emits broken wasm).
TOOLS=${WIRESTORE_TOOLS:-$HOME/.cache/wirestore-tools}
export CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}
export PATH="$TOOLS/binaryen/node_modules/.bin:$CARGO_HOME/bin:$PATH"
export NEXT_TELEMETRY_DISABLED=1 CARGO_TERM_COLOR=never
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
