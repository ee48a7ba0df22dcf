/**
 * The <dual-match> element in real Chromium against a fake API: what a public page shows,
 * languages, tabs by keyboard, events, and the loading/empty/error states.
 */
import { describe, expect, test, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { DualMatchElement } from '../../widget/dual-match-element.ts';
import { problem, SERVER, useFakeApi } from './support/fake-api.ts';
import { find, findAll, mount, until, visibleText } from './support/dom.ts';

const api = useFakeApi();

const publicWidget = (attributes: Record<string, string> = {}) =>
  mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', ...attributes });

describe('public page', () => {
  test('shows the summary figures of the published run, formatted for the language', async () => {
    const widget = publicWidget({ lang: 'ru' });
    const figures = await until(() => find(widget, 'dual-match-summary', 'dl'));
    expect(visibleText(figures)).toContain('Студенты');
    expect(visibleText(figures)).toContain('Распределены');
    // 40 of 50 placed, 46 places: 86,96 % in Russian formatting
    expect(visibleText(figures)).toMatch(/87\s?%|86,96\s?%|87,0\s?%/);
    expect(api().requests.some((r) => r.path === '/runs/run-1/summary')).toBe(true);
  });

  test('switching the language at run time re-renders every text, including reference names', async () => {
    const widget = publicWidget({ lang: 'kk' });
    await until(() => find(widget, 'dual-match-summary', 'dl'));
    await until(() => visibleText(widget).includes('Дәнекерлеу ісі'));
    expect(visibleText(widget)).toContain('Жиынтық');

    const select = find<HTMLSelectElement>(widget, 'select')!;
    select.value = 'en';
    select.dispatchEvent(new Event('change'));
    await until(() => visibleText(widget).includes('Welding'));
    expect(widget.getAttribute('lang')).toBe('en');
    expect(visibleText(widget)).toContain('Summary');
    expect(visibleText(widget)).not.toContain('Жиынтық');

    widget.setAttribute('lang', 'ru');
    await until(() => visibleText(widget).includes('Сварочное дело'));
  });

  test('tabs follow the WAI-ARIA pattern: one in the tab order, arrows move and select', async () => {
    const widget = publicWidget();
    await until(() => find(widget, 'dual-match-summary'));
    const tabs = findAll<HTMLButtonElement>(widget, '[role=tab]');
    expect(tabs.map((tab) => tab.tabIndex)).toEqual([0, -1, -1, -1]);
    tabs[0].focus();
    await userEvent.keyboard('{ArrowRight}');
    await until(() => find(widget, 'dual-match-shortage'));
    await until(() => widget.shadowRoot!.activeElement?.id === 'tab-shortage');
    await userEvent.keyboard('{End}');
    await until(() => find(widget, 'dual-match-lookup'));
    await userEvent.keyboard('{ArrowRight}');
    await until(() => find(widget, 'dual-match-summary'));
    expect(find(widget, '[role=tabpanel]')!.getAttribute('aria-labelledby')).toBe('tab-summary');
  });

  test('the view attribute chooses the first tab', async () => {
    const widget = publicWidget({ view: 'results' });
    await until(() => find(widget, 'dual-match-results', 'dual-match-results-table'));
  });

  test('a shortage cell sends dual-match-select out of the shadow root and opens the results filtered to it', async () => {
    const widget = publicWidget({ view: 'shortage' });
    const selected = vi.fn();
    document.addEventListener('dual-match-select', (event) => selected(event.detail));
    const cell = await until(() => find<HTMLButtonElement>(widget, 'dual-match-shortage', '.heat-map td button'));
    cell.click();
    expect(selected).toHaveBeenCalledWith(expect.objectContaining({ kind: 'cell' }));
    const { specialty, region } = selected.mock.calls[0][0] as { specialty: string; region: string };
    await until(() => find(widget, 'dual-match-results'));
    await until(() => api().requests.find((r) => r.path === '/runs/run-1/results' && r.query.get('specialty') === specialty && r.query.get('region') === region));
  });

  test('the shortage map has a table alternative', async () => {
    const widget = publicWidget({ view: 'shortage' });
    const toggle = await until(() => find<HTMLButtonElement>(widget, 'dual-match-shortage', '.row > button'));
    toggle.click();
    const table = await until(() => find(widget, 'dual-match-shortage', 'table.cells'));
    expect(table.querySelectorAll('tbody tr')).toHaveLength(6);
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });

  test('public mode sends no credentials and shows no names', async () => {
    api().rows[1].name = 'Aigerim Nurlanovna';
    const widget = publicWidget({ view: 'results' });
    await until(() => find(widget, 'dual-match-results', 'dual-match-results-table', 'tbody tr.result-row'));
    expect(visibleText(widget)).not.toContain('Aigerim');
    expect(api().requests.every((r) => r.auth === null)).toBe(true);
  });
});

describe('states', () => {
  test('server unreachable: an error with a retry that recovers', async () => {
    const widget = mount({ server: 'https://down.example', round: 'kostanay-2026-autumn', lang: 'en' });
    const alert = await until(() => find(widget, '[role=alert]'));
    expect(visibleText(alert)).toContain('cannot be reached');
    widget.server = SERVER;
    await until(() => find(widget, 'dual-match-summary'));
  });

  test('a retry button loads again after a server failure', async () => {
    let failures = 1;
    api().fail('/runs/run-1/summary', () => (failures-- > 0 ? problem(503, 'Unavailable') : new Response(JSON.stringify(api().summary()))));
    const widget = publicWidget();
    const retry = await until(() => find<HTMLButtonElement>(widget, '[role=alert] button'));
    retry.click();
    await until(() => find(widget, 'dual-match-summary'));
  });

  test('round not published: says so in the language of the page', async () => {
    api().publishedRun = null;
    const widget = publicWidget({ lang: 'kk' });
    await until(() => visibleText(widget).includes('әлі жарияланбаған'));
  });

  test('invalid key: says the key is invalid, and tells the page with dual-match-error', async () => {
    api().fail('/rounds/kostanay-2026-autumn', () => problem(401, 'Unauthorized'));
    const errors = vi.fn();
    document.addEventListener('dual-match-error', (event) => errors(event.detail));
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', mode: 'office' }, { apiKey: 'wrong' });
    await until(() => visibleText(widget).includes('The key is invalid'));
    expect(errors).toHaveBeenCalledWith(expect.objectContaining({ kind: 'unauthorized', status: 401 }));
  });

  test('rate limited: tells when to try again', async () => {
    api().fail('/runs/run-1/summary', () => new Response('{}', { status: 429, headers: { 'Retry-After': '12' } }));
    const widget = publicWidget();
    await until(() => visibleText(widget).includes('Try again in 12 s'));
  });

  test('loading state while the server thinks', async () => {
    api().fail('/runs/run-1/summary', () => new Promise(() => {}));
    const widget = publicWidget();
    const status = await until(() => find(widget, '.status.loading'));
    expect(status.getAttribute('role')).toBe('status');
  });
});

describe('embedding', () => {
  test('a key given as a property goes in the Authorization header, never in the markup or a URL', async () => {
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', mode: 'office' }, { apiKey: 'dmk_office-key' });
    await until(() => find(widget, 'dual-match-office', 'dual-match-runs'));
    expect(api().requests.length).toBeGreaterThan(0);
    expect(api().requests.every((r) => r.auth === 'Bearer dmk_office-key' && !r.query.toString().includes('office-key'))).toBe(true);
    expect(widget.outerHTML).not.toContain('office-key');
  });

  test('registering twice is harmless', async () => {
    const { define } = await import('../../widget/define.ts');
    expect(() => define('dual-match', class extends HTMLElement {})).not.toThrow();
    expect(customElements.get('dual-match')).toBe(DualMatchElement);
  });

  test('a nonce on the element goes to the style fallback (Lit reads window.litNonce)', async () => {
    const global = globalThis as { litNonce?: string };
    delete global.litNonce;
    publicWidget({ nonce: 'r4nd0m' });
    expect(global.litNonce).toBe('r4nd0m');
    delete global.litNonce;
  });

  test('the page styles documented parts and tokens from outside', async () => {
    const style = document.createElement('style');
    style.textContent = 'dual-match::part(figures) { outline: 5px solid rgb(1, 2, 3); } dual-match { --dm-accent: rgb(4, 5, 6); }';
    document.head.append(style);
    const widget = publicWidget();
    const figures = await until(() => find(widget, 'dual-match-summary', 'dl'));
    expect(getComputedStyle(figures).outlineColor).toBe('rgb(1, 2, 3)');
    expect(getComputedStyle(find(widget, '[role=tab][aria-selected=true]')!).color).toBe('rgb(4, 5, 6)');
    style.remove();
  });

  test('follows the page language when lang is not set', async () => {
    document.documentElement.lang = 'ru';
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn' });
    await until(() => visibleText(widget).includes('Сводка'));
    document.documentElement.lang = '';
  });
});
