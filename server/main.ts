/**
 * `npm start`: the service as a process. Reads the configuration, migrates the database,
 * sets up demo mode, builds the widget bundle if missing, serves HTTP, solves queued runs,
 * and shuts down gracefully on SIGTERM/SIGINT.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { describeLocation, openDatabase } from './db/open-database.ts';
import { publishDemoRound, setUpDemo, type DemoSetup } from './demo/demo-setup.ts';
import { createLogger } from './logger.ts';
import { seedNationalReferenceData } from './repositories/reference-data.ts';
import { createServices, indexesSettled } from './services.ts';
import { buildWidgetIfMissing } from './static/widget-bundle.ts';

function banner(url: string, config: Config, demo: DemoSetup): string {
  const lines = [`dual-match listening on ${url}`, `  demo page      ${url}/`, `  API docs       ${url}/docs   (OpenAPI: ${url}/openapi.json)`, `  database       ${describeLocation(config.database)}`];
  if (demo.officeKey) lines.push(`  demo office key for KZ-39 (DEMO mode only, never in production):`, `                 ${demo.officeKey}`);
  if (demo.student) lines.push(`  demo lookup    student ${demo.student.id}, personal code ${demo.student.code}`);
  if (!demo.officeKey) lines.push('  create keys with: npm run keys -- create --role office --region KZ-39');
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.database, {
    poolSize: config.databasePoolSize,
    onConnectionError: (error) => logger.warn('a database connection broke while idle; the pool replaces it', { error: error.message }),
    checkpointThread: true,
    onCheckpointThreadFailure: (error) => logger.warn('the SQLite checkpoint thread failed; the writer checkpoints by itself again', { error: error.message }),
  });
  // Several instances starting together: the migrator's lock lets one apply, the others wait and find nothing left to do.
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) logger.info('database migrated', { applied });
  await seedNationalReferenceData(database.db);
  const demo = await setUpDemo(database.db, config, logger);
  if (config.widgetBuild) await buildWidgetIfMissing(logger);

  const services = createServices(config, database, logger, demo.student);
  const { runs } = services;
  const app = createApp(services);

  // Requests whose handler is still running (an import's transaction, say): shutdown waits for them.
  let handling = 0;
  const server = serve({
    fetch: async (request, env) => {
      handling++;
      try {
        return await app.fetch(request, env);
      } finally {
        handling--;
      }
    },
    port: config.port,
    hostname: config.host,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = config.publicUrl ?? `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  process.stdout.write(banner(url, config, demo));

  await runs.start();
  if (demo.roundId) publishDemoRound(database.db, runs, demo.roundId, logger).catch((error: unknown) => logger.error('the demo round could not be published', { error: String(error) }));

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long; exiting anyway', { timeoutMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs);
    deadline.unref();
    server.close();
    if ('closeIdleConnections' in server) server.closeIdleConnections();
    await runs.stop();
    await indexesSettled(services);
    while (handling > 0) await new Promise((resolve) => setTimeout(resolve, 20));
    // What is left are streams (event streams, downloads) with nothing more to wait for.
    if ('closeAllConnections' in server) server.closeAllConnections();
    await database.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`dual-match: ${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
