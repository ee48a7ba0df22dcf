/**
 * `npm run keys -- <command>`: API keys for the server's database (DATABASE_URL, else DATABASE_PATH).
 *
 *   create --role admin|office|enterprise [--region KZ-39] [--enterprise E-301] [--label TEXT] [--origin URL]...
 *   list
 *   revoke KEY_ID
 *
 * A new key is printed once; only its hash is stored.
 */
import { parseArgs } from 'node:util';
import { readConfig } from '../config.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openDatabase, type Db } from '../db/open-database.ts';
import type { Role } from '../db/schema.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../repositories/api-keys.ts';

const USAGE = `usage: npm run keys -- create --role admin|office|enterprise [--region CODE] [--enterprise ID] [--label TEXT] [--origin URL]...
       npm run keys -- list
       npm run keys -- revoke KEY_ID

An office key needs --region (the ISO code of its region, e.g. KZ-39); an enterprise key needs
--enterprise (its id in the round files). --origin (repeatable) names a site allowed to use the
key from a browser. The database is the server's: DATABASE_URL when set (PostgreSQL), else
DATABASE_PATH (default ./data/dual-match.db).`;

class UsageError extends Error {}

function originOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--origin must be a URL such as https://edu.kostanay.gov.kz, got "${value}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--origin must be http(s), got "${value}"`);
  return url.origin;
}

async function create(db: Db, argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { role: { type: 'string' }, region: { type: 'string' }, enterprise: { type: 'string' }, label: { type: 'string' }, origin: { type: 'string', multiple: true } },
    strict: true,
  });
  const role = values.role as Role | undefined;
  if (role !== 'admin' && role !== 'office' && role !== 'enterprise') throw new UsageError('--role must be admin, office or enterprise');
  if (role === 'office' && !values.region) throw new UsageError('an office key needs --region');
  if (role === 'enterprise' && !values.enterprise) throw new UsageError('an enterprise key needs --enterprise');
  if (role !== 'office' && values.region) throw new UsageError('--region is only for office keys');
  if (role !== 'enterprise' && values.enterprise) throw new UsageError('--enterprise is only for enterprise keys');
  const { key, value } = await createApiKey(db, {
    role,
    region: values.region ?? null,
    enterprise: values.enterprise ?? null,
    label: values.label ?? null,
    origins: (values.origin ?? []).map(originOf),
  });
  const scope = key.region ? ` for region ${key.region}` : key.enterprise ? ` for enterprise ${key.enterprise}` : '';
  process.stdout.write(`created ${key.role} key ${key.id}${scope}. It is shown this once; keep it secret:\n${value}\n`);
}

async function list(db: Db): Promise<void> {
  const keys = await listApiKeys(db);
  if (keys.length === 0) process.stdout.write('no keys\n');
  for (const k of keys) {
    const scope = k.region ?? k.enterprise ?? '-';
    process.stdout.write(`${k.id.padEnd(14)} ${k.role.padEnd(10)} ${scope.padEnd(12)} ${k.revokedAt ? `revoked ${k.revokedAt}` : 'active'}  ${k.label ?? ''}${k.origins.length ? `  origins: ${k.origins.join(' ')}` : ''}\n`);
  }
}

async function revoke(db: Db, argv: string[]): Promise<void> {
  if (argv.length !== 1) throw new UsageError('revoke takes one key id');
  if (!(await revokeApiKey(db, argv[0]))) throw new UsageError(`no active key "${argv[0]}"`);
  process.stdout.write(`revoked ${argv[0]}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const commands: Record<string, (db: Db, args: string[]) => Promise<void>> = { create, list: (db) => list(db), revoke };
  if (!command || !(command in commands)) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined || command === '--help' ? 0 : 2;
  }
  const database = openDatabase(readConfig().database, { poolSize: 1 });
  try {
    await migrateToLatest(database.db);
    await commands[command](database.db, rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`keys: ${(error as Error).message}\n${USAGE}\n`);
      return 2;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
