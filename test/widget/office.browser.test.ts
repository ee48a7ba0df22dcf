/**
 * Office mode: importing (and the server's refusals listed by row and column), running with
 * live progress, then compare, publish and download; and the enterprise's offers.
 */
import { describe, expect, test, vi } from 'vitest';
import { problem, SERVER, useFakeApi } from './support/fake-api.ts';
import { find, findAll, mount, until, visibleText } from './support/dom.ts';

const api = useFakeApi({ published: false });

const office = () => mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', mode: 'office' }, { apiKey: 'dmk_office' });

function choose(input: HTMLInputElement, file: File) {
  const files = new DataTransfer();
  files.items.add(file);
  input.files = files.files;
}

describe('office', () => {
  test('an import the server refuses lists every row and column it names', async () => {
    api().fail('/rounds/kostanay-2026-autumn/students.csv', () =>
      problem(422, 'Invalid input', {
        errors: [
          { path: 'row 14, column "score"', message: 'must be between 0 and 100', rule: 'too_big' },
          { path: 'row 15, column "college"', message: 'unknown college C-99', rule: 'reference' },
        ],
      }),
    );
    const widget = office();
    const upload = await until(() => find(widget, 'dual-match-office', 'dual-match-upload'));
    const form = await until(() => find<HTMLFormElement>(upload, 'form'));
    const kind = form.querySelector('select')!;
    kind.value = 'students';
    kind.dispatchEvent(new Event('change'));
    choose(form.querySelector<HTMLInputElement>('input[type=file]')!, new File(['id,score\nS-1,140\n'], 'students.csv', { type: 'text/csv' }));
    form.requestSubmit();
    const errors = await until(() => find(upload, '[part=upload-errors] table'));
    expect(visibleText(errors)).toContain('row 14, column "score"');
    expect(visibleText(errors)).toContain('unknown college C-99');
    expect(visibleText(upload)).toContain('Nothing was imported: 2 problems found.');
    const sent = api().requests.find((r) => r.path.endsWith('/students.csv'))!;
    expect(sent.body).toBe('id,score\nS-1,140\n');
  });

  test('a round file imports, runs with live progress, and the solved run is shown and announced', async () => {
    const solved = vi.fn();
    document.addEventListener('dual-match-solved', (event) => solved(event.detail));
    const widget = office();
    const upload = await until(() => find(widget, 'dual-match-office', 'dual-match-upload'));
    const form = await until(() => find<HTMLFormElement>(upload, 'form'));
    choose(form.querySelector<HTMLInputElement>('input[type=file]')!, new File(['{"format":"dual-match/round@1"}'], 'round.json'));
    form.requestSubmit();
    await until(() => visibleText(upload).includes('Round kostanay-2026-autumn imported.'));
    expect(visibleText(upload)).toContain('Warnings: 1.');
    expect(visibleText(upload)).toContain('Personal codes generated: 1.');

    const runPanel = await until(() => find(widget, 'dual-match-office', 'dual-match-run'));
    const runForm = find<HTMLFormElement>(runPanel, 'form')!;
    runForm.querySelector<HTMLSelectElement>('[name=mechanism]')!.value = 'stable';
    runForm.querySelector<HTMLInputElement>('[name=seed]')!.value = '7';
    runForm.requestSubmit();
    const progress = await until(() => find<HTMLProgressElement>(runPanel, 'progress'));
    await until(() => progress.value >= 60);
    const live = find(runPanel, '[aria-live=polite]')!;
    await until(() => solved.mock.calls.length > 0);
    expect(solved).toHaveBeenCalledWith(expect.objectContaining({ round: 'kostanay-2026-autumn', run: 'run-2' }));
    expect(live.textContent).toContain('Done: 40 of 50 students placed.');
    const start = api().requests.find((r) => r.path === '/rounds/kostanay-2026-autumn/runs')!;
    expect(JSON.parse(start.body!)).toEqual({ mechanism: 'stable', policy: expect.objectContaining({ seed: 7, preferredOnly: false }) });

    find<HTMLButtonElement>(widget, '#tab-summary')!.click();
    await until(() => api().requests.some((r) => r.path === '/runs/run-2/summary'));
  });

  test('compare two runs, then publish after confirming', async () => {
    api().runs.set('run-2', { ...api().runs.get('run-1')!, id: 'run-2', mechanism: 'stable' });
    const widget = office();
    const runs = await until(() => find(widget, 'dual-match-office', 'dual-match-runs'));
    const compare = await until(() => find<HTMLFormElement>(runs, '[part=compare-form]'));
    compare.requestSubmit();
    const table = await until(() => find(runs, '[part=compare-table]'));
    expect(visibleText(table)).toContain('Justified envy');
    expect(visibleText(table)).toContain('1,234.5');

    const publish = findAll<HTMLButtonElement>(runs, '[part=run-actions] button').find((b) => b.textContent?.includes('Publish'))!;
    publish.click();
    const confirm = await until(() => findAll<HTMLButtonElement>(runs, '[part=run-actions] button.primary')[0]);
    expect(visibleText(runs)).toContain('Its results become public.');
    confirm.click();
    await until(() => api().requests.some((r) => r.path === '/runs/run-2/publish' && r.method === 'POST'));
    await until(() => visibleText(runs).includes('is published'));
  });

  test('a refused run is reported, not swallowed', async () => {
    api().fail('/rounds/kostanay-2026-autumn/runs', () => problem(403, 'Forbidden'));
    const widget = office();
    const runPanel = await until(() => find(widget, 'dual-match-office', 'dual-match-run'));
    find<HTMLFormElement>(runPanel, 'form')!.requestSubmit();
    await until(() => visibleText(runPanel).includes('This key is not allowed to do that.'));
  });
});

