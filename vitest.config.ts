// JS tests: the store and the React hooks, in jsdom. Files named *.wasm.test.* run against
// the real wasm core in pkg/ (built by scripts/build.sh) and fail without it; set
// WIRESTORE_SKIP_WASM=1 to leave them out while pkg/ is not built yet.
import { configDefaults, defineConfig } from 'vitest/config';

const skipWasm = process.env.WIRESTORE_SKIP_WASM === '1';
// WIRESTORE_REACT_DIR=<node_modules of another React, with its own testing library> runs the
// same tests against that React (scripts/test-react18.sh).
const reactDir = process.env.WIRESTORE_REACT_DIR;
const reactAlias = reactDir
  ? [
      { find: /^@testing-library\/react$/, replacement: `${reactDir}/@testing-library/react` },
      { find: /^react-dom(\/.*)?$/, replacement: `${reactDir}/react-dom$1` },
      { find: /^react(\/.*)?$/, replacement: `${reactDir}/react$1` },
    ]
  : [];

export default defineConfig({
  resolve: { alias: reactAlias },
  test: {
    environment: 'jsdom',
    include: ['js/test/**/*.test.{ts,tsx}'],
    exclude: [...configDefaults.exclude, ...(skipWasm ? ['js/test/**/*.wasm.test.*'] : [])],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
