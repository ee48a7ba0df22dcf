import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// Component tests of the widget run in real Chromium: Debian's /usr/bin/chromium, since npm
// tools cannot download a browser build here (.ci/run installs the package when it is missing).
const WIDGET_BROWSER_TESTS = 'test/widget/**/*.browser.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/**/*.test.ts'], exclude: [WIDGET_BROWSER_TESTS] },
      },
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
