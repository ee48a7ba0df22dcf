/**
 * `npm run bench:widget`: builds widget.js and prints
 * - its size, raw and gzipped, against the 40 kB target (Lit included);
 * - the time to first render of a run with 100,000 result rows in headless Chromium: from
 *   the moment <dual-match view="results"> joins the page until its first rows are painted,
 *   with a local API answering from memory (summary, reference data, 500-row pages);
 * - how smoothly those rows scroll: frame times while the table scrolls through loaded rows.
 *
 * Chromium is Debian's /usr/bin/chromium (CHROMIUM_PATH overrides), driven by playwright-core,
 * launched as the end-to-end test launches it.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { launchChromium } from '../test/widget/support/chromium.ts';
import type { ResultRow, RoundInfo, RunSummary } from '../widget/api/types.ts';

const TARGET_GZIP_KB = 40;
const ROWS = 100_000;
const PAGE_LIMIT = 500;
const repo = fileURLToPath(new URL('..', import.meta.url));

async function buildBundle(): Promise<Buffer> {
  await build({ configFile: join(repo, 'widget/vite.config.ts'), logLevel: 'warn' });
  return readFileSync(join(repo, 'dist/widget/widget.js'));
}

const SPECIALTIES = ['07150500', '07161300', '10130300', '06130100', '07130100'];
const REGIONS = ['KZ-39', 'KZ-71', 'KZ-75', 'KZ-35'];

function makeRows(): ResultRow[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const placed = i % 6 !== 0;
    return {
      student: `S-${String(i).padStart(6, '0')}`,
      status: placed ? 'placed' : 'unplaced',
      specialty: SPECIALTIES[i % SPECIALTIES.length],
      region: REGIONS[i % REGIONS.length],
      college: `C-${i % 140}`,
      collegeName: `College ${i % 140}`,
      offer: placed ? `O-${i % 3000}` : null,
      enterprise: placed ? `E-${i % 900}` : null,
      enterpriseName: placed ? `Enterprise ${i % 900}` : null,
      rank: placed ? (i % 5) + 1 : null,
      km: placed ? (i % 300) + 0.5 : null,
      reason: placed ? null : 'capacity',
    };
  });
}

function makeSummary(rows: ResultRow[]): RunSummary {
  const cells = new Map<string, { specialty: string; region: string; students: number; places: number; placed: number; unplaced: number; unusedPlaces: number }>();
  for (const row of rows) {
    const key = `${row.specialty}|${row.region}`;
    const cell = cells.get(key) ?? { specialty: row.specialty, region: row.region, students: 0, places: 0, placed: 0, unplaced: 0, unusedPlaces: 0 };
    cell.students++;
    if (row.status === 'placed') cell.placed++;
    else cell.unplaced++;
    cell.places = cell.placed;
    cells.set(key, cell);
  }
  const shortage = [...cells.values()];
  const bars = (key: 'specialty' | 'region') =>
    [...new Set(shortage.map((cell) => cell[key]))].map((code) => {
      const mine = shortage.filter((cell) => cell[key] === code);
      const sum = (field: 'students' | 'places' | 'placed' | 'unplaced' | 'unusedPlaces') => mine.reduce((total, cell) => total + cell[field], 0);
      return { code, students: sum('students'), places: sum('places'), placed: sum('placed'), unplaced: sum('unplaced'), unusedPlaces: 0 };
    });
  const placed = rows.filter((row) => row.status === 'placed').length;
  return {
    run: 'run-bench',
    round: 'bench',
    mechanism: 'optimal',
    inputHash: null,
    publishedAt: null,
    summary: { students: rows.length, places: placed, placed, priorityPlaced: 0, priorityStudents: 0 },
    shortage,
    bySpecialty: bars('specialty'),
    byRegion: bars('region'),
    recommendations: [],
    justifiedEnvy: 0,
  };
}

/** The page, widget.js, and the API routes the results tab reads, from memory. */
function serve(bundle: Buffer, rows: ResultRow[]) {
  const summary = JSON.stringify(makeSummary(rows));
  const round: RoundInfo = {
    id: 'bench',
    status: 'published',
    scope: null,
    mechanism: 'optimal',
    policy: {},
    revision: 1,
    publishedRun: 'run-bench',
    sourceRun: null,
    createdAt: '2026-09-01T09:00:00Z',
    updatedAt: '2026-09-01T09:00:00Z',
  };
  const send = (response: ServerResponse, type: string, body: string | Buffer) => {
    response.writeHead(200, { 'Content-Type': type, 'Access-Control-Allow-Origin': '*' });
    response.end(body);
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/') return send(response, 'text/html', '<!doctype html><html lang="en"><body><script type="module" src="/widget.js"></script></body></html>');
    if (path === '/widget.js') return send(response, 'text/javascript', bundle);
    if (path === '/api/v1/regions' || path === '/api/v1/specialties') return send(response, 'application/json', '{"items":[],"nextCursor":null}');
    if (path === '/api/v1/rounds/bench') return send(response, 'application/json', JSON.stringify(round));
    if (path === '/api/v1/runs/run-bench/summary') return send(response, 'application/json', summary);
    if (path === '/api/v1/runs/run-bench/results') {
      const start = Number(url.searchParams.get('cursor') ?? 0);
      const end = Math.min(rows.length, start + Number(url.searchParams.get('limit') ?? PAGE_LIMIT));
      return send(response, 'application/json', JSON.stringify({ items: rows.slice(start, end), nextCursor: end < rows.length ? String(end) : null }));
    }
    response.writeHead(404).end();
  });
  return new Promise<{ url: string; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() })),
  );
}

