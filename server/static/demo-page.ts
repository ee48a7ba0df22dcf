/**
 * The demo page at `/`: the widget (from /widget.js) showing the latest published round, and
 * how to embed it. Rendered on the server with no inline script, so the strict CSP holds.
 */
import { escapeHtml } from './html.ts';

export interface DemoPageInput {
  baseUrl: string;
  /** The round to show: the most recently published one. */
  roundId: string | null;
  /** In demo mode, a student id and personal code to try the lookup with. */
  demoStudent: { id: string; code: string } | null;
}

export function renderDemoPage({ baseUrl, roundId, demoStudent }: DemoPageInput): string {
  const round = roundId === null ? '' : escapeHtml(roundId);
  const snippet = `<script type="module" src="${baseUrl}/widget.js"></script>\n<dual-match round="${roundId ?? 'ROUND-ID'}" lang="ru"></dual-match>`;
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dual-match — placement results</title>
<link rel="stylesheet" href="/assets/site.css">
<script type="module" src="/widget.js"></script>
</head>
<body>
<header>
  <h1>dual-match</h1>
  <p>Placement of vocational students in enterprises of the dual education system: results, shortages and each student's own outcome.</p>
  <nav><a href="/docs">API documentation</a><a href="/openapi.json">OpenAPI document</a></nav>
</header>
<main>
${roundId === null ? '<p class="note">No round has been published yet. Import a round, run it and publish the run (see <a href="/docs">the API</a>); it will show here.</p>' : `<h2>Round ${round}</h2>\n<dual-match round="${round}" lang="ru"></dual-match>`}
${demoStudent ? `<p class="note">Try “My result” with student <code>${escapeHtml(demoStudent.id)}</code> and personal code <code>${escapeHtml(demoStudent.code)}</code> (demo data).</p>` : ''}
<h2>Embedding</h2>
<p>Any site can show a published round with two lines (its origin must be allowed by <code>CORS_ORIGINS</code> or a key):</p>
<pre><code>${escapeHtml(snippet)}</code></pre>
</main>
</body>
</html>
`;
}
