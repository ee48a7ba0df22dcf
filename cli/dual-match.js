#!/usr/bin/env node
// The published entry point stays plain JavaScript so `npx dual-match` works without a build
// step; the TypeScript sources are loaded through tsx.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
