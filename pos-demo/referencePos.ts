/**
 * `npm run pos:demo`: the reference POS, a command line an integrator copies from.
 *   npm run pos:demo -- pair K7Q2-9XMD            pair with the code a manager made (Settings -> Store POS)
 *   npm run pos:demo -- sale [--code <coupon>]    a whole sale; without --code, scan the coupon at the till
 *   npm run pos:demo -- sale --cancel             the same, cancelled instead of closed
 * The till's address: --till (default http://127.0.0.1:7431, the till's POS API port). The credential
 * is kept in pos-demo.credential.json (mode 0600) in the current folder, or --credential <file>.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline/promises';
import { runSale } from './sale';
import { TillClient } from './tillClient';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const [command, arg] = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.startsWith('--'));
  const baseUrl = option('till') ?? 'http://127.0.0.1:7431';
  const file = option('credential') ?? 'pos-demo.credential.json';
  if (command === 'pair' && arg) {
    const paired = await new TillClient(baseUrl).pair(arg);
    writeFileSync(file, JSON.stringify({ baseUrl, credential: paired.credential, name: paired.name }) + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
    return console.log(`Paired as "${paired.name}" with the till at ${baseUrl}. Credential kept in ${file}.`);
  }
  if (command === 'sale') {
    if (!existsSync(file)) throw new Error(`Not paired yet: run \`npm run pos:demo -- pair <code>\` first (the code from the till's Settings -> Store POS).`);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { baseUrl: string; credential: string };
    const stamp = Date.now().toString(36).toUpperCase();
    await runSale(new TillClient(option('till') ?? saved.baseUrl, saved.credential), {
      orderId: `DEMO-${stamp}`,
      receiptNo: `R-${stamp}`,
      ...(option('code') ? { code: option('code')! } : {}),
      cancel: process.argv.includes('--cancel'),
      payment: async () => {
        if (!process.stdin.isTTY) return;
        const rl = createInterface({ input: process.stdin, output: process.stdout });
        await rl.question('Press Enter when the customer has paid… ');
        rl.close();
      },
    });
    return;
  }
  console.log('Usage: npm run pos:demo -- pair <pairing code> | sale [--code <coupon>] [--cancel] [--till <url>] [--credential <file>]');
  process.exitCode = 2;
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
