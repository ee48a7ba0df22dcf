/**
 * Enterprise mode: the enterprise's capacity and ranking of students, edited and saved with
 * `PATCH /rounds/{roundId}/enterprises/{enterpriseId}`, the server's refusals shown beside the
 * field, and read-only once the round is published.
 */
import { describe, expect, test } from 'vitest';
import { SERVER, useFakeApi } from './support/fake-api.ts';
import { find, mount, until, visibleText } from './support/dom.ts';

const api = useFakeApi({ published: false });

async function enterpriseForm(lang = 'en') {
  const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang, mode: 'enterprise' }, { apiKey: 'dmk_enterprise' });
  const form = await until(() => find(widget, 'dual-match-offers', 'dual-match-enterprise-form'));
  await until(() => find(form, 'form'));
  return {
    widget,
    form,
    capacity: find<HTMLInputElement>(form, 'input[name=capacity]')!,
    ranking: find<HTMLTextAreaElement>(form, 'textarea[name=ranking]')!,
    save: () => find<HTMLFormElement>(form, 'form')!.requestSubmit(),
  };
}

const patches = () => api().requests.filter((r) => r.method === 'PATCH');

describe('enterprise capacity and ranking', () => {
  test('shows them, edits them and saves them', async () => {
    const { form, capacity, ranking, save } = await enterpriseForm();
    expect(capacity.value).toBe('5');
    expect(ranking.value).toBe('S-000001\nS-000002');
    // The offers have 4 + 2 places.
    expect(visibleText(form)).toContain('Empty: no limit beyond the 6 places of the offers.');
    expect(find(form, 'label:has(input[name=capacity])')!.textContent).toContain('Most students across all offers');

    capacity.value = '3';
    ranking.value = 'S-000004\n  S-000001 \n\nS-000002\n';
    save();
    await until(() => visibleText(form).includes('Saved'));
    expect(patches().map((r) => r.path)).toEqual(['/rounds/kostanay-2026-autumn/enterprises/E-1']);
    expect(JSON.parse(patches()[0].body!)).toEqual({ capacity: 3, ranking: ['S-000004', 'S-000001', 'S-000002'] });
    expect(api().enterprises[0]).toMatchObject({ capacity: 3, ranking: ['S-000004', 'S-000001', 'S-000002'] });
    expect(visibleText(form)).toContain('takes at most 3 students');
    expect(visibleText(form)).toContain('Ranking: 3 students');
    expect(ranking.value).toBe('S-000004\nS-000001\nS-000002');
  });

  test('empty fields remove the capacity and the ranking', async () => {
    const { form, capacity, ranking, save } = await enterpriseForm();
    capacity.value = '';
    ranking.value = '\n';
    save();
    await until(() => visibleText(form).includes('Saved'));
    expect(JSON.parse(patches()[0].body!)).toEqual({ capacity: null, ranking: null });
    expect(api().enterprises[0]).toEqual({ id: 'E-1', name: 'AgromashHolding KZ', region: 'KZ-39' });
    expect(visibleText(form)).toContain('no overall limit');
    expect(visibleText(form)).toContain('No ranking of students given.');
  });

  test('a ranking the server refuses is explained beside it, in the reader’s language', async () => {
    const { form, ranking, save } = await enterpriseForm('ru');
    ranking.value = 'S-000001\nS-999999\nS-000001';
    save();
    const errors = await until(() => find(form, '#ranking-errors'));
    expect(visibleText(errors)).toContain('S-999999 — не студент этого раунда.');
    expect(visibleText(errors)).toContain('S-000001 указан дважды.');
    // The same alert as the offers table's, and the field marked and described by the errors.
    expect(find(form, '[role=alert][part=error]')!.textContent).toContain('Сервер отклонил запрос.');
    expect(ranking.getAttribute('aria-invalid')).toBe('true');
    expect(ranking.getAttribute('aria-describedby')).toBe('ranking-hint ranking-errors');
    expect(errors.closest('.field')).toBe(ranking.closest('.field'));
    expect(find(form, '#capacity-errors')).toBeNull();
    // Nothing was saved, and what the user typed is still there to correct.
    expect(api().enterprises[0].ranking).toEqual(['S-000001', 'S-000002']);
    expect(ranking.value).toBe('S-000001\nS-999999\nS-000001');

    ranking.value = 'S-000001\nS-000003';
    save();
    await until(() => visibleText(form).includes('Сохранено'));
    expect(find(form, '#ranking-errors')).toBeNull();
    expect(ranking.getAttribute('aria-invalid')).toBe('false');
  });

  test('a published round shows them read-only', async () => {
    api().publishedRun = 'run-1';
    const { widget, form, capacity, ranking } = await enterpriseForm();
    expect(capacity.readOnly).toBe(true);
    expect(ranking.readOnly).toBe(true);
    expect(find<HTMLButtonElement>(form, 'button[type=submit]')!.disabled).toBe(true);
    expect(visibleText(find(widget, 'dual-match-offers', 'p.status')!)).toContain('offers, capacity and ranking cannot change');
  });
});
