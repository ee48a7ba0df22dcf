/** What a browser opens: the demo page, the API docs, the widget bundle and the style sheet. */
import { readFileSync } from 'node:fs';
import { Hono } from 'hono';
import type { AuthEnv } from '../auth/principal.ts';
import { ProblemError } from '../http/problem.ts';
import type { Services } from '../services.ts';
import { renderDemoPage } from '../static/demo-page.ts';
import { renderDocsPage, type OpenApiDocument } from '../static/docs-page.ts';

const SITE_CSS = readFileSync(new URL('../static/assets/site.css', import.meta.url), 'utf8');

export function pageRoutes(services: Services, openApi: () => OpenApiDocument) {
  const { reader, widget } = services;
  return new Hono<AuthEnv>()
    .get('/', async (c) => {
      const latest = await reader.selectFrom('rounds').select('id').where('published_run_id', 'is not', null).orderBy('updated_at', 'desc').limit(1).executeTakeFirst();
      const baseUrl = services.config.publicUrl ?? new URL(c.req.url).origin;
      return c.html(renderDemoPage({ baseUrl, roundId: latest?.id ?? null, demoStudent: services.demoStudent }));
    })
    .get('/docs', (c) => c.html(renderDocsPage(openApi())))
    // There is no icon; answering keeps browsers from logging a failed request on every page.
    .get('/favicon.ico', (c) => c.body(null, 204))
    .get('/assets/site.css', (c) => c.body(SITE_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' }))
    .get('/widget.js', async (c) => {
      const bundle = await widget.read();
      if (!bundle) throw new ProblemError(503, 'unavailable', 'the widget bundle is not built; run `npm run build:widget` (or restart the server, which builds it when missing)');
      const headers = {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=300',
        etag: bundle.etag,
        // Loadable by any embedding site: module scripts are fetched with CORS.
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
      };
      if (c.req.header('if-none-match') === bundle.etag) return c.body(null, 304, headers);
      return c.body(new Uint8Array(bundle.body), 200, headers);
    });
}
