import { ENGINE_VERSION } from '../../../shared/rules/engineVersion';
import { IssuingResponseSchema, type IssuedReport, type IssuingResponse } from '../../../shared/issuing';
import { AmendmentPushResponseSchema, type AmendmentPushResponse, type AmendmentUpload } from '../../../shared/amendmentSync';
import { z, type ZodType } from 'zod';
import { OrderPushResponseSchema, type OrderEventUpload, type OrderPushResponse } from '../../../shared/orderSync';
import {
  ClaimResponseSchema,
  EnrollResponseSchema,
  ErrorResponseSchema,
  PullResponseSchema,
  PushResponseSchema,
  type ClaimRequest,
  type ClaimResponse,
  type EnrollResponse,
  type PullResponse,
  type PushResponse,
} from '../../../shared/sync';
import type { RedemptionUpload } from '../../../shared/redemption';

const PullEnvelopeSchema = PullResponseSchema.extend({ update: z.unknown() });
export type PullEnvelope = Omit<PullResponse, 'update'> & { update: unknown };

/**
 * The till's HTTP client for HQ's sync API. `fetch` is injected (tests put a fault-injecting
 * proxy or a hostile server behind it). Every answer is checked against the shared schemas
 * before anyone acts on it: a malformed answer is an error, never half-used.
 */

export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

/** Why a call to HQ failed: `offline` (no answer), `http` (HQ said no), `malformed` (an answer we cannot trust). */
export class HqCallError extends Error {
  constructor(
    readonly kind: 'offline' | 'http' | 'malformed',
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HqClientOptions {
  baseUrl: string;
  fetch: FetchLike;
  credential?: string;
  timeoutMs?: number;
  /** Biggest answer accepted, in characters (a page of 100,000 plain codes is about 5 MB). */
  maxAnswerChars?: number;
}

export class HqClient {
  constructor(private readonly opts: HqClientOptions) {
    if (!/^https?:\/\/[^\s/]+/.test(opts.baseUrl)) throw new Error(`HQ URL must be http(s)://host[:port], got ${JSON.stringify(opts.baseUrl).slice(0, 100)}`);
  }

  enroll(token: string, deviceName?: string): Promise<EnrollResponse> {
    return this.call('POST', '/v1/enroll', EnrollResponseSchema, { token, ...(deviceName ? { deviceName } : {}) }, false);
  }

  /**
   * One rule-set page. The envelope is checked here; the page itself (`update`, up to 100,000
   * items) is checked once, by applyRuleSetUpdate, which refuses anything malformed.
   */
  /** One rule-set page from the cursor the till holds (chain and store stream versions; a number: both the same). */
  pull(since: number | { chain: number; store: number }, limit: number, spent?: number): Promise<PullEnvelope> {
    const c = typeof since === 'number' ? { chain: since, store: since } : since;
    // `spent`: the spent-list version held (decision 072); an HQ before spent lists ignores it.
    // `rice=1`: this till reads plain-code lists as Rice-coded sets (decision 087); an HQ before them ignores it.
    const spentParam = spent === undefined ? '' : `&spent=${spent}&rice=1`;
    // The engine version tells HQ which campaigns this till can figure (decision 083).
    return this.call('GET', `/v1/sync/pull?since=${c.chain}&store=${c.store}&limit=${limit}${spentParam}&engine=${ENGINE_VERSION}`, PullEnvelopeSchema);
  }

  push(items: RedemptionUpload[]): Promise<PushResponse> {
    return this.call('POST', '/v1/sync/push', PushResponseSchema, { items });
  }

  /** POS order events (shared/orderSync.ts); an HQ older than them answers 404. */
  pushOrders(items: OrderEventUpload[]): Promise<OrderPushResponse> {
    return this.call('POST', '/v1/sync/orders', OrderPushResponseSchema, { items });
  }

  pushAmendments(items: AmendmentUpload[]): Promise<AmendmentPushResponse> {
    return this.call('POST', '/v1/sync/amendments', AmendmentPushResponseSchema, { items });
  }

  /** Bounce-back codes (decision 086): the reports of codes handed out; the answer lists the codes this till may hand out. */
  issuing(issued: IssuedReport[]): Promise<IssuingResponse> {
    return this.call('POST', '/v1/sync/issuing', IssuingResponseSchema, { issued });
  }

  claim(req: ClaimRequest, timeoutMs: number): Promise<ClaimResponse> {
    return this.call('POST', '/v1/claim', ClaimResponseSchema, req, true, timeoutMs);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, schema: ZodType<T>, body?: unknown, auth = true, timeoutMs?: number): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json', 'accept-encoding': 'gzip' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (auth) {
      if (!this.opts.credential) throw new HqCallError('http', 'this till is not enrolled with HQ yet', 401);
      headers.authorization = `Bearer ${this.opts.credential}`;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs ?? this.opts.timeoutMs ?? 15_000);
    let status: number;
    let text: string;
    try {
      const res = await this.opts.fetch(this.opts.baseUrl.replace(/\/+$/, '') + path, {
        method,
        headers,
        signal: controller.signal,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      throw new HqCallError('offline', `HQ did not answer ${method} ${path}: ${(err as Error).name === 'AbortError' ? 'timed out' : (err as Error).message}`);
    } finally {
      clearTimeout(timer);
    }
    if (text.length > (this.opts.maxAnswerChars ?? 64 * 1024 * 1024)) throw new HqCallError('malformed', `HQ's answer to ${path} is too large`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HqCallError(status >= 500 ? 'offline' : 'malformed', `HQ answered ${path} with ${status} and a body that is not JSON`, status);
    }
    if (status < 200 || status >= 300) {
      const e = ErrorResponseSchema.safeParse(json);
      throw new HqCallError(
        status >= 500 ? 'offline' : 'http',
        `HQ refused ${method} ${path} (${status}): ${e.success ? e.data.message.slice(0, 300) : 'no reason given'}`,
        status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new HqCallError('malformed', `HQ's answer to ${path} is malformed: ${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'}`, status);
    }
    return parsed.data;
  }
}
