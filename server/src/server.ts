// Entry point: parse the configuration, build the app, listen, resume live debates,
// and shut down gracefully on SIGINT/SIGTERM (stop accepting, flush, close).
import { loadConfig, ConfigError, publicBaseUrl } from './config.ts';
import { buildApp } from './app.ts';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = publicBaseUrl(config, port);
  const resumed = await app.services.resumeLiveDebates();

  const lines = [
    '',
    `Tribune is running on ${base}`,
    `  database: ${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}/pglite`}`,
    `  realtime: ${config.redisUrl ? 'Socket.IO + Redis adapter' : 'single node (in-process Socket.IO adapter)'}`,
    `  API docs: ${base}/docs   health: ${base}/healthz`,
    `  live debates resumed: ${resumed}`,
  ];
  if (config.adminTokenGenerated) {
    lines.push(
      `  admin token (generated once, kept in ${config.dataDir}/secrets.json):`,
      `    ${config.adminToken}`,
      `  try: curl -H "Authorization: Bearer <admin token>" ${base}/api/debates`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    app
      .close()
      .then(() => process.exit(0))
      .catch((err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(`Tribune failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
