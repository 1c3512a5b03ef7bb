import { utilityProcess } from 'electron';
import type { EngineHostSetup, EngineReply, EngineRequest } from '../core/engine/engine-link';
import { RemoteEngine } from '../core/engine/remote-engine';

/**
 * Starts the app's analysis engine in an Electron utility process
 * (`out/main/engine-host.js`, which runs the worker pool) and returns the
 * main-process side of it: a {@link RemoteEngine} that only relays requests
 * and progress. When the utility process dies, pending calls fail with its
 * exit code, so their jobs end `failed` instead of hanging.
 * @param hostScript - path of the bundled engine-host entry
 * @param setup - backend preference, models folder, number of workers
 * @param log - receives the process's exit
 * @returns the engine
 */
export function startUtilityProcessEngine(hostScript: string, setup: EngineHostSetup, log: (line: string) => void): RemoteEngine {
  const child = utilityProcess.fork(hostScript, [JSON.stringify(setup)], { serviceName: 'Holter analysis engine', stdio: 'inherit' });
  const engine = new RemoteEngine({
    post: (message: EngineRequest) => child.postMessage(message),
    onMessage: (listener: (message: EngineReply) => void) => {
      child.on('message', listener);
      return () => child.off('message', listener);
    },
  });
  child.once('exit', (code) => {
    log(`analysis engine process exited with code ${code}`);
    engine.fail(`the analysis process exited with code ${code}`);
  });
  return engine;
}
