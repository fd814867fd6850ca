// JS tests: the store and the React hooks, in jsdom. Files named *.wasm.test.* run against
// the real wasm core in pkg/ (built by scripts/build.sh) and fail without it; set
// WIRESTORE_SKIP_WASM=1 to leave them out while pkg/ is not built yet.
import { configDefaults, defineConfig } from 'vitest/config';

const skipWasm = process.env.WIRESTORE_SKIP_WASM === '1';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['js/test/**/*.test.{ts,tsx}'],
    exclude: [...configDefaults.exclude, ...(skipWasm ? ['js/test/**/*.wasm.test.*'] : [])],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
