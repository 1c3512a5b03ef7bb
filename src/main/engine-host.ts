/**
 * Entry of the app's analysis utility process (Electron `utilityProcess`,
 * started by `transport/utility-process-engine.ts`): serves a worker-pool
 * engine to the main process over `process.parentPort`. The settings arrive
 * as the first argument, JSON-encoded.
 */
import type { ParentPort } from 'electron';
import type { EngineHostSetup, EngineReply, EngineRequest } from './core/engine/engine-link';
import { serveEngine } from './core/engine/serve-engine';
import { WorkerPoolEngine } from './core/engine/worker-pool-engine';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('engine-host: not started as an Electron utility process (no process.parentPort)');
const setup = JSON.parse(process.argv[2] ?? '{}') as EngineHostSetup;
serveEngine(
  {
    post: (message: EngineReply) => parentPort.postMessage(message),
    onMessage: (listener: (message: EngineRequest) => void) => {
      const onMessage = (event: Electron.MessageEvent): void => listener(event.data as EngineRequest);
      parentPort.on('message', onMessage);
      return () => parentPort.off('message', onMessage);
    },
  },
  new WorkerPoolEngine(setup),
  () => process.exit(0),
);
