/**
 * "My result": a student's own outcome, explained in the reader's language.
 */
import { describe, expect, test } from 'vitest';
import { SERVER, useFakeApi } from './support/fake-api.ts';
import { find, mount, until, visibleText } from './support/dom.ts';

const api = useFakeApi();

async function lookUp(lang: string, student: string, code: string) {
  const widget = mount({ server: SERVER, round: 'kostanay-2026-autumn', lang, view: 'lookup' });
  const form = await until(() => find<HTMLFormElement>(widget, 'dual-match-lookup', 'form'));
  form.querySelector<HTMLInputElement>('[name=student]')!.value = student;
  form.querySelector<HTMLInputElement>('[name=code]')!.value = code;
  form.requestSubmit();
  return widget;
}

test('a placed student sees the offer, the rank and why, in Russian', async () => {
  const widget = await lookUp('ru', 'S-000001', 'secret');
  const outcome = await until(() => find(widget, 'dual-match-lookup', '.outcome'));
  const text = visibleText(outcome);
  expect(text).toContain('Вам назначено место');
  expect(text).toContain('Enterprise 1');
  expect(text).toContain('ваш выбор № 2');
  expect(text).toContain('Вы получили свой первый выбор.');
  // The key derived from the code on this device (the code never leaves the page), as node:crypto derives it.
  expect(api().requests.find((r) => r.path === '/runs/run-1/lookup')!.body).toBe(JSON.stringify({ student: 'S-000001', key: 'M3zQzpkNz_TAXsG_5QKKBw' }));
});

test('an unplaced student sees the reason with its facts, in Kazakh', async () => {
  const widget = await lookUp('kk', 'S-000000', 'secret');
  const outcome = await until(() => find(widget, 'dual-match-lookup', '.outcome'));
  expect(visibleText(outcome)).toContain('Бұл раундта сізге орын берілмеді');
  expect(visibleText(outcome)).toContain('Сізге сай ұсыныстар: 2, орындар: 5');
});

test('a wrong code does not say which of id and code was wrong', async () => {
  const widget = await lookUp('en', 'S-000001', 'guess');
  const alert = await until(() => find(widget, 'dual-match-lookup', '[role=alert]'));
  expect(visibleText(alert)).toContain('No student with this id and code');
});

describe('a run whose round is from before lookup keys', () => {
  const codesOnly = useFakeApi({ codesOnly: true });

  test('the lookup sends the code itself, which is all the server can check', async () => {
    const widget = await lookUp('en', 'S-000001', 'secret');
    await until(() => find(widget, 'dual-match-lookup', '.outcome'));
    expect(codesOnly().requests.find((r) => r.path === '/runs/run-1/lookup')!.body).toBe(JSON.stringify({ student: 'S-000001', code: 'secret' }));
  });
});
