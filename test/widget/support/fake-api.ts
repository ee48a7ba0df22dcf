/**
 * A stand-in for the dual-match server inside the browser test runner, where the real one
 * cannot start: a `fetch` that answers the routes of docs/api.md from an in-memory run, with
 * the server's filtering, sorting and cursor paging of results. Tests change its answers
 * (`fail`, `delay`) to reach the error and loading states.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import type { EnterprisePatch, EnterpriseRow, OfferRow, PlacementBar, ResultPage, ReferenceName, ResultRow, RoundInfo, RunInfo, RunSummary, StudentOutcome } from '../../../widget/api/types.ts';

export const SERVER = 'https://dm.example';

export interface FakeApiOptions {
  students?: number;
  published?: boolean;
  /** The run's round is from before lookup keys: lookups send the code (default: keys). */
  codesOnly?: boolean;
}

/** The run's key derivation, and the keys of personal code "secret" under it (node:crypto's scrypt, worked out once). */
const LOOKUP_DERIVATION = { algorithm: 'scrypt', salt: 'fake-salt', N: 16, r: 8, p: 1, length: 16 } as const;
const KEYS_OF_SECRET: Record<string, string> = { 'S-000001': 'M3zQzpkNz_TAXsG_5QKKBw', 'S-000000': 'ei82NbD1BMsf9Pa9l1nOiw' };

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  auth: string | null;
  body: string | null;
}

const SPECIALTIES = ['07150500', '07161300', '10130300'];
const REGIONS = ['KZ-39', 'KZ-71'];

export const REGION_NAMES: ReferenceName[] = [
  { code: 'KZ-39', name_en: 'Kostanay Region', name_ru: 'Костанайская область', name_kk: 'Қостанай облысы' },
  { code: 'KZ-71', name_en: 'Astana', name_ru: 'город Астана', name_kk: 'Астана қаласы' },
];
export const SPECIALTY_NAMES: ReferenceName[] = [
  { code: '07150500', name_en: 'Welding', name_ru: 'Сварочное дело', name_kk: 'Дәнекерлеу ісі' },
  { code: '07161300', name_en: 'Motor vehicle maintenance', name_ru: 'Техобслуживание автомобилей', name_kk: 'Автомобиль көлігіне қызмет көрсету' },
  { code: '10130300', name_en: 'Catering', name_ru: 'Организация питания', name_kk: 'Тамақтандыруды ұйымдастыру' },
];

function makeRows(count: number): ResultRow[] {
  return Array.from({ length: count }, (_, i) => {
    const placed = i % 5 !== 0;
    return {
      student: `S-${String(i).padStart(6, '0')}`,
      status: placed ? 'placed' : 'unplaced',
      specialty: SPECIALTIES[i % 3],
      region: REGIONS[i % 2],
      college: `C-${i % 7}`,
      collegeName: `College ${i % 7}`,
      enterprise: placed ? `E-${i % 11}` : null,
      enterpriseName: placed ? `Enterprise ${i % 11}` : null,
      offer: placed ? `O-${i % 23}` : null,
      rank: placed ? (i % 4) + 1 : null,
      km: placed ? (i % 90) + 0.5 : null,
      reason: placed ? null : 'capacity',
    };
  });
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type, ...headers } });
}

export function problem(status: number, title: string, extra: Record<string, unknown> = {}): Response {
  return json({ type: 'about:blank', title, status, ...extra }, status);
}

export class FakeApi {
  readonly requests: RecordedRequest[] = [];
  readonly rows: ResultRow[];
  /** Answers that replace the normal one, by path (e.g. `/runs/run-1/summary`). */
  readonly overrides = new Map<string, () => Response | Promise<Response>>();
  /** The published run, if any. */
  publishedRun: string | null;
  /** Runs by id; an office's run adds one. */
  readonly runs = new Map<string, RunInfo>();
  /** The round's offers, as an enterprise key sees them. */
  readonly offers: OfferRow[] = [
    { id: 'O-1', enterprise: 'E-1', specialty: '07150500', places: 4, minScore: 60, languages: ['kk', 'ru'], housing: true },
    { id: 'O-2', enterprise: 'E-1', specialty: '10130300', places: 2 },
  ];

