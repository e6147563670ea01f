import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { enrollPosTill, type PosTestTill } from './posTestSupport';
import { startTestHq, TEST_DIALECTS, type TestHq } from './testSupport';
import { startReceiver, type TestReceiver } from './webhookReceiver';

/**
 * Webhooks (issue 14): every event reaches a receiver that fails in every way (500s, no answer)
 * at least once, signed, deduplicable by id; events that keep failing become dead letters that a
 * replay sends again; a receiver that never answers does not hold up a till's push.
 */

async function eventually(test: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > end) throw new Error('did not happen in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const FAST = { timeoutMs: 300, backoffBaseMs: 20, backoffMaxMs: 100, pollMs: 20, leaseMarginMs: 100, maxAttempts: 6 };

describe.each(TEST_DIALECTS)('webhooks (%s)', (dialect) => {
  let hq: TestHq;
  let till: PosTestTill;
  let receiver: TestReceiver;
  const register = async (body: Record<string, unknown> = {}) => {
    const r = await hq.admin.ok<{ endpoint: { id: string }; secret: string }>('POST', '/admin/webhooks', { url: receiver.url, ...body });
    receiver.secret = r.secret;
    return r;
  };
  const deliveries = async () => hq.ctx.db.selectFrom('webhook_deliveries').select(['event_id', 'state', 'attempts']).execute();

  beforeEach(async () => {
    receiver = await startReceiver();
    hq = await startTestHq(dialect, { webhooks: FAST });
    await hq.admin.seed({ storeIds: ['s1'] });
    till = await enrollPosTill(hq, 's1', () => Date.now());
  });
  afterEach(async () => {
    await hq.cleanup();
    await receiver.close();
  });

  it('delivers accepted, conflict, resolved, order closed and voided through 500s and timeouts, each signed and at least once', async () => {
    const { secret, endpoint } = await register();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    receiver.plan = ['500', 'hang', '500', 'hang', '500'];
    const r1 = till.redemption('O-1', { discountMinor: 300 });
    const r2 = till.redemption(null, { couponKey: r1.couponKey });
    const r3 = till.redemption(null);
    expect((await till.push([r1, r2, r3])).results.map((x) => x.verdict)).toEqual(['accepted', 'conflict', 'accepted']);
    await hq.admin.ok('POST', `/admin/conflicts/${r2.id}/resolve`, { resolution: 'accepted_as_loss', note: 'the customer kept it' });
    await till.pushOrders([till.closed('O-1', [{ lineId: '1', quantity: 1, unitPriceMinor: 1_000, off: [[r1, 300]] }])]);
    await till.push([till.voidOf(r3)]);
    await receiver.until(() => receiver.delivered().size === 6);
    const got = [...receiver.delivered().values()];
    expect(got.map((c) => c.type).sort()).toEqual([
      'order.closed',
      'redemption.accepted',
      'redemption.accepted',
      'redemption.conflict',
      'redemption.resolved',
      'redemption.voided',
    ]);
    expect(receiver.calls.every((c) => c.verified)).toBe(true);
    expect(receiver.calls.length).toBeGreaterThanOrEqual(6 + 5);
    const closed = JSON.parse(got.find((c) => c.type === 'order.closed')!.body) as { storeId: string; data: Record<string, unknown> };
    expect(closed).toMatchObject({ storeId: 's1', data: { orderId: 'O-1', receiptNo: 'R-O-1', discountMinor: 300 } });
    await eventually(async () => (await deliveries()).every((r) => r.state === 'delivered'));
    expect(new Set((await deliveries()).map((r) => r.event_id))).toEqual(new Set(receiver.delivered().keys()));
    // The secret is sealed in the database and never in the audit or the list.
    const stored = await hq.ctx.db.selectFrom('webhook_endpoints').select('secret_sealed').executeTakeFirstOrThrow();
    expect(stored.secret_sealed.startsWith('enc1:')).toBe(true);
    expect(stored.secret_sealed).not.toContain(secret.slice(6));
    expect(JSON.stringify(await hq.admin.ok('GET', '/admin/webhooks'))).not.toContain(secret.slice(6));
    const audit = await hq.admin.ok<{ action: string; after: string | null }[]>('GET', '/admin/audit?action=webhook.add');
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toContain(secret.slice(6));
    expect(JSON.stringify(audit)).toContain(endpoint.id);
  });

  it('a delivery that keeps failing becomes a dead letter; a replay sends the same event again', async () => {
    const { endpoint } = await register({ events: ['redemption.accepted'] });
    receiver.otherwise = '500';
    await till.push([till.redemption(null)]);
    await receiver.until(() => receiver.calls.length >= FAST.maxAttempts);
    let dead: { deliveryId: string; eventId: string; attempts: number; lastStatus: number }[] = [];
    await eventually(async () => (dead = await hq.admin.ok('GET', `/admin/webhooks/dead-letters?endpointId=${endpoint.id}`)).length === 1);
    expect(dead).toMatchObject([{ attempts: FAST.maxAttempts, lastStatus: 500 }]);
    const failedCalls = receiver.calls.length;
    expect(failedCalls).toBe(FAST.maxAttempts);
    receiver.otherwise = 'ok';
    expect(await hq.admin.ok('POST', '/admin/webhooks/dead-letters/replay', { endpointId: endpoint.id })).toEqual({ replayed: 1 });
    await receiver.until(() => receiver.delivered().size === 1);
    expect(receiver.delivered().has(dead[0]!.eventId)).toBe(true);
    expect(await hq.admin.ok('GET', '/admin/webhooks/dead-letters')).toEqual([]);
    expect((await hq.admin.ok<unknown[]>('GET', '/admin/audit?action=webhook.replay')).length).toBe(1);
  });

  it('a receiver that never answers does not hold up a push', async () => {
    receiver.otherwise = 'hang';
    await register();
    await till.push([till.redemption(null)]);
    await receiver.until(() => receiver.hanging() >= 1);
    // The receiver holds a delivery open; pushes still answer at once, and their events queue.
    for (let i = 0; i < 5; i++)
      expect((await till.push([till.redemption(null), till.redemption(null)])).results.every((x) => x.status === 'applied')).toBe(true);
    expect(receiver.hanging()).toBeGreaterThanOrEqual(1);
    expect((await deliveries()).length).toBe(11);
  });

  it('refuses a plain-http or malformed URL, an unknown event, a non-owner and an unknown endpoint, changing nothing; a disabled endpoint gets nothing', async () => {
    const status = async (method: string, p: string, body: unknown) => {
      const r = await hq.admin.call<{ error: string }>(method, p, body);
      return `${r.status} ${r.body.error}`;
    };
    expect(await status('POST', '/admin/webhooks', { url: 'http://crm.example.com/hook' })).toBe('400 insecure_url');
    expect(await status('POST', '/admin/webhooks', { url: 'not a url at all' })).toBe('400 bad_url');
    expect(await status('POST', '/admin/webhooks', { url: 'https://u:p@crm.example.com/hook' })).toBe('400 bad_url');
    expect((await status('POST', '/admin/webhooks', { url: receiver.url, events: ['redemption.eaten'] })).startsWith('400')).toBe(true);
    expect(await status('POST', '/admin/webhooks', { url: receiver.url, storeId: 'nope' })).toBe('404 unknown_store');
    expect(await status('PATCH', '/admin/webhooks/0190a0a0-0000-7000-8000-000000000000', { disabled: true })).toBe('404 unknown_webhook');
    expect((await status('POST', '/admin/webhooks/dead-letters/replay', {})).startsWith('400')).toBe(true);
    const auditor = await hq.admin.ok<{ token: string }>('POST', '/admin/accounts', { name: 'Finance', role: 'auditor' });
    const asAuditor = await fetch(`${hq.url}/admin/webhooks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${auditor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url: receiver.url }),
    });
    expect(asAuditor.status).toBe(403);
    expect(await hq.admin.ok('GET', '/admin/webhooks')).toEqual([]);
    const { endpoint } = await register();
    await hq.admin.ok('PATCH', `/admin/webhooks/${endpoint.id}`, { disabled: true });
    await till.push([till.redemption(null)]);
    expect(await deliveries()).toEqual([]);
  });
});
