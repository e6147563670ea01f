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
    return { status: res.status, body: parsed as T, nextCursor: res.headers.get('x-next-cursor') };
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
