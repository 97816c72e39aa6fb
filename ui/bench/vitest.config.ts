// The UI's benchmarks (`npm run bench`, `make ui-bench`): not part of `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: decodeURIComponent(new URL('..', import.meta.url).pathname),
    include: ['bench/**/*.bench.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
