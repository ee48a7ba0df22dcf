/**
 * End to end: the real server (a child process, fresh database, demo mode), the real
 * widget.js built from this tree, Debian's Chromium. The public demo page first: summary,
 * shortage map, a cell's results, a language switch, and the demo student's own result. Then
 * office mode on the same page: import a round file, save the generated personal codes, run
 * it with live progress, see results and the shortage map, publish, switch language, and look
 * up one of the new students with their code. Screenshots of every view, wide and in a 320 px
 * sidebar, light and dark, go to test-artifacts/widget/.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium } from './support/chromium.ts';
import { startServer, type RunningServer } from './support/server-process.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const ARTIFACTS = join(REPO, 'test-artifacts/widget');
const E2E_ROUND = 'kostanay-2026-e2e';

let server: RunningServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
let folder: string;
/** Content-Security-Policy violations, console errors and failed requests seen by the page. */
const problems: string[] = [];

beforeAll(async () => {
  // The bundle under test is this tree's, whatever dist/ held before.
  await build({ configFile: join(REPO, 'widget/vite.config.ts'), logLevel: 'warn' });
  mkdirSync(ARTIFACTS, { recursive: true });
  folder = mkdtempSync(join(tmpdir(), 'dual-match-e2e-files-'));
  server = await startServer();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (message) => {
    // Failed requests are reported below, with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    // The demo page has no icon; the browser asks anyway.
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) problems.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.exposeFunction('reportCspViolation', (text: string) => problems.push(`CSP: ${text}`));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportCspViolation(text: string): void }).reportCspViolation(`${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

const widget = () => page.locator('dual-match');
const tab = (name: string) => page.locator('dual-match [role=tab]', { hasText: name });

/** Every view worth looking at, wide and narrow, light and dark. */
async function screenshots(name: string) {
  for (const [width, scheme] of [
    [1280, 'light'],
    [320, 'light'],
    [1280, 'dark'],
    [320, 'dark'],
  ] as const) {
    await page.setViewportSize({ width, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await page.waitForTimeout(150);
    await widget().screenshot({ path: join(ARTIFACTS, `e2e-${name}-${width}-${scheme}.png`) });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

describe('the demo page, as the public sees it', () => {
  test('summary, shortage map, a cell of it, a language switch and a student lookup', async () => {
    await page.goto(`${server.url}/`);
    // The demo page says lang="ru".
    await expect.poll(() => page.locator('dual-match [part=figures]').innerText()).toContain('Студенты');
    await screenshots('public-summary');

    await tab('Карта дефицита').click();
    const cell = page.locator('dual-match .heat-map td button').first();
    await cell.waitFor();
    await screenshots('public-shortage');

    await cell.click();
    await expect.poll(() => page.locator('dual-match [role=tab][aria-selected=true]').innerText()).toBe('Результаты');
    await page.locator('dual-match tr.result-row td button').first().waitFor();
    await screenshots('public-results');

    await page.locator('dual-match [part=language] select').selectOption('kk');
    await expect.poll(() => tab('Менің нәтижем').count()).toBe(1);
    await tab('Менің нәтижем').click();
    await page.locator('dual-match [name=student]').fill(server.demoStudent.id);
    await page.locator('dual-match [name=code]').fill(server.demoStudent.code);
    const lookup = page.waitForRequest((request) => request.url().endsWith('/lookup'));
    await page.locator('dual-match [part=lookup-form] button[type=submit]').click();
    // The browser sent the key it derived, not the code.
    expect(JSON.parse((await lookup).postData()!)).toEqual({ student: server.demoStudent.id, key: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) });
    const outcome = page.locator('dual-match [part=outcome]');
    await outcome.waitFor();
    expect(await outcome.innerText()).toMatch(/Сізге орын берілді|Бұл раундта сізге орын берілмеді/);
    expect(await outcome.innerText()).toContain('Себебі');
    await screenshots('public-lookup');
  });
});

describe('office mode on the same page', () => {
  test('import a round, run it, see results and shortage, publish, switch language, look up a new student', async () => {
    // The staff page's own back end would hand over the key; never in markup.
    await page.goto(`${server.url}/`);
    await widget().evaluate((element, key) => {
      Object.assign(element, { apiKey: key });
      element.setAttribute('mode', 'office');
      element.setAttribute('lang', 'en');
    }, server.officeKey);
    await tab('Round').click();

    const round = JSON.parse(readFileSync(join(REPO, 'fixtures/demo/kostanay-2026-autumn.json'), 'utf8')) as { round: { id: string } };
    round.round.id = E2E_ROUND;
    const file = join(folder, `${E2E_ROUND}.json`);
    writeFileSync(file, JSON.stringify(round));
    await page.locator('dual-match [part=upload-form] input[type=file]').setInputFiles(file);
    await page.locator('dual-match [part=upload-form] button[type=submit]').click();
    await expect.poll(() => page.locator('dual-match dual-match-upload .ok').innerText(), { timeout: 30_000 }).toContain(`Round ${E2E_ROUND} imported.`);

    // The server made personal codes for the students (the file has none): shown this once.
    const download = page.waitForEvent('download');
    await page.locator('dual-match dual-match-upload button', { hasText: 'Save personal codes' }).click();
    const codes = readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(codes[0]).toBe('student,code');
    const [student, code] = codes[1].split(',');
    await screenshots('office-import');

    const solved = widget().evaluate(
      (element) => new Promise<{ run: string }>((resolve) => element.addEventListener('dual-match-solved', (event) => resolve((event as CustomEvent).detail), { once: true })),
    );
    await page.locator('dual-match [part=run-form] button[type=submit]').click();
    const { run } = await solved;
    expect(run).toMatch(/^run-/);
    await expect.poll(() => page.locator('dual-match [part=progress] [role=status]').innerText()).toMatch(/^Done: \d+ of 360 students placed\.$/);
    await screenshots('office-run');

    await tab('Results').click();
    await page.locator('dual-match tr.result-row td button').first().waitFor();
    // A key holder sees names.
    await expect.poll(() => page.locator('dual-match tr.result-row').first().innerText()).toMatch(/\(S-\d+\)/);
    await screenshots('office-results');

    await tab('Shortage map').click();
    await page.locator('dual-match .heat-map td button').first().waitFor();
    await screenshots('office-shortage');

    await tab('Round').click();
    await page.locator('dual-match [part=run-actions] button', { hasText: 'Publish' }).click();
    await page.locator('dual-match [part=run-actions] button.primary', { hasText: 'Publish' }).click();
    await expect.poll(() => page.locator('dual-match [part=run-actions]').innerText()).toContain(`Run ${run} is published.`);

    await page.locator('dual-match [part=language] select').selectOption('ru');
    await tab('Мой результат').click();
    await page.locator('dual-match [name=student]').fill(student);
    await page.locator('dual-match [name=code]').fill(code);
    await page.locator('dual-match [part=lookup-form] button[type=submit]').click();
    await expect.poll(() => page.locator('dual-match [part=outcome]').innerText()).toMatch(/Вам назначено место|В этом раунде место вам не назначено/);
    expect(await page.locator('dual-match [part=outcome]').innerText()).toContain(student);
    await screenshots('office-lookup');
  });

  test('nothing broke the Content-Security-Policy or logged an error', () => {
    expect(problems).toEqual([]);
  });
});
