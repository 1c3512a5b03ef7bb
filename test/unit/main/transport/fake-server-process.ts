/**
 * Child-process entry for transport tests that must watch the server process
 * survive (or die): the real `startHttpServer` over a fake context whose
 * `cases:list` answers `[]`. Prints `port: N` once listening. Run with
 * `node --import tsx fake-server-process.ts <rendererDir> <token>`.
 */
import type { AppContext } from '../../../../src/main/core/api/app-context';
import type { Handlers } from '../../../../src/main/core/api/handlers';
import { startHttpServer } from '../../../../src/main/transport/http-server';

const [rendererDir, token] = process.argv.slice(2);
if (!rendererDir || !token) throw new Error('usage: fake-server-process.ts <rendererDir> <token>');
const ctx = { subscribe: () => () => undefined } as unknown as AppContext;
const handlers = { 'cases:list': async () => [] } as unknown as Handlers;
const server = await startHttpServer({ ctx, handlers, rendererDir, token });
console.log(`port: ${server.port}`);