  /** The round's enterprises, as an enterprise key sees them (its own). */
  readonly enterprises: EnterpriseRow[] = [{ id: 'E-1', name: 'AgromashHolding KZ', region: 'KZ-39', capacity: 5, ranking: ['S-000001', 'S-000002'] }];

  private readonly codesOnly: boolean;

  constructor(options: FakeApiOptions = {}) {
    this.rows = makeRows(options.students ?? 50);
    this.publishedRun = (options.published ?? true) ? 'run-1' : null;
    this.codesOnly = options.codesOnly ?? false;
    this.runs.set('run-1', this.run('run-1', '2026-09-01T10:00:00Z'));
  }

  private run(id: string, createdAt: string): RunInfo {
    return {
      id,
      round: 'kostanay-2026-autumn',
      status: 'done',
      mechanism: 'optimal',
      policy: {},
      roundRevision: 1,
      stale: false,
      inputHash: `sha256:${'0'.repeat(64)}`,
      solver: { name: 'dual-match', version: '0.1.0' },
      progress: null,
      summary: this.summary().summary,
      error: null,
      createdAt,
      startedAt: createdAt,
      finishedAt: createdAt,
      publishedAt: id === this.publishedRun ? createdAt : null,
      seconds: 0.1,
    };
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== SERVER) throw new TypeError('Failed to fetch');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const method = init.method ?? 'GET';
    const headers = new Headers(init.headers);
    this.requests.push({ method, path, query: url.searchParams, auth: headers.get('Authorization'), body: (init.body as string) ?? null });
    const override = this.overrides.get(path);
    if (override) return override();
    return this.route(method, path, url.searchParams, headers.get('Authorization'), init.body as string | undefined);
  };

  fail(path: string, response: () => Response | Promise<Response>): void {
    this.overrides.set(path, response);
  }

  summary(): RunSummary {
    const placed = this.rows.filter((row) => row.status === 'placed').length;
    const shortage = SPECIALTIES.flatMap((specialty) =>
      REGIONS.map((region) => {
        const rows = this.rows.filter((row) => row.specialty === specialty && row.region === region);
        const cellPlaced = rows.filter((row) => row.status === 'placed').length;
        const unplaced = rows.length - cellPlaced;
        return { specialty, region, students: rows.length, places: cellPlaced + 1, placed: cellPlaced, unplaced, unusedPlaces: 1, gap: Math.floor(unplaced / 2) };
      }),
    );
    // As the server does: the cells added up.
    const addUp = (key: 'specialty' | 'region'): PlacementBar[] =>
      [...new Set(shortage.map((cell) => cell[key]))].map((code) => {
        const cells = shortage.filter((cell) => cell[key] === code);
        const sum = (field: 'students' | 'places' | 'placed' | 'unplaced' | 'unusedPlaces') => cells.reduce((total, cell) => total + cell[field], 0);
        return { code, students: sum('students'), places: sum('places'), placed: sum('placed'), unplaced: sum('unplaced'), unusedPlaces: sum('unusedPlaces') };
      });
    return {
      run: 'run-1',
      round: 'kostanay-2026-autumn',
      mechanism: 'optimal',
      inputHash: `sha256:${'0'.repeat(64)}`,
      publishedAt: this.publishedRun ? '2026-09-01T10:00:00Z' : null,
      summary: { students: this.rows.length, places: placed + 6, placed, priorityPlaced: 3, priorityStudents: 4 },
      shortage,
      bySpecialty: addUp('specialty'),
      byRegion: addUp('region'),
      recommendations: [],
      justifiedEnvy: 0,
    };
  }

  private results(query: URLSearchParams, auth: string | null): Response {
    // As the server: the public sees pseudonyms, so it may not search or sort by student id.
    if (!auth && (query.has('q') || query.get('sort') === 'student')) return problem(400, 'Bad request');
    let rows = this.rows;
    for (const field of ['specialty', 'region', 'college', 'enterprise', 'status'] as const) {
      const value = query.get(field);
      if (value) rows = rows.filter((row) => row[field] === value);
    }
    const q = query.get('q');
    if (q) rows = rows.filter((row) => row.student.includes(q));
    const sort = (query.get('sort') ?? 'position') as keyof ResultRow | 'position';
    const direction = query.get('order') === 'desc' ? -1 : 1;
    if (sort !== 'position' || direction === -1) {
      const key = sort === 'position' ? 'student' : sort;
      rows = [...rows].sort((a, b) => direction * (String(a[key] ?? '').localeCompare(String(b[key] ?? '')) || a.student.localeCompare(b.student)));
    }
    const start = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 100);
    const end = Math.min(rows.length, start + limit);
    const page: ResultPage = { items: rows.slice(start, end), nextCursor: end < rows.length ? String(end) : null };
    if (query.get('count') === 'true') page.total = rows.length;
    return json(page);
  }

  private round(): RoundInfo {
    return {
      id: 'kostanay-2026-autumn',
      status: this.publishedRun ? 'published' : 'solved',
      scope: { region: 'KZ-39' },
      mechanism: 'optimal',
      policy: {},
      revision: 1,
      sourceRun: null,
      createdAt: '2026-09-01T09:00:00Z',
      updatedAt: '2026-09-01T09:00:00Z',
      counts: { students: this.rows.length, offers: 23, colleges: 7, enterprises: 11, places: this.rows.length },
      publishedRun: this.publishedRun,
      runs: [...this.runs.values()],
    };
  }

  /** The run's progress as Server-Sent Events, a few milliseconds apart. */
  private events(): Response {
    const encoder = new TextEncoder();
    const steps = [
      ['progress', { phase: 'compatibility', percent: 20 }],
      ['progress', { phase: 'solve', percent: 60 }],
      ['progress', { phase: 'analysis', percent: 95 }],
      ['done', {}],
    ] as const;
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        for (const [event, data] of steps) {
          await new Promise((resolve) => setTimeout(resolve, 30));
          controller.enqueue(encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`));
        }
        controller.close();
      },
    });
    return new Response(body, { headers: { 'Content-Type': 'text/event-stream' } });
  }

  /** As the server: only while the round is open; a capacity, and a ranking of the round's students, each once. */
  private patchEnterprise(id: string, patch: Record<string, unknown>): Response {
    const target = this.enterprises.find((candidate) => candidate.id === id);
    if (!target) return problem(404, 'Not found');
    if (this.publishedRun) return problem(409, 'Conflict');
    const errors: { path: string; rule: string; message: string }[] = [];
    for (const field of Object.keys(patch)) {
      if (field !== 'capacity' && field !== 'ranking') errors.push({ path: '', rule: 'unrecognized_keys', message: `Unrecognized key: "${field}"` });
    }
    const { capacity, ranking } = patch as EnterprisePatch;
    if (capacity !== undefined && capacity !== null && !(Number.isInteger(capacity) && capacity >= 0)) errors.push({ path: 'capacity', rule: 'too_small', message: 'must not be negative' });
    const students = new Set(this.rows.map((row) => row.student));
    const firstAt = new Map<string, number>();
    ranking?.forEach((student, k) => {
      const first = firstAt.get(student);
      if (first !== undefined) errors.push({ path: `ranking[${k}]`, rule: 'duplicate', message: `"${student}" is already ranked at ranking[${first}]` });
      else if (!students.has(student)) errors.push({ path: `ranking[${k}]`, rule: 'reference', message: `"${student}" is not a student of this round` });
      firstAt.set(student, first ?? k);
    });
    if (errors.length > 0) return problem(422, 'Invalid input', { errors });
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete target[field];
      else target[field] = value;
    }
    return json(target);
  }

  private route(method: string, path: string, query: URLSearchParams, auth: string | null, body?: string): Response {
    if (path === '/regions') return json({ items: REGION_NAMES, nextCursor: null });
    if (path === '/specialties') return json({ items: SPECIALTY_NAMES, nextCursor: null });
    if (path === '/rounds/kostanay-2026-autumn') return json(this.round());
    if (path === '/rounds' && method === 'POST') {
      const report = { warnings: [{ path: 'students[3].preferences[1]', message: 'offer O-7 is not compatible', rule: 'compatibility' }], warningCount: 1, codes: [{ student: 'S-000001', code: 'K7QM-2XPD' }] };
      return json({ ...this.round(), ...report }, 201);
    }
    if (path === '/rounds/kostanay-2026-autumn/runs' && method === 'POST') {
      const id = `run-${this.runs.size + 1}`;
      this.runs.set(id, this.run(id, new Date().toISOString()));
      return json({ runId: id }, 202);
    }
    if (path === '/rounds/kostanay-2026-autumn/offers' && method === 'POST') {
      const offer = JSON.parse(body ?? '{}') as OfferRow;
      this.offers.push(offer);
      return json(offer, 201);
    }
    if (path === '/rounds/kostanay-2026-autumn/offers') return json({ items: this.offers, nextCursor: null });
    if (path === '/rounds/kostanay-2026-autumn/enterprises') return json({ items: this.enterprises, nextCursor: null });
    const enterprise = /^\/rounds\/kostanay-2026-autumn\/enterprises\/([^/]+)$/.exec(path);
    if (enterprise && method === 'PATCH') return this.patchEnterprise(decodeURIComponent(enterprise[1]), JSON.parse(body ?? '{}') as Record<string, unknown>);
    const offer = /^\/rounds\/kostanay-2026-autumn\/offers\/([^/]+)$/.exec(path);
    if (offer && method === 'PATCH') {
      const target = this.offers.find((candidate) => candidate.id === decodeURIComponent(offer[1]));
      if (!target) return problem(404, 'Not Found');
      Object.assign(target, JSON.parse(body ?? '{}'));
      return json(target);
    }
    const run = /^\/runs\/(run-\d+)(\/.*)?$/.exec(path);
    if (run && this.runs.has(run[1])) {
      const [, id, rest = ''] = run;
      if (rest === '') return json(this.runs.get(id));
      if (rest === '/events') return this.events();
      if (rest === '/summary') return json(this.summary());
      if (rest === '/results') return this.results(query, auth);
      if (rest === '/publish' && method === 'POST') {
        this.publishedRun = id;
        return json({ ok: true });
      }
      if (rest.startsWith('/compare/')) {
        const other = this.runs.get(rest.slice('/compare/'.length))!;
        return json({ a: this.runs.get(id), b: other, rankDistribution: { a: [2, 30, 6, 4], b: [0, 28, 8, 4] }, totalKm: { a: 1234.5, b: 1500 }, justifiedEnvy: { a: 3, b: 0 }, changedOutcomes: 7 });
      }
      if (rest === '/result.json') return json({ format: 'dual-match/result@1' });
    }
    if (path === '/runs/run-1/lookup-key' && method === 'GET') return json({ derivation: this.codesOnly ? null : LOOKUP_DERIVATION });
    if (path === '/runs/run-1/lookup' && method === 'POST') {
      const { student, code, key } = JSON.parse(body ?? '{}') as { student: string; code?: string; key?: string };
      const row = this.rows.find((candidate) => candidate.student === student);
      const proven = this.codesOnly ? code === 'secret' : code === undefined && key === KEYS_OF_SECRET[student];
      if (!row || !proven) return problem(404, 'Not Found');
      const outcome: StudentOutcome = { ...row, explanation: row.status === 'placed' ? [{ code: 'first-choice' }] : [{ code: 'capacity', offers: 2, places: 5 }] };
      return json(outcome);
    }
    return problem(404, 'Not Found');
  }
}

/** A fresh FakeApi as `fetch` for each test of the calling file; the page is emptied after each. */
export function useFakeApi(options?: FakeApiOptions): () => FakeApi {
  let api: FakeApi;
  beforeEach(() => {
    api = new FakeApi(options);
    vi.stubGlobal('fetch', api.fetch);
  });
  afterEach(() => {
    document.body.replaceChildren();
    vi.unstubAllGlobals();
  });
  return () => api;
}
