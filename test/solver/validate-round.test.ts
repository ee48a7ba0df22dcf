import { describe, expect, it } from 'vitest';
import { formatPath, validateRound } from '../../solver/validate-round.ts';
import { tinyRound } from '../helpers/tiny-round.ts';

const valid = () =>
  tinyRound({
    students: [{ id: 'S1', preferences: ['O1'] }, { id: 'S2' }],
    offers: [{ id: 'O1' }, { id: 'O2', minScore: 90 }],
  });

function errorsOf(round: unknown) {
  const outcome = validateRound(round);
  return outcome.errors.map((e) => `${e.path} ${e.rule}`);
}

describe('validateRound', () => {
  it('accepts a valid round and fills in nothing it was not given', () => {
    const outcome = validateRound(valid());
    expect(outcome.ok).toBe(true);
    expect(outcome.errors).toEqual([]);
    if (outcome.ok) expect(outcome.round.students[1].mobility).toBeUndefined();
  });

  it('formats paths the way the spec writes them', () => {
    expect(formatPath(['students', 812, 'preferences', 2])).toBe('students[812].preferences[2]');
    expect(formatPath(['round', 'scope', 'region'])).toBe('round.scope.region');
  });

  it('rejects what is not a round at all', () => {
    expect(errorsOf(null)).toEqual([' type']);
    expect(errorsOf([])).toEqual([' type']);
    expect(errorsOf({ ...valid(), format: 'dual-match/round@2' })).toEqual(['format value']);
  });

  it('reports every error of a file together, each with its path and rule', () => {
    const round = valid() as any;
    round.students[0].score = 101;
    round.students[1].specialty = 'NOPE';
    round.students.push({ id: 'S1', college: 'C-A', specialty: 'WELD', score: 50 });
    round.offers[0].places = -1;
    round.offers[1].enterprise = 'E-NONE';
    round.students[1].mobility = 'mars';
    round.students[1].preferences = ['O1', 'O2', 'O1', 'O-404'];
    expect(errorsOf(round).sort()).toEqual(
      [
        'students[0].score range',
        'students[1].specialty reference',
        'students[2].id duplicate-id',
        'offers[0].places range',
        'offers[1].enterprise reference',
        'students[1].mobility value',
        'students[1].preferences[2] duplicate-preference',
        'students[1].preferences[3] reference',
      ].sort(),
    );
  });

  it('names wrong types and missing fields', () => {
    const round = valid() as any;
    round.students[0].score = '70';
    delete round.offers[0].places;
    round.offers[1].places = 1.5;
    round.enterprises[0].capacity = -2;
    const outcome = validateRound(round);
    const messages = Object.fromEntries(outcome.errors.map((e) => [e.path, e.message]));
    expect(messages['students[0].score']).toBe('must be a number');
    expect(messages['offers[0].places']).toBe('is required (number)');
    expect(messages['offers[1].places']).toMatch(/whole number/);
    expect(messages['enterprises[0].capacity']).toMatch(/negative/);
  });

  it('checks every kind of reference and duplicate id', () => {
    const round = valid() as any;
    round.round.scope = { region: 'R-X' };
    round.colleges[0].region = 'R-X';
    round.enterprises[0].region = 'R-X';
    round.offers[0].specialty = 'X';
    round.students[0].college = 'C-X';
    round.regions.push({ ...round.regions[0] });
    round.specialties.push({ ...round.specialties[0] });
    round.colleges.push({ ...round.colleges[1] });
    round.enterprises.push({ ...round.enterprises[0] });
    round.offers.push({ ...round.offers[1] });
    expect(errorsOf(round).sort()).toEqual(
      [
        'round.scope.region reference',
        'colleges[0].region reference',
        'enterprises[0].region reference',
        'enterprises[1].region reference',
        'offers[0].specialty reference',
        'students[0].college reference',
        'regions[2].code duplicate-id',
        'specialties[2].code duplicate-id',
        'colleges[2].id duplicate-id',
        'enterprises[1].id duplicate-id',
        'offers[2].id duplicate-id',
      ].sort(),
    );
  });

  it('caps the number of reported issues but keeps counting', () => {
    const round = valid() as any;
    for (let i = 0; i < 50; i++) round.students.push({ id: `X${i}`, college: 'C-A', specialty: 'WELD', score: -1 });
    const outcome = validateRound(round, { cap: 10 });
    expect(outcome.errors).toHaveLength(10);
    expect(outcome.errorCount).toBe(50);
  });

  it('warns about preferences that can never be used, naming the rule', () => {
    const round = tinyRound({
      students: [{ id: 'S1', score: 50, language: 'ru', preferences: ['O-score', 'O-lang', 'O-far', 'O-cook', 'O-empty', 'O-ok'] }],
      offers: [
        { id: 'O-score', minScore: 60 },
        { id: 'O-lang', languages: ['kk'] },
        { id: 'O-far', enterprise: 'E-B' },
        { id: 'O-cook', specialty: 'COOK' },
        { id: 'O-empty', places: 0 },
        { id: 'O-ok' },
      ],
    });
    const outcome = validateRound(round);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings.map((w) => `${w.path} ${w.rule}`)).toEqual([
      'students[0].preferences[0] incompatible-score',
      'students[0].preferences[1] incompatible-language',
      'students[0].preferences[2] incompatible-distance',
      'students[0].preferences[3] incompatible-specialty',
      'students[0].preferences[4] no-places',
    ]);
  });

  it('keeps unknown fields (the spec requires them to survive import and export)', () => {
    const round = valid() as any;
    round.students[0].nickname = 'Ali';
    round.extra = { note: 1 };
    const outcome = validateRound(round);
    expect(outcome.ok && (outcome.round.students[0] as any).nickname).toBe('Ali');
    expect(outcome.ok && (outcome.round as any).extra).toEqual({ note: 1 });
  });

  it('warns about unknown and repeated students in an enterprise ranking', () => {
    const round = valid() as any;
    round.enterprises[0].ranking = ['S2', 'S-other', 'S2'];
    const outcome = validateRound(round);
    expect(outcome.ok).toBe(true);
    expect(outcome.warnings.map((w) => `${w.path} ${w.rule}`)).toEqual([
      'enterprises[0].ranking[1] unknown-student',
      'enterprises[0].ranking[2] duplicate-ranking',
    ]);
  });
});
