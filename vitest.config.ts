// JS tests: the store and the React hooks, in jsdom, against the real wasm core (pkg/, built
// by scripts/build.sh) wherever it matters.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['js/test/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    unstubGlobals: true,
  },
});
