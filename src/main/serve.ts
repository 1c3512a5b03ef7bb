import { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAppContext } from './core/api/app-context';
import { createHandlers } from './core/api/handlers';
import { withResponseChecks } from './core/api/response-checks';
import { defaultDatabasePath } from './core/store/default-database-path';
import { startHttpServer } from './transport/http-server';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const program = new Command()
  .name('npm run serve --')
  .description('Serve the workstation UI and API on 127.0.0.1 (loopback only, per-run token).')
  .option('--port <n>', 'TCP port (0 = any free port)', (v) => Number.parseInt(v, 10), 0)
  .option('--db <file>', 'SQLite review database (default: $ECG_DB or ~/.holter-workstation/holter.sqlite)')
  .option('--renderer <dir>', 'built renderer folder', resolve(repoRoot, 'out/renderer'))
  .option('--token <token>', 'access token (default: random per run)')
  .option('--check-responses', 'check every reply against the API contract (development and tests; costs a walk of each reply)', false)
  .parse();

const options = program.opts<{ port: number; db?: string; renderer: string; token?: string; checkResponses: boolean }>();
const databasePath = options.db ? resolve(options.db) : defaultDatabasePath();
mkdirSync(dirname(databasePath), { recursive: true });
const ctx = await createAppContext({ databasePath });
const server = await startHttpServer({
  ctx,
  handlers: options.checkResponses ? withResponseChecks(createHandlers(ctx)) : createHandlers(ctx),
  rendererDir: options.renderer,
  port: options.port,
  token: options.token,
});
console.log(`database: ${databasePath}`);
console.log(`open: ${server.url}`);

const stop = async (): Promise<void> => {
  await server.close();
  await ctx.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
