// The declaration of dist/wasm-inline.js, which scripts/wasm-inline.mjs writes at build time
// (the built wasm's bytes); here so that js/inline.ts type-checks before a build.
/** The bytes of wirestore_bg.wasm, base64. */
export declare const WASM_BASE64: string;
