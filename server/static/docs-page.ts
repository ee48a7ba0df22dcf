/**
 * The API documentation at /docs, rendered on the server from the OpenAPI document (the same
 * one served at /openapi.json), so it cannot drift from the routes. Plain HTML and a style
 * sheet, no script: it works under the strict CSP and without a network connection.
 */
import { PROBLEM_TYPES } from '../http/problem.ts';
import { escapeHtml } from './html.ts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string | string[]; enum?: unknown[]; default?: unknown };
}

interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
  'x-roles'?: string[];
}

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths?: Record<string, Record<string, Operation>>;
}

const METHODS = ['get', 'post', 'patch', 'put', 'delete'];

/** Escaped text with its `code` spans set as code. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const schemaName = (content: Record<string, { schema?: { $ref?: string } }> | undefined) =>
  Object.entries(content ?? {})
    .map(([type, { schema }]) => `${type}${schema?.$ref ? ` (${schema.$ref.split('/').pop()})` : ''}`)
    .join(', ');

function parameterType(p: Parameter): string {
  const s = p.schema ?? {};
  if (s.enum) return s.enum.map(String).join(' | ');
  return Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? '');
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = op.parameters ?? [];
  const paramTable = params.length
    ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th>default</th><th></th></tr>${params
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code>${p.required ? ' *' : ''}</td><td>${p.in}</td><td>${escapeHtml(parameterType(p))}</td><td>${p.schema?.default === undefined ? '' : escapeHtml(String(p.schema.default))}</td><td>${prose(p.description ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const body = op.requestBody ? `<p>Body: ${escapeHtml(schemaName(op.requestBody.content))}</p>` : '';
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<li><strong>${status}</strong> ${prose(r.description ?? '')}${r.content && status.startsWith('2') ? ` — ${escapeHtml(schemaName(r.content))}` : ''}</li>`)
    .join('');
  return `<section class="op" id="${method}-${escapeHtml(path.replace(/[^a-z0-9]+/gi, '-'))}">
<h3><span class="method ${method}">${method}</span> <code>${escapeHtml(path)}</code></h3>
<p>${prose(op.summary ?? '')}</p>
${op.description ? `<p>${prose(op.description)}</p>` : ''}
${op['x-roles'] ? `<p class="roles">Who: ${escapeHtml(op['x-roles'].join(', '))}</p>` : ''}
${paramTable}${body}<ul>${responses}</ul>
</section>`;
}

export function renderDocsPage(doc: OpenApiDocument): string {
  const byTag = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = operations[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(renderOperation(method, path, op));
    }
  }
  const anchor = (tag: string) => `tag-${escapeHtml(tag.replace(/\s+/g, '-'))}`;
  const contents = [...byTag.keys()].map((tag) => `<a href="#${anchor(tag)}">${escapeHtml(tag)}</a>`).join(' · ');
  const sections = [...byTag].map(([tag, ops]) => `<h2 id="${anchor(tag)}">${escapeHtml(tag)}</h2>\n${ops.join('\n')}`).join('\n');
  const problems = Object.entries(PROBLEM_TYPES)
    .map(([slug, text]) => `<dt id="problem-${slug}"><code>/docs#problem-${slug}</code></dt><dd>${prose(text)}</dd>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info.title)} — API</title>
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<header>
  <h1>${escapeHtml(doc.info.title)} API <small>v${escapeHtml(doc.info.version)}</small></h1>
  <p>${escapeHtml(doc.info.description ?? '')}</p>
  <nav><a href="/">Demo</a><a href="/openapi.json">OpenAPI document (JSON)</a></nav>
</header>
<main>
<h2>Basics</h2>
<ul>
  <li>Base path <code>/api/v1</code>; JSON in and out unless an endpoint says otherwise.</li>
  <li>Authentication: <code>Authorization: Bearer &lt;key or token&gt;</code>. No header: the public role. Keys are made with <code>npm run keys -- create</code>; <code>POST /tokens</code> exchanges one for a short-lived token.</li>
  <li>Lists page with cursors: pass a page's <code>nextCursor</code> as <code>cursor</code> for the next; <code>null</code> means the last page.</li>
  <li>Errors are RFC 9457 problem details (<code>application/problem+json</code>); bad input lists <code>errors: [{ path, message, rule }]</code>. <a href="#problems">Problem types</a>.</li>
</ul>
<p>Endpoints: ${contents}</p>
${sections}
<h2 id="problems">Problem types</h2>
<dl>
${problems}
</dl>
</main>
</body>
</html>
`;
}
