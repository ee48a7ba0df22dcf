/**
 * Builds widget.js: one self-contained ES module (Lit included, nothing loaded at run time
 * but the API) at dist/widget/widget.js, which the server serves at /widget.js.
 * `npm run build:widget` = `vite build --config widget/vite.config.ts`.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  // Never copy the repository's public/ folder (there is none, and none belongs in the bundle).
  publicDir: false,
  build: {
    lib: { entry: fileURLToPath(new URL('index.ts', import.meta.url)), formats: ['es'], fileName: () => 'widget.js' },
    outDir: fileURLToPath(new URL('../dist/widget', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: 'oxc',
    reportCompressedSize: true,
    // Library mode keeps whitespace for the bundlers of a library's users; widget.js is served
    // as it is, so it is minified in full.
    rolldownOptions: { output: { minify: true, comments: { annotation: false, jsdoc: false, legal: true } } },
  },
});
