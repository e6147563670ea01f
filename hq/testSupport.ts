import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { AdminClient } from './adminClient';
import { startHq, type RunningHq, type StartHqOptions } from './server';

export { AdminClient };

/**
 * Test helpers: a real HQ on loopback, on SQLite (temp folder) or on PostgreSQL (its own schema
 * in TEST_DATABASE_URL, dropped afterwards), and a small admin client speaking HTTP.
 */
export type TestDialect = 'sqlite' | 'postgres';

/** The dialects to run HQ suites on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const TEST_DIALECTS: TestDialect[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestHq extends RunningHq {
  admin: AdminClient;
  dataDir: string;
  pgSchema: string | undefined;
  /** Starts another HQ process on the same database (PostgreSQL: same schema). */
  twin(): Promise<RunningHq>;
  cleanup(): Promise<void>;
}

export async function startTestHq(dialect: TestDialect, extra: Partial<StartHqOptions> = {}): Promise<TestHq> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hq-test-'));
  const pgSchema = dialect === 'postgres' ? `hq_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` : undefined;
  const base: StartHqOptions = dialect === 'postgres' ? { databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema, dataDir, ...extra } : { dataDir, ...extra };
  const hq = await startHq(base);
  const twins: RunningHq[] = [];
  return {
    ...hq,
    admin: new AdminClient(hq.url, hq.adminToken),
    dataDir,
    pgSchema,
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

/** A self-signed certificate for 127.0.0.1 made with openssl in `dir` (files named after `name`), with its SHA-256 fingerprint as HQ pins it. */
export function selfSigned(dir: string, name = 'hq'): { cert: string; key: string; sha256: string } {
  const [keyFile, certFile] = [path.join(dir, `${name}-key.pem`), path.join(dir, `${name}-cert.pem`)];
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = fs.readFileSync(certFile, 'utf8');
  return { cert, key: fs.readFileSync(keyFile, 'utf8'), sha256: new X509Certificate(cert).fingerprint256.replace(/:/g, '').toLowerCase() };
}

/** The pull query that resumes after `update` (a version per change stream), or the first pull's. */
export function pullFrom(update?: { toVersion: number; storeToVersion?: number } | null): string {
  return update ? `since=${update.toVersion}&store=${update.storeToVersion ?? update.toVersion}` : 'since=0&store=0';
}
