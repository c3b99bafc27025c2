import { defineConfig } from 'vitest/config';
import { postgresBinaries } from './tests/pg-binaries.js';

/** The suites that run a second time on PostgreSQL (issue 17): storage, announcements, admin. */
const ON_POSTGRES = [
  'tests/core/storage.test.ts',
  'tests/core/outbox.test.ts',
  'tests/announcements/**/*.test.ts',
  'tests/admin/**/*.test.ts',
];

// Without PostgreSQL installed the second run is left out with a warning, except in CI, where it must run.
const postgres = Boolean(process.env.TXA_TEST_POSTGRES_URL || postgresBinaries() || process.env.CI);
if (!postgres)
  console.warn('[postgres] PostgreSQL not installed: the PostgreSQL run is skipped (apt-get install postgresql).');

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'] } },
      ...(postgres
        ? [
            {
              extends: true as const,
              test: { name: 'postgres', include: ON_POSTGRES, globalSetup: ['tests/pg-setup.ts'] },
            },
          ]
        : []),
    ],
  },
});
