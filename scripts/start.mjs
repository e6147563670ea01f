// `npm start`: builds the till when it is missing or stale, then runs the built till
// (dist-node/till.js) in this same Node process: no tsx, no second npm.
import { ensureBuilt, hasElectronBinary } from './ensureBuilt.mjs';

await ensureBuilt({ renderer: true, electron: hasElectronBinary() });
await import('../dist-node/till.js');
