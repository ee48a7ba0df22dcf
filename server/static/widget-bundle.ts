/**
 * The widget bundle served at /widget.js: the Vite build of widget/ (its config is
 * widget/vite.config.ts), written to dist/widget/widget.js. A fresh checkout has no build, so
 * the server builds it once at start when it is missing; until a bundle exists, /widget.js
 * answers 503 with what to do.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../logger.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WIDGET_BUNDLE_PATH = join(ROOT, 'dist/widget/widget.js');
const VITE_CONFIG = join(ROOT, 'widget/vite.config.ts');

export class WidgetBundle {
  private cached: { mtimeMs: number; body: Buffer; etag: string } | null = null;

  constructor(private readonly path = WIDGET_BUNDLE_PATH) {}

  /** The bundle and its ETag, re-read when the file changes (a rebuild); null when there is none. */
  async read(): Promise<{ body: Buffer; etag: string } | null> {
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(this.path)).mtimeMs;
    } catch {
      return null;
    }
    if (this.cached?.mtimeMs !== mtimeMs) {
      const body = await readFile(this.path);
      this.cached = { mtimeMs, body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"` };
    }
    return this.cached;
  }
}

/** Runs `vite build` with the widget's config when the bundle is missing; never throws. */
export async function buildWidgetIfMissing(logger: Logger): Promise<void> {
  if (existsSync(WIDGET_BUNDLE_PATH)) return;
  if (!existsSync(VITE_CONFIG)) {
    logger.warn('no widget bundle and no widget/vite.config.ts to build one: /widget.js will answer 503');
    return;
  }
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin/vite.js');
  logger.info('building the widget bundle (first start)', { config: VITE_CONFIG });
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [vite, 'build', '--config', VITE_CONFIG, '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', () => resolve(null));
    child.on('exit', resolve);
  });
  if (code === 0 && existsSync(WIDGET_BUNDLE_PATH)) logger.info('widget bundle built', { path: WIDGET_BUNDLE_PATH });
  else logger.warn('the widget build failed: /widget.js will answer 503 (run `npx vite build --config widget/vite.config.ts`)', { code });
}
