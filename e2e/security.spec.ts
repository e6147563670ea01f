import { expect, test } from './fixtures/app';
import { CHANNEL_NAMES } from '../shared/ipc/channelNames';

/**
 * The renderer is untrusted. Whatever it tries, main (or, in the Chromium host, the host and the
 * bridge standing in for Electron's window rules) refuses: no navigation, no new windows, no
 * unknown channels, no malformed requests, nothing without a session, no foreign callers.
 */
test.describe('security', () => {
  test('navigation away from the app is refused', async ({ page }) => {
    const start = page.url().split('#')[0];
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'http://127.0.0.1:9/elsewhere';
      document.body.append(a);
      a.click();
    });
    await page.waitForTimeout(300);
    expect(page.url().split('#')[0]).toBe(start);
    expect(await page.evaluate(() => typeof window.till['till:auth:roster'])).toBe('function');
  });

  test('window.open is refused and no popup appears', async ({ page }) => {
    let popups = 0;
    page.on('popup', () => popups++);
    expect(await page.evaluate(() => window.open('https://example.com/') === null)).toBe(true);
    await page.evaluate(() => {
      const a = document.createElement('a');
      a.href = 'https://example.com/';
      a.target = '_blank';
      document.body.append(a);
      a.click();
    });
    await page.waitForTimeout(300);
    expect(popups).toBe(0);
  });

  test('the page cannot replace window.till or run injected inline script (CSP)', async ({ page }) => {
    const replaced = await page.evaluate(() => {
      try {
        (window as unknown as { till: unknown }).till = { 'till:auth:roster': () => 'fake' };
      } catch {
        /* strict mode would throw; either way it must not change */
      }
      const roster = window.till['till:auth:roster'];
      return typeof roster === 'function' && roster.toString() !== "() => 'fake'";
    });
    expect(replaced).toBe(true);
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__pwned = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __pwned?: boolean }).__pwned === true;
    });
    expect(ran).toBe(false);
  });

  test('window.till holds one method per contract channel, on and shell, and nothing else', async ({ page }) => {
    const seen = await page.evaluate(() => {
      const till = window.till as unknown as Record<string, unknown>;
      const probes = ['till:fs:readFile', 'till:auth:signin', '__proto__', 'constructor', 'invoke', 'toString'];
      return {
        keys: Object.keys(till).sort(),
        functions: Object.keys(till).filter((k) => typeof till[k] === 'function').length,
        probes: probes.map((p) => typeof till[p]),
        frozen: Object.isFrozen(till),
      };
    });
    expect(seen.keys).toEqual([...CHANNEL_NAMES, 'on', 'shell'].sort());
    expect(seen.functions).toBe(CHANNEL_NAMES.length + 1);
    expect(seen.probes).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    expect(seen.frozen).toBe(true);
  });

  test('malformed requests are refused and change nothing', async ({ till }) => {
    await till.signInAs('manager');
    const cases: [string, unknown][] = [
      ['till:coupon:redeem', { code: 123, basket: { id: 'b', totalMinor: 100 } }],
      ['till:coupon:redeem', { code: 'X', basket: { id: 'b', totalMinor: 1.5 } }],
      ['till:coupon:redeem', { code: 'X', basket: { id: 'b', totalMinor: 100, lines: [{ sku: 'a', unitPriceMinor: 1, quantity: 1 }] } }],
      ['till:coupon:void', { redemptionId: 'not-a-uuid', reason: 'x' }],
      ['till:users:create', { name: 'Eve', role: 'root', pin: '1234' }],
      ['till:users:create', { name: 'Eve', role: 'manager', pin: '12' }],
      ['till:settings:set', { hqUrl: 'javascript:alert(1)' }],
      ['till:log:list', { limit: -1 }],
      ['till:log:list', { sql: 'DROP TABLE redemptions' }],
      ['till:auth:signIn', null],
    ];
    for (const [channel, request] of cases) {
      const r = await till.invoke(channel as never, request as never);
      expect(r, `${channel} ${JSON.stringify(request)}`).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    const log = await till.invoke('till:log:list', {});
    expect(log.ok && log.value.totals.count).toBe(0);
    const users = await till.invoke('till:users:list');
    expect(users.ok && users.value.map((u) => u.name)).not.toContain('Eve');
  });

  test('requests without a session are refused', async ({ till }) => {
    const code = till.code(1);
    for (const [channel, request] of [
      ['till:coupon:validate', { code, basket: { id: 'b1', totalMinor: 10_000 } }],
      ['till:coupon:redeem', { code, basket: { id: 'b1', totalMinor: 10_000 } }],
      ['till:log:list', {}],
      ['till:users:list', {}],
      ['till:settings:set', { sounds: false }],
      ['till:sync:now', {}],
    ] as const) {
      const r = await till.invoke(channel as never, request as never);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
    }
    await till.signInAs('cashier');
    await till.invoke('till:auth:signOut');
    const after = await till.invoke('till:coupon:redeem', { code, basket: { id: 'b1', totalMinor: 10_000 } });
    expect(after).toMatchObject({ ok: false, error: { code: 'not_signed_in' } });
  });

  test('a caller without the launch secret, or from another origin, is refused', async ({ page, till }) => {
    test.skip(till.mode !== 'host', 'the WebSocket host exists only without Electron');
    const port = new URL(page.url()).port;
    // Our own page, but a socket that presents a wrong secret.
    const wrongSecret = await page.evaluate(
      (p) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${p}/ipc`);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', secret: 'guessed' }));
          ws.onmessage = (e) => resolve(String(e.data));
          ws.onclose = () => resolve('closed');
        }),
      port,
    );
    expect(JSON.parse(wrongSecret)).toMatchObject({ type: 'refused', error: { code: 'bad_sender' } });
    // Another origin (a page not served by the host) cannot even open the socket.
    const other = await page.context().newPage();
    await other.goto('about:blank');
    const foreign = await other.evaluate(
      (p) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(`ws://127.0.0.1:${p}/ipc`);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('error');
        }),
      port,
    );
    expect(foreign).toBe('error');
    await other.close();
  });
});
