/** Child process for the lock tests: takes the data-folder lock of argv[2], says so, then waits to be killed. */
import { lockDataDir } from '../dataDirLock';

lockDataDir(process.argv[2]!);
process.stdout.write(`locked ${process.pid}\n`);
setInterval(() => undefined, 60_000);
