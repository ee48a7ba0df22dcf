/**
 * The results tab with 100,000 rows: only the rows in view are in the DOM, scrolling far
 * loads the pages on the way, sorting sets aria-sort, and every filter reaches the server.
 */
import { describe, expect, test } from 'vitest';
import { ROW_HEIGHT } from '../../widget/results/results-table.ts';
import { SERVER, useFakeApi } from './support/fake-api.ts';
import { find, findAll, mount, until, visibleText } from './support/dom.ts';

const api = useFakeApi({ students: 100_000 });

const table = (widget: HTMLElement) => find(widget, 'dual-match-results', 'dual-match-results-table')!;
const rows = (widget: HTMLElement) => findAll<HTMLTableRowElement>(widget, 'dual-match-results', 'dual-match-results-table', 'tbody tr.result-row');
const resultRequests = () => api().requests.filter((r) => r.path === '/runs/run-1/results');

/** A key holder's view (`token`), which may search and sort by student id; the public's otherwise. */
async function openResults(staff = true) {
  const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', view: 'results' }, staff ? { token: 'dmt_office' } : {});
  await until(() => rows(widget).some((row) => row.textContent?.includes('S-000000')));
  return widget;
}

describe('100,000 rows', () => {
  test('renders only a window of rows, with the whole list in aria-rowcount and the scroll height', async () => {
    const widget = await openResults();
    expect(rows(widget).length).toBeGreaterThan(5);
    expect(rows(widget).length).toBeLessThan(60);
    expect(find(table(widget), 'table')!.getAttribute('aria-rowcount')).toBe('100001');
    const viewport = find(table(widget), '.viewport')!;
    expect(viewport.scrollHeight).toBeGreaterThanOrEqual(100_000 * ROW_HEIGHT);
    expect(visibleText(widget)).toContain('Students: 100,000');
    // One page asked for, not the whole list.
    expect(resultRequests()).toHaveLength(1);
  });

  test('scrolling far loads the pages on the way and shows the rows there', async () => {
    const widget = await openResults();
    const viewport = find(table(widget), '.viewport')!;
    viewport.scrollTop = 20_000 * ROW_HEIGHT;
    await until(() => rows(widget).some((row) => row.textContent?.includes('S-020000')), 15_000);
    const shown = rows(widget).find((row) => row.textContent?.includes('S-020000'))!;
    expect(shown.getAttribute('aria-rowindex')).toBe('20002');
    expect(resultRequests().length).toBeGreaterThanOrEqual(40);
    expect(resultRequests().every((r) => r.query.get('limit') === '500')).toBe(true);
  });

  test('a header sorts through the server and says so with aria-sort', async () => {
    const widget = await openResults();
    const headers = () => findAll<HTMLTableCellElement>(table(widget), 'th');
    // The round's order at first: no column is sorted.
    expect(headers().map((th) => th.getAttribute('aria-sort'))).toEqual(['none', null, 'none', 'none', 'none', 'none', 'none', 'none']);
    const rankHeader = headers().find((th) => th.textContent?.includes('Choice'))!;
    rankHeader.querySelector('button')!.click();
    await until(() => resultRequests().some((r) => r.query.get('sort') === 'rank' && r.query.get('order') === 'asc'));
    await until(() => rankHeader.getAttribute('aria-sort') === 'ascending');
    rankHeader.querySelector('button')!.click();
    await until(() => rankHeader.getAttribute('aria-sort') === 'descending');
  });

  test('filters: status, specialty, search, and a college picked from a row', async () => {
    const widget = await openResults();
    const view = find(widget, 'dual-match-results')!;
    const selects = findAll<HTMLSelectElement>(view, 'select');
    selects[2].value = 'unplaced';
    selects[2].dispatchEvent(new Event('change'));
    await until(() => resultRequests().some((r) => r.query.get('status') === 'unplaced'));
    await until(() => visibleText(view).includes('Students: 20,000'));

    selects[0].value = '07150500';
    selects[0].dispatchEvent(new Event('change'));
    await until(() => resultRequests().some((r) => r.query.get('status') === 'unplaced' && r.query.get('specialty') === '07150500'));

    const search = find<HTMLInputElement>(view, 'input[type=search]')!;
    search.value = 'S-00001';
    search.dispatchEvent(new InputEvent('input'));
    await until(() => resultRequests().some((r) => r.query.get('q') === 'S-00001'));

    const college = await until(() => find<HTMLButtonElement>(table(widget), 'tbody tr.result-row td:nth-child(5) button'));
    college.click();
    await until(() => resultRequests().some((r) => r.query.get('college')));
    const chip = await until(() => find<HTMLButtonElement>(view, '.chip'));
    chip.click();
    await until(() => !find(view, '.chip'));
  });

  test('a college filter, which the summary cannot count, asks the server for the total', async () => {
    const widget = await openResults();
    const college = await until(() => find<HTMLButtonElement>(table(widget), 'tbody tr.result-row td:nth-child(5) button'));
    college.click();
    await until(() => resultRequests().some((r) => r.query.get('college') && r.query.get('count') === 'true'));
    await until(() => visibleText(find(widget, 'dual-match-results')!).includes('Students: 14,286'));
  });

  test('the public gets no search and no sorting by student id (rows carry pseudonyms)', async () => {
    const widget = await openResults(false);
    const view = find(widget, 'dual-match-results')!;
    expect(find(view, 'input[type=search]')).toBeNull();
    expect(findAll(table(widget), 'th')[0].querySelector('button')).toBeNull();
    expect(resultRequests().every((r) => r.auth === null && r.query.get('sort') === 'position')).toBe(true);
  });
});
