#!/usr/bin/env node
// The published entry point stays plain JavaScript so `npx dual-match` works without a build
// step; the TypeScript sources are loaded through tsx.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const HEAVY_COMMANDS = new Set(['solve', 'flow', 'graph', 'check', 'compare']);

if (wantsHugePages()) {
  await rerunWithHugePages();
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('./main.ts');
  process.exitCode = await main(process.argv.slice(2));
}

/**
 * A national round fills a few gigabytes of typed arrays. On Linux, where transparent huge
 * pages are given only to memory that asks for them (the usual "madvise" mode), glibc's malloc
 * asks when its `glibc.malloc.hugetlb` tunable is set, which makes page faults 512 times rarer:
 * on the 2-core development VM a 300,000-student solve spent 4-7 s of its CPU time in them
 * without it. Tunables are read at process start, so the command runs itself again with it set.
 */
function wantsHugePages() {
  // Only the commands that build national-size arrays; the others would just start twice.
  if (!HEAVY_COMMANDS.has(process.argv[2])) return false;
  if (process.platform !== 'linux' || process.env.GLIBC_TUNABLES?.includes('glibc.malloc.hugetlb')) return false;
  if (!process.report?.getReport().header.glibcVersionRuntime) return false;
  try {
    return readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[madvise]');
  } catch {
    return false;
  }
}

async function rerunWithHugePages() {
  const tunables = [process.env.GLIBC_TUNABLES, 'glibc.malloc.hugetlb=1'].filter(Boolean).join(':');
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: tunables },
  });
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const forward = (signal) => child.kill(signal);
  for (const signal of signals) process.on(signal, forward);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (...outcome) => resolve(outcome));
  });
  for (const s of signals) process.off(s, forward);
  // End the way the command ended: with its exit code, or killed by the same signal.
  if (signal) process.kill(process.pid, signal);
  else process.exitCode = code;
}
