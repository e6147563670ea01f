/**
 * `npm run till -- <command>`: set up and look after this till from the command line.
 *   enroll --hq URL --token T     enrol with HQ (a one-time token from `hq admin till enroll`)
 *   status                        enrolment, HQ, rule-set version, waiting count and oldest age, bounce-back codes held
 *   sync                          sync now (asks the running till, or syncs itself when none runs)
 *   users list                    the till's users (from HQ and local)
 *   offline on|off                the offline drill: the till behaves as if HQ were unreachable
 *   secret rotate                 a new fixed host secret (COUPON_TILL_FIXED_SECRET=1), 0600
 *   pos-cert rotate               a new certificate for the POS API on the store LAN (key 0600):
 *                                 prints its fingerprint; every LAN POS must pin it again
 * Every command takes --data DIR (default COUPON_TILL_DATA, else the OS's data folder) and --json.
 * Exit codes: 0 done, 1 failed (the reason on stderr), 2 bad usage. Nothing changes on failure.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../dataDir';
import { rotateHostSecret } from '../host/hostSecret';
import type { FetchLike } from '../services/sync/hqClient';
import { isTillRunning, UsageError, withTill, type CliIo } from './tillCliSupport';
import { readOfflineDrill, requestSync, writeOfflineDrill } from '../services/tillControl';
import { appendAudit } from '../services/audit';
import { loadSyncState } from '../services/sync/syncState';
import { readLanCertificateInfo } from '../posApi/lanCertificate';
import { posCert, posCertStatusLine } from './posCert';

export type { CliIo };

interface Ctx {
  dataDir: string;
  flags: Record<string, string | boolean | undefined>;
  words: string[];
  io: CliIo;
}

type Command = (ctx: Ctx) => Promise<{ json: unknown; text: string }>;

function required(ctx: Ctx, name: string): string {
  const v = ctx.flags[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v.trim();
}

const age = (ms: number | null) =>
  ms === null
    ? 'none waiting'
    : ms < 60_000
      ? `${Math.round(ms / 1000)} s`
      : ms < 3_600_000
        ? `${Math.round(ms / 60_000)} min`
        : `${(ms / 3_600_000).toFixed(1)} h`;

async function enroll(ctx: Ctx) {
  const hq = required(ctx, 'hq');
  const token = required(ctx, 'token');
  if (!/^https?:\/\/[^\s/]+/.test(hq)) throw new UsageError('--hq must be http(s)://host[:port]');
  return withTill(ctx.dataDir, ctx.io, { exclusive: true }, async (app) => {
    const config = await app.sync.enroll(hq, token);
    const json = { enrolled: true, hqUrl: hq, tillId: config.tillId, storeId: config.storeId, storeName: config.storeName };
    return { json, text: `Enrolled with ${hq}: till ${config.tillId} of store ${config.storeName} (${config.storeId}). Start the till, or run \`till sync\`.` };
  });
}

async function status(ctx: Ctx) {
  const running = isTillRunning(ctx.dataDir);
  return withTill(ctx.dataDir, ctx.io, { exclusive: false }, async (app) => {
    const s = app.sync.status();
    const till = app.tillConfig();
    const now = ctx.io.now();
    const stored = loadSyncState(app.db);
    const lanCert = readLanCertificateInfo(ctx.dataDir, now);
    const json = {
      dataDir: ctx.dataDir,
      running,
      enrolled: s.enrolled,
      hqUrl: stored.hqUrl,
      tillId: till?.tillId ?? null,
      storeId: till?.storeId ?? null,
      storeName: till?.storeName ?? null,
      offlineDrill: readOfflineDrill(app.db),
      ruleSetVersion: s.ruleSetVersion,
      waiting: s.waiting,
      oldestWaitingAt: s.oldestWaitingAt,
      oldestWaitingAgeMs: s.oldestWaitingAt === null ? null : now - s.oldestWaitingAt,
      lastSyncAt: s.lastSyncAt,
      lastAttemptAt: s.lastAttemptAt,
      lastError: s.lastError,
      /** The POS API's store-LAN certificate (null until the LAN was first switched on); expiresSoon: within 30 days. */
      posLanCertificate: lanCert,
      /** Bounce-back codes (decision 086): left to hand out per campaign, and handed out but not yet reported to HQ. */
      bounceBacks: { holding: app.bounceBacks.holding(), unreported: app.bounceBacks.unreportedCount() },
    };
    const certLine = posCertStatusLine(lanCert);
    const lines = [
      `till:        ${json.tillId ? `${json.tillId} (store ${json.storeName}, ${json.storeId})` : 'not enrolled'}${running ? ', running' : ', not running'}`,
      `HQ:          ${json.hqUrl ?? 'none'}${json.offlineDrill ? '  [OFFLINE DRILL ON]' : ''}`,
      `rule set:    version ${json.ruleSetVersion}`,
      `waiting:     ${json.waiting} (oldest ${age(json.oldestWaitingAgeMs)})`,
      `last sync:   ${json.lastSyncAt ? new Date(json.lastSyncAt).toISOString() : 'never'}${json.lastError ? `; last error: ${json.lastError}` : ''}`,
      ...(certLine ? [certLine] : []),
      ...bounceBackLines(json.bounceBacks),
    ];
    return { json, text: lines.join('\n') };
  });
}

/** The status lines about bounce-back codes: none when the till holds none and has nothing to report. */
function bounceBackLines(b: { holding: { campaignId: number; left: number }[]; unreported: number }): string[] {
  if (b.holding.length === 0 && b.unreported === 0) return [];
  const held = b.holding.map((h) => `campaign ${h.campaignId}: ${h.left} left to hand out`).join('; ') || 'none left to hand out';
  return [`bounce-back: ${held}${b.unreported ? `; ${b.unreported} handed out, not yet reported to HQ` : ''}`];
}

