// Imported first by the workers' entries when the app runs from source (tsx:
// serve, CLI, tests): Node 20 does not carry tsx's loader into worker threads,
// so each worker registers it itself before it loads its TypeScript task
// module. tsx also turns on Node's source maps, which keep every loaded
// module's map (tfjs's included) in the worker's heap, about 30 MB per worker;
// they are turned off again, as in the bundled workers, and a failed task's
// message names the record and the problem either way.
import { register } from 'tsx/esm/api';

register();
process.setSourceMapsEnabled(false);