interface RenderFigures {
  firstRowsMs: number;
  domRows: number;
  frameMeanMs: number;
  frameP95Ms: number;
}

async function measureInChromium(url: string): Promise<RenderFigures> {
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    // tsx keeps function names with a `__name` helper that the page does not have.
    await page.addInitScript('globalThis.__name = (f) => f');
    await page.goto(url);
    await page.evaluate(() => customElements.whenDefined('dual-match'));
    return await page.evaluate(async (server) => {
      const nextFrame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));
      const rowsIn = (widget: Element) =>
        widget.shadowRoot?.querySelector('dual-match-results')?.shadowRoot?.querySelector('dual-match-results-table')?.shadowRoot ?? null;
      const widget = document.createElement('dual-match');
      widget.setAttribute('server', server);
      widget.setAttribute('round', 'bench');
      widget.setAttribute('lang', 'en');
      widget.setAttribute('view', 'results');
      const start = performance.now();
      document.body.append(widget);
      while (!rowsIn(widget)?.querySelector('tr.result-row td button')) await nextFrame();
      await nextFrame(); // the frame that paints them
      const firstRowsMs = performance.now() - start;
      const table = rowsIn(widget)!;
      const domRows = table.querySelectorAll('tr.result-row').length;

      // Scroll through the first page's rows, a brisk 24 rows a frame, and time each frame.
      const viewport = table.querySelector<HTMLElement>('.viewport')!;
      const rowHeight = table.querySelector('tr.result-row')!.getBoundingClientRect().height;
      const frames: number[] = [];
      let last = await nextFrame();
      for (let i = 0; i < 120; i++) {
        viewport.scrollTop = (i % 12) * 24 * rowHeight;
        const now = await nextFrame();
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      const frameMeanMs = frames.reduce((sum, frame) => sum + frame, 0) / frames.length;
      return { firstRowsMs, domRows, frameMeanMs, frameP95Ms: frames[Math.floor(frames.length * 0.95)] };
    }, url);
  } finally {
    await browser.close();
  }
}

const bundle = await buildBundle();
const gzipKb = gzipSync(bundle, { level: 9 }).length / 1024;
console.log(`widget.js: ${(bundle.length / 1024).toFixed(1)} kB raw, ${gzipKb.toFixed(1)} kB gzipped (target <= ${TARGET_GZIP_KB} kB): ${gzipKb <= TARGET_GZIP_KB ? 'ok' : 'OVER'}`);

const server = await serve(bundle, makeRows());
try {
  const figures = await measureInChromium(server.url);
  console.log(`first render of ${ROWS.toLocaleString('en')} result rows: ${figures.firstRowsMs.toFixed(0)} ms (${figures.domRows} rows in the DOM)`);
  console.log(`scrolling: ${figures.frameMeanMs.toFixed(1)} ms per frame on average, p95 ${figures.frameP95Ms.toFixed(1)} ms`);
} finally {
  server.close();
}