/** With the till running, asks it (it notices within a second) and waits for its attempt; else syncs here. */
async function sync(ctx: Ctx) {
  const waitMs = Number(ctx.flags['wait-ms'] ?? 30_000);
  if (isTillRunning(ctx.dataDir)) {
    return withTill(ctx.dataDir, ctx.io, { exclusive: false }, async (app) => {
      if (!app.sync.enrolled) throw new Error('this till is not enrolled with HQ: run `till enroll` first');
      const asked = requestSync(app.db, ctx.io.now());
      const until = Date.now() + waitMs;
      while ((loadSyncState(app.db).lastAttemptAt ?? 0) < asked) {
        if (Date.now() > until) throw new Error(`the running till did not sync within ${waitMs} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const s = app.sync.status();
      if (s.lastError && (s.lastSyncAt ?? 0) < asked) throw new Error(`sync failed: ${s.lastError}`);
      return {
        json: { ok: true, by: 'running till', waiting: s.waiting, ruleSetVersion: s.ruleSetVersion },
        text: `Synced (by the running till): ${s.waiting} waiting, rule set version ${s.ruleSetVersion}.`,
      };
    });
  }
  return withTill(ctx.dataDir, ctx.io, { exclusive: true }, async (app) => {
    if (!app.sync.enrolled) throw new Error('this till is not enrolled with HQ: run `till enroll` first');
    app.sync.setOfflineDrill(readOfflineDrill(app.db));
    const run = await app.sync.syncNow();
    if (!run.ok) throw new Error(`sync failed: ${run.error ?? 'unknown'}`);
    const s = app.sync.status();
    const json = {
      ok: true,
      by: 'this command',
      pushed: run.pushed,
      rejected: run.rejected,
      pages: run.pages,
      waiting: s.waiting,
      ruleSetVersion: s.ruleSetVersion,
    };
    return {
      json,
      text: `Synced: ${run.pushed} sent, ${run.rejected} refused by HQ, ${run.pages} rule-set pages; ${s.waiting} waiting, rule set version ${s.ruleSetVersion}.`,
    };
  });
}

async function usersList(ctx: Ctx) {
  return withTill(ctx.dataDir, ctx.io, { exclusive: false }, async (app) => {
    const users = app.auth.listUsers();
    const text =
      users.length === 0
        ? 'No users.'
        : users.map((u) => `${u.name.padEnd(24)} ${u.role.padEnd(10)} ${u.disabled ? 'disabled' : 'active'}  ${u.id}`).join('\n');
    return { json: users, text };
  });
}

async function offline(ctx: Ctx) {
  const word = ctx.words[1];
  if (word !== 'on' && word !== 'off') throw new UsageError('usage: till offline on|off');
  const on = word === 'on';
  const running = isTillRunning(ctx.dataDir);
  return withTill(ctx.dataDir, ctx.io, { exclusive: false }, async (app) => {
    app.db.transaction(() => {
      writeOfflineDrill(app.db, on);
      appendAudit(app.db, { actor: 'till-cli', action: 'till.offline_drill', detail: { on }, at: ctx.io.now() });
    })();
    const text = on
      ? `Offline drill ON: the till behaves as if HQ were unreachable${running ? ' (the running till shows it within a second)' : ' from its next start'}. \`till offline off\` ends it.`
      : `Offline drill OFF: the till talks to HQ again${running ? ' and syncs now' : ''}.`;
    return { json: { offlineDrill: on, running }, text };
  });
}

async function secret(ctx: Ctx) {
  if (ctx.words[1] !== 'rotate') throw new UsageError('usage: till secret rotate');
  rotateHostSecret(ctx.dataDir);
  const running = isTillRunning(ctx.dataDir);
  return {
    json: { rotated: true, running },
    text: `A new host secret is in ${ctx.dataDir}/host-secret (0600). ${running ? 'Restart the till to use it; ' : ''}the till prints its new URL when it starts.`,
  };
}

const COMMANDS: Record<string, Command> = {
  enroll,
  status,
  sync,
  users: (ctx) => (ctx.words[1] === 'list' ? usersList(ctx) : Promise.reject(new UsageError('usage: till users list'))),
  offline,
  secret,
  'pos-cert': posCert,
};

/** Runs one command; returns the exit code. `io.fetch` reaches HQ (tests pass their own). */
export async function runTillCli(argv: string[], io: CliIo & { fetch?: FetchLike }): Promise<number> {
  const json = argv.includes('--json');
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: { json: { type: 'boolean' }, data: { type: 'string' }, hq: { type: 'string' }, token: { type: 'string' }, 'wait-ms': { type: 'string' } },
    });
    const command = positionals[0] === undefined ? undefined : COMMANDS[positionals[0]];
    if (!command) throw new UsageError(`usage: till <${Object.keys(COMMANDS).join('|')}> [--data DIR] [--json]`);
    const dataDir = values.data ?? io.env.COUPON_TILL_DATA ?? defaultDataDir(io.env);
    const result = await command({ dataDir, flags: values, words: positionals, io });
    io.out(json ? JSON.stringify(result.json) : result.text);
    return 0;
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    const message = (err as Error).message;
    io.err(json ? JSON.stringify({ error: message }) : `till: ${message}`);
    return usage ? 2 : 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runTillCli(process.argv.slice(2), {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s + '\n'),
    now: () => Date.now(),
    env: process.env,
  }).then((code) => process.exit(code));
}
