// Writes the TypeScript types of protocol v1 from schema/protocol-v1.json with
// json-schema-to-typescript: one exported type per `$defs` entry and per frame variant.
// Usage: node schema/gen-ts.mjs <schema.json> <out.ts> (scripts/gen-types.sh runs it).
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node schema/gen-ts.mjs <schema.json> <out.ts>');
  process.exit(2);
}
const schema = JSON.parse(readFileSync(input, 'utf8'));

// A subschema with annotations only (`{"description": …}`: any JSON value, e.g. `meta`, a tool's
// `result`) would become `{[k: string]: unknown}` here, which is narrower than the schema says:
// mark it `unknown` for the generator (its `tsType` keyword).
const SHAPE = ['type', '$ref', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', 'properties', 'items', 'not'];
function anyToUnknown(node) {
  if (Array.isArray(node)) return node.forEach(anyToUnknown);
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    const isSchemaMap = key === 'properties' || key === '$defs';
    if (isSchemaMap) {
      for (const sub of Object.values(value)) {
        if (sub && typeof sub === 'object' && !SHAPE.some((k) => k in sub)) sub.tsType = 'unknown';
        anyToUnknown(sub);
      }
    } else {
      anyToUnknown(value);
    }
  }
}
anyToUnknown(schema);
// The document's root accepts a frame of either direction; name it for what it is.
schema.title = 'WirestoreFrame';
const banner =
  '/* Generated from schema/protocol-v1.json by scripts/gen-types.sh (json-schema-to-typescript). Do not edit. */';
const ts = await compile(schema, 'WirestoreFrame', {
  bannerComment: banner,
  additionalProperties: false,
  unreachableDefinitions: true,
  strictIndexSignatures: true,
  format: true,
  style: { singleQuote: true, printWidth: 100 },
});
writeFileSync(output, ts);
