/**
 * The serving side (app context, handlers, the HTTP/WebSocket and IPC transports) loads no TensorFlow.js code:
 * only the engine's workers run models, and the library costs the serving process about 80 MB of resident memory
 * (issue 13's peak-RSS target counts the serving process with its workers). Checked in a fresh child process
 * through tsx, as `npm run serve` runs, from the CommonJS module cache the tfjs packages load into.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../wfdb/wfdb-test-paths';

/** Serving-side modules, relative to the repository root. */
const SERVING_MODULES = [
  'src/main/core/api/app-context.ts',
  'src/main/core/api/handlers.ts',
  'src/main/transport/http-server.ts',
  'src/main/transport/ipc.ts',
];

/** The child's program: import the modules, then print every loaded CommonJS module path as JSON. */
const PROGRAM = `
const { createRequire } = await import('node:module');
for (const m of ${JSON.stringify(SERVING_MODULES)}) await import('./' + m);
const require = createRequire(import.meta.url);
console.log(JSON.stringify(Object.keys(require.cache)));
`;

describe('serving-side imports', () => {
  it('load no @tensorflow package', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', PROGRAM], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    const loaded = JSON.parse(out.trim().split('\n').pop() ?? '[]') as string[];
    // the check itself sees CommonJS packages: better-sqlite3 is one the serving side does load
    expect(loaded.some((path) => path.includes('better-sqlite3'))).toBe(true);
    expect(loaded.filter((path) => path.includes('@tensorflow'))).toEqual([]);
  });
});