describe('enterprise', () => {
  test('lists its offers with places and requirements; a published round locks them', async () => {
    api().publishedRun = 'run-1';
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'ru', mode: 'enterprise' }, { apiKey: 'dmk_enterprise' });
    const view = await until(() => find(widget, 'dual-match-offers'));
    await until(() => find(view, 'table'));
    expect(visibleText(view)).toContain('AgromashHolding KZ');
    expect(visibleText(view)).toContain('принимает не более 5 студентов');
    expect(find<HTMLInputElement>(view, 'input[name=places]')!.disabled).toBe(true);
    expect(find(view, 'tr.new-offer')).toBeNull();
  });

  test('publishes a new offer of its own', async () => {
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'kk', mode: 'enterprise' }, { apiKey: 'dmk_enterprise' });
    const view = await until(() => find(widget, 'dual-match-offers'));
    const row = await until(() => find(view, 'tr.new-offer'));
    row.querySelector<HTMLInputElement>('[name=id]')!.value = 'O-NEW';
    row.querySelector<HTMLSelectElement>('[name=specialty]')!.value = '10130300';
    row.querySelector<HTMLInputElement>('[name=places]')!.value = '3';
    row.querySelector<HTMLInputElement>('[name=languages]')!.value = 'kk';
    find<HTMLFormElement>(view, 'form#new-offer')!.requestSubmit();
    await until(() => visibleText(view).includes('O-NEW'));
    const post = api().requests.find((r) => r.method === 'POST' && r.path.endsWith('/offers'))!;
    expect(JSON.parse(post.body!)).toEqual({ id: 'O-NEW', enterprise: 'E-1', specialty: '10130300', places: 3, languages: ['kk'], housing: false });
    expect(visibleText(view)).toContain('Тамақтандыруды ұйымдастыру');
  });

  test('a draft round can be edited', async () => {
    api().fail('/rounds/kostanay-2026-autumn', () => new Response(JSON.stringify({ id: 'kostanay-2026-autumn', status: 'draft', publishedRun: null })));
    const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang: 'en', mode: 'enterprise' }, { apiKey: 'dmk_enterprise' });
    const view = await until(() => find(widget, 'dual-match-offers'));
    const places = await until(() => find<HTMLInputElement>(view, 'input[name=places]'));
    places.value = '7';
    find<HTMLFormElement>(view, 'form#offer-O-1')!.requestSubmit();
    await until(() => visibleText(view).includes('Saved'));
    const patch = api().requests.find((r) => r.method === 'PATCH')!;
    expect(patch.path).toBe('/rounds/kostanay-2026-autumn/offers/O-1');
    expect(JSON.parse(patch.body!)).toEqual({ places: 7, minScore: 60, languages: ['kk', 'ru'], housing: true });
  });
});
