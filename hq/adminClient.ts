import type { CampaignInput } from '../shared/campaign';
import type { Role } from '../shared/permissions';
import type { HqUserView } from './services/users';

/** A user as the admin API shows it: never the PIN or its hash. */
export type AdminUser = HqUserView;

export interface AdminAnswer<T = unknown> {
  status: number;
  body: T;
  /** A paged list's next page (X-Next-Cursor), null on the last. */
  nextCursor?: string | null;
}

/** One HTTP answer, read whole. */
interface Reply {
  status: number;
  text: string;
  header(name: string): string | null;
}

/**
 * One request over node:http (or node:https for an https:// HQ). Not `fetch`: Node's fetch first
 * loads undici and compiles its WebAssembly HTTP parser, over 100 ms of a command line's start,
 * while node:http is in Node's startup snapshot (decision 057).
 */
async function send(url: string, method: string, headers: Record<string, string>, body?: string): Promise<Reply> {
  const target = new URL(url);
  const { request } = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<Reply>((resolve, reject) => {
    const req = request(
      target,
      { method, headers: body !== undefined ? { ...headers, 'content-length': String(Buffer.byteLength(body)) } : headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            header: (name) => {
              const v = res.headers[name.toLowerCase()];
              return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
            },
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The admin API over HTTP, as the CLI uses it. */
export class AdminClient {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async call<T = unknown>(method: string, p: string, body?: unknown, contentType = 'application/json'): Promise<AdminAnswer<T>> {
    const res = await send(
      this.url + p,
      method,
      { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    );
    const text = res.text;
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // CSV, SVG ...
    }
    return { status: res.status, body: parsed as T, nextCursor: res.header('x-next-cursor') };
  }

  /** Every row of a paged list (/admin/redemptions, /admin/conflicts), following X-Next-Cursor page by page. */
  async all<T = unknown>(p: string): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | null = null;
    do {
      const sep = p.includes('?') ? '&' : '?';
      const r: AdminAnswer<T[]> = await this.call<T[]>('GET', cursor ? `${p}${sep}cursor=${cursor}` : p);
      if (r.status !== 200) throw new Error(`HQ refused GET ${p} (${r.status}): ${JSON.stringify(r.body).slice(0, 300)}`);
      out.push(...r.body);
      cursor = r.nextCursor ?? null;
    } while (cursor);
    return out;
  }

  async ok<T = unknown>(method: string, p: string, body?: unknown, contentType?: string): Promise<T> {
    const r = await this.call<T>(method, p, body, contentType);
    if (r.status !== 200) {
      const message = (r.body as { message?: unknown })?.message;
      throw new Error(`HQ refused ${method} ${p} (${r.status}): ${typeof message === 'string' ? message : JSON.stringify(r.body).slice(0, 300)}`);
    }
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

  /** A user for one store (storeId) or for every store of the chain (storeId null). */
  async createUser(user: { name: string; role: Role; storeId: string | null; pin: string }): Promise<AdminUser> {
    return this.ok<AdminUser>('POST', '/admin/users', user);
  }

  /** Registers a till of `storeId` (named `name` at HQ; unnamed: HQ uses its id) and returns its enrollment token. */
  async enrollmentToken(storeId: string, name?: string): Promise<string> {
    return (await this.ok<{ enrollmentToken: string }>('POST', '/admin/tills', { storeId, ...(name !== undefined ? { name } : {}) })).enrollmentToken;
  }
}
