/** Reading round and result files for the CLI: clear messages, exit code 1 on bad input. */
import { readFile, writeFile } from 'node:fs/promises';
import { formatIssue, validateRound, type ValidationIssue } from '../solver/validate-round.ts';
import type { RoundModel } from '../solver/round-model.ts';
import { documentJsonChunks } from '../solver/document-json.ts';
import { InputError } from './usage-error.ts';

async function readText(path: string): Promise<string> {
  try {
    if (path === '-') {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    }
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** JSON.parse with the failing line and column instead of a bare character offset. */
export async function readJsonFile(path: string): Promise<unknown> {
  const text = (await readText(path)).replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message);
    let where = '';
    if (position) {
      const before = text.slice(0, Number(position[1]));
      const line = before.split('\n').length;
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`;
    }
    throw new InputError(`${path} is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, '')}${where}`);
  }
}

function printIssues(kind: string, issues: ValidationIssue[], count: number, limit: number): void {
  for (const issue of issues.slice(0, limit)) process.stderr.write(`${kind}: ${formatIssue(issue)}\n`);
  if (count > Math.min(limit, issues.length)) process.stderr.write(`... and ${count - Math.min(limit, issues.length)} more ${kind}s\n`);
}

/** Reads and validates a round file; invalid rounds throw an InputError listing every error. */
export async function readRound(path: string, options: { quietWarnings?: boolean } = {}): Promise<{ document: unknown; model: RoundModel }> {
  const document = await readJsonFile(path);
  const outcome = validateRound(document);
  if (!options.quietWarnings) printIssues('warning', outcome.warnings, outcome.warningCount, 20);
  if (!outcome.ok) {
    printIssues('error', outcome.errors, outcome.errorCount, outcome.errors.length);
    throw new InputError(`${path}: ${outcome.errorCount} validation error${outcome.errorCount === 1 ? '' : 's'}; nothing was solved`);
  }
  return { document, model: outcome.model };
}

/** Writes a document to a file, or to stdout when no path is given. */
export async function writeDocument(document: Record<string, unknown>, path: string | undefined): Promise<void> {
  const chunks = documentJsonChunks(document);
  if (path === undefined) {
    for (const chunk of chunks) process.stdout.write(chunk);
    return;
  }
  await writeFile(path, chunks);
}
