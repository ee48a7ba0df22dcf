import { playwright } from '@vitest/browser-playwright';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Component tests of the widget run in real Chromium: Debian's /usr/bin/chromium, since npm
// tools cannot download a browser build here (.ci/run installs the package when it is missing).
const WIDGET_BROWSER_TESTS = 'test/widget/**/*.browser.test.ts';

// The server tests run twice: on SQLite in the project `node`, and on PostgreSQL in the
// project `postgres` (test/server/support/test-database.ts), when there is a server to run
// them on. .ci/with-postgres starts a throwaway one and sets TEST_DATABASE_URL.
const POSTGRES_URL = process.env.TEST_DATABASE_URL;
const postgresProjects = POSTGRES_URL
  ? [{ extends: true, test: { name: 'postgres', include: ['test/server/**/*.test.ts'], env: { TEST_DB: 'postgres' } } }]
  : [];
// Vitest evaluates this file more than once in its main process: say it once.
const notice = globalThis as { dualMatchPostgresNotice?: boolean };
if (!POSTGRES_URL && !notice.dualMatchPostgresNotice) {
  notice.dualMatchPostgresNotice = true;
  console.log('vitest: project postgres skipped (TEST_DATABASE_URL is not set): the server tests run on SQLite only (.ci/with-postgres npm test runs them on both)');
}

export default defineConfig({
  test: {
    // A test file per core, not Vitest's default of one fewer: most files spend their time
    // waiting for server processes, worker threads and databases (on 2 cores, with PostgreSQL,
    // the suite took 368 s this way against 666 s with one file at a time).
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [WIDGET_BROWSER_TESTS] },
      },
      ...postgresProjects,
      {
        extends: true,
        // Pre-bundled before the first test, so the runner does not reload midway.
        optimizeDeps: { include: ['lit', 'lit/decorators.js', 'lit/directive.js'] },
        test: {
          name: 'widget',
          include: [WIDGET_BROWSER_TESTS],
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({
              launchOptions: {
                executablePath: '/usr/bin/chromium',
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--no-first-run',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-sync',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
