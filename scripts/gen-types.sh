#!/usr/bin/env bash
# Regenerates every file that comes from the wire types, in order:
#   Rust types (schema/src) -> schema/protocol-v1.json          (cargo test -p wirestore-schema)
#   schema/protocol-v1.json -> python/src/wirestore/wire.py     (datamodel-code-generator, .venv)
#   schema/protocol-v1.json -> js/generated/protocol-v1.ts      (json-schema-to-typescript, schema/)
# Run scripts/setup.sh first. CI runs this and fails if git sees any difference (scripts/test.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

cargo test -q -p wirestore-schema --locked --test schema_file >/dev/null

.venv/bin/datamodel-codegen \
  --input schema/protocol-v1.json --input-file-type jsonschema \
  --output python/src/wirestore/wire.py \
  --output-model-type pydantic_v2.BaseModel --target-python-version 3.10 \
  --use-annotated --use-standard-collections --use-union-operator --enum-field-as-literal all \
  --use-title-as-name --disable-timestamp --snake-case-field --use-schema-description \
  --use-field-description --allow-population-by-field-name --use-double-quotes \
  --formatters ruff-format \
  --custom-file-header '# Generated from schema/protocol-v1.json by scripts/gen-types.sh (datamodel-code-generator). Do not edit.'

node schema/gen-ts.mjs schema/protocol-v1.json js/generated/protocol-v1.ts
echo "gen-types: schema/protocol-v1.json, python/src/wirestore/wire.py, js/generated/protocol-v1.ts"
