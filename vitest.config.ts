import { defineConfig } from 'vitest/config';

export default defineConfig({
  // `interleave` and `interleave/vitest` resolve to the TypeScript sources (package.json exports), not to dist/
  resolve: { conditions: ['interleave-source'] },
  ssr: { resolve: { conditions: ['interleave-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // the JSON report is what .ci/run counts
    reporters: ['default', 'json'],
    outputFile: { json: '.test-report.json' },
  },
});
