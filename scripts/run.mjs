// `npm run till|hq|coupon -- ...`: runs a built command line (dist-node/<name>.js), building it
// first when its sources changed. The command sees its own path as argv[1], as if run directly.
import { fileURLToPath } from 'node:url';
import { ensureBuilt } from './ensureBuilt.mjs';

const [name, ...args] = process.argv.slice(2);
if (!['tillCli', 'hq', 'coupon'].includes(name ?? '')) {
  console.error('usage: node scripts/run.mjs tillCli|hq|coupon [args]');
  process.exit(2);
}
await ensureBuilt({ renderer: false, quiet: true });
const bundle = fileURLToPath(new URL(`../dist-node/${name}.js`, import.meta.url));
process.argv = [process.argv[0], bundle, ...args];
await import(bundle);
