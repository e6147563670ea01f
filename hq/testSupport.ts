import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { CampaignInput } from '../shared/campaign';
import { startHq, type RunningHq, type StartHqOptions } from './server';

/**
 * Test helpers: a real HQ on loopback, on SQLite (temp folder) or on PostgreSQL (its own schema
 * in TEST_DATABASE_URL, dropped afterwards), and a small admin client speaking HTTP.
 */
export type TestDialect = 'sqlite' | 'postgres';

/** The dialects to run HQ suites on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const TEST_DIALECTS: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestHq extends RunningHq {
  admin: AdminClient;
  /** Starts another HQ process on the same database (PostgreSQL: same schema). */
  twin(): Promise<RunningHq>;
  cleanup(): Promise<void>;
}

export async function startTestHq(dialect: TestDialect, extra: Partial<StartHqOptions> = {}): Promise<TestHq> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-test-'));
  const pgSchema = dialect === 'postgres' ? `hq_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` : undefined;
  const base: StartHqOptions = dialect === 'postgres'
    ? { databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema, dataDir, ...extra }
    : { dataDir, ...extra };
  const hq = await startHq(base);
  const twins: RunningHq[] = [];
  return {
    ...hq,
    admin: new AdminClient(hq.url, hq.adminToken),
    async twin() {
      if (dialect !== 'postgres') throw new Error('two HQ processes share a database only on PostgreSQL');
      const t = await startHq({ ...base, adminToken: hq.adminToken, nodeId: `hq-${twins.length + 2}` });
      twins.push(t);
      return t;
    },
    async cleanup() {
      for (const t of twins) await t.close();
      await hq.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (pgSchema) {
        const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema if exists ${pgSchema} cascade`);
        await client.end();
      }
    },
  };
}

export interface AdminAnswer<T = unknown> {
  status: number;
  body: T;
}

/** The admin API over HTTP, as the CLI uses it. */
export class AdminClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call<T = unknown>(method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<AdminAnswer<T>> {
    const res = await fetch(this.url + p, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV, SVG ...
    }
    return { status: res.status, body: parsed as T };
  }

  async ok<T = unknown>(method: string, p: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.call<T>(method, p, body, contentType);
    if (r.status !== 200) throw new Error(`${method} ${p} -> ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
    return r.body;
  }

  /** A store, a campaign and an issuing key: the usual starting point. */
  async seed(opts: { storeIds?: string[]; campaign?: Partial<CampaignInput> & { rules?: CampaignInput['rules'] } } = {}): Promise<void> {
    for (const id of opts.storeIds ?? ['s1']) await this.ok('POST', '/admin/stores', { id, name: `Store ${id}`, timeZone: 'Asia/Shanghai' });
    await this.ok('POST', '/admin/campaigns', { id: 1, name: 'Spring 20 off', benefit: { type: 'cash', amountOffMinor: 2000 }, rules: {}, ...opts.campaign });
    await this.ok('POST', '/admin/keys/rotate');
  }

  async mint(campaignId: number, count: number): Promise<{ couponKey: string; code: string }[]> {
    return (await this.ok<{ codes: { couponKey: string; code: string }[] }>('POST', '/admin/codes/mint', { campaignId, count })).codes;
  }

  async enrollmentToken(storeId: string): Promise<string> {
    return (await this.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId })).enrollmentToken;
  }
}
