/**
 * The till's entry (built to dist-node/till.js; `npm start` builds it when stale and runs it).
 * Where an Electron binary exists (node_modules/electron/dist), runs the real app.
 * Otherwise runs the same till in the Node host and prints the URL to open in Chromium. The first
 * run seeds a demo (embedded HQ, store, till, campaigns of every type) and prints PINs and codes.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from './dataDir';
import { lockDataDir } from './dataDirLock';
import type { DemoSeed } from './demo/seed';
import { loadOrCreateHostSecret } from './host/hostSecret';
import { runTillHost } from './host/run';
import { posApiPortFrom } from './posApi/runner';
import { rendererSwitchArgs } from './rendererSwitches';

const root = fileURLToPath(new URL('..', import.meta.url));
const rendererDir = join(root, 'dist', 'renderer');
/** The embedded HQ and background sync start after a second with no call from a window, within 10 s (decision 055). */
const BACKGROUND_WHEN_QUIET = { quietMs: 1000, maxMs: 10_000 };

/** `npm start` (scripts/start.mjs) builds what is stale; started any other way, say what is missing. */
function requireBuilt(file: string): void {
  if (existsSync(file)) return;
  console.error(`${file} is missing: run \`npm run build\` (or start with \`npm start\`, which builds it).`);
  process.exit(1);
}

/** COUPON_TILL_PORT: the host's fixed port (a kiosk shortcut's URL survives restarts). */
function fixedPort(text: string): number {
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535)
    throw new Error(`COUPON_TILL_PORT must be a port number from 1 to 65535, not ${JSON.stringify(text)}`);
  return port;
}

function version(): string {
  try {
    return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function printDemo(seeded: DemoSeed, dataDir: string): void {
  console.log(`\nFirst run: demo seeded ${seeded.via === 'embedded-hq' ? 'through the embedded HQ' : 'locally (no HQ)'} in ${dataDir}`);
  console.log('Sign in with (demo PINs):');
  for (const u of seeded.users) console.log(`  ${u.role.padEnd(10)} ${u.name.padEnd(20)} PIN ${u.pin}`);
  console.log('Codes to try (QR images in the data folder):');
  for (const c of seeded.codes.filter((_, i) => i % 3 === 0)) console.log(`  ${c.campaignName}\n    ${c.code}\n    ${c.qrFile}`);
  console.log(`All demo codes: ${join(dataDir, 'demo-codes', 'codes.txt')}\n`);
}

async function runHost(): Promise<void> {
  requireBuilt(join(rendererDir, 'index.html'));
  const dataDir = process.env.COUPON_TILL_DATA ?? defaultDataDir();
  const unlock = lockDataDir(dataDir);
  process.once('exit', unlock);
  const till = await runTillHost({
    dataDir,
    rendererDir,
    version: version(),
    hq: process.env.COUPON_TILL_HQ === 'none' ? 'none' : 'embedded',
    demo: process.env.COUPON_TILL_DEMO !== '0',
    ...(process.env.COUPON_TILL_MANAGER_PIN ? { firstManagerPin: process.env.COUPON_TILL_MANAGER_PIN } : {}),
    ...(process.env.COUPON_TILL_PORT ? { port: fixedPort(process.env.COUPON_TILL_PORT) } : {}),
    posApiPort: posApiPortFrom(process.env),
    ...(process.env.COUPON_TILL_FIXED_SECRET === '1' ? { secret: loadOrCreateHostSecret(dataDir) } : {}),
    // The sign-in first: a later start brings up the demo HQ and sync once the window is quiet.
    deferBackground: BACKGROUND_WHEN_QUIET,
  });
  if (till.seeded) printDemo(till.seeded, dataDir);
  console.log('No Electron binary here: the till runs in the Node host. Open this URL in Chromium:');
  console.log(`  ${till.host.url}`);
  console.log("For the till's own switches (verdicts a frame sooner), start Chromium with them:");
  console.log(`  chromium ${rendererSwitchArgs().join(' ')} --app='${till.host.url}'`);
  void till.background.then(() => {
    const pos = till.app.posApi.status();
    console.log(pos.url ? `POS API (pair a POS in Settings -> Store POS): ${pos.url}/pos/v1` : `POS API: ${pos.problem ?? 'off (Settings -> Store POS)'}`);
    if (till.hq) console.log(`Embedded HQ: ${till.hq.url} (admin token in ${till.hq.adminTokenFile ?? 'memory'})`);
  });
  const stop = () => void till.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function runElectron(): void {
  requireBuilt(join(rendererDir, 'index.html'));
  requireBuilt(join(root, 'dist-electron', 'electron', 'main.js'));
  const binary = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], { cwd: root, encoding: 'utf8' }).stdout;
  const child = spawn(binary, [join(root, 'dist-electron', 'electron', 'main.js')], { cwd: root, stdio: 'inherit', env: process.env });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (existsSync(join(root, 'node_modules', 'electron', 'dist'))) runElectron();
else
  runHost().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
