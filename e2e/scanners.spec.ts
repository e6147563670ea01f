import type { Page } from '@playwright/test';
import { expect, test, type Till } from './fixtures/app';
import { typeRhythm } from './fixtures/rhythm';
import { enterBasketTotal, screenshot, signInUi } from './uiHelpers';
import { TEST_BARCODE } from '../shared/scan/learn';
import { TillWindow } from './page-models';
import { bluetoothScan, humanTyping, usbScan, withStall, type Keystroke } from '../shared/scan/rhythms';

/**
 * Scanners as stores set them up (issue 12), typed into the real screens with each key's own
 * timestamp (e2e/fixtures/rhythm.ts): USB and Bluetooth pace, Enter, Tab and no suffix, a burst
 * split by a stall; and people typing at measured intervals.
 */

const RHYTHMS: { name: string; keys: (code: string) => Keystroke[] }[] = [
  { name: 'USB, Enter', keys: (c) => usbScan(c, 'Enter', 1) },
  { name: 'USB, Tab', keys: (c) => usbScan(c, 'Tab', 2) },
  { name: 'USB, no suffix', keys: (c) => usbScan(c, 'none', 3) },
  { name: 'USB, AIM id ]Q1 in front, Enter', keys: (c) => usbScan(`]Q1${c}`, 'Enter', 15) },
  { name: 'Bluetooth 20 ms bunched, Enter', keys: (c) => bluetoothScan(c, 'Enter', 20, true, 4) },
  { name: 'Bluetooth 40 ms bunched, Tab', keys: (c) => bluetoothScan(c, 'Tab', 40, true, 5) },
  { name: 'Bluetooth 60 ms jitter, no suffix', keys: (c) => bluetoothScan(c, 'none', 60, false, 6) },
  // Up to the join window (150 + 300 ms) a stalled burst stays one scan.
  { name: 'USB, Enter, 350 ms stall mid-burst', keys: (c) => withStall(usbScan(c, 'Enter', 7), 60, 350) },
  { name: 'Bluetooth 40 ms, Enter, 250 ms stall', keys: (c) => withStall(bluetoothScan(c, 'Enter', 40, true, 8), 30, 250) },
];

/** Longer stalls split the scan (each half refused at a scanning screen): at sign-in still no PIN attempt. */
const SPLIT: typeof RHYTHMS = [
  { name: 'USB, Enter, 500 ms stall', keys: (c) => withStall(usbScan(c, 'Enter', 12), 60, 500) },
  { name: 'USB, Enter, 1 s stall near the end', keys: (c) => withStall(usbScan(c, 'Enter', 13), c.length - 3, 1_000) },
  { name: 'Bluetooth 40 ms, Tab, 1 s stall', keys: (c) => withStall(bluetoothScan(c, 'Tab', 40, true, 14), 50, 1_000) },
];

/** PIN attempts the till counted: failures on users and bad-PIN audits (host mode reads the database). */
function pinAttempts(till: Till): number {
  const db = till.running!.app.db;
  const failures = (db.prepare('SELECT coalesce(sum(failed_attempts), 0) AS n FROM users').get() as { n: number }).n;
  const audits = (db.prepare("SELECT count(*) AS n FROM audit_log WHERE action IN ('auth.bad_pin', 'auth.locked_out')").get() as { n: number }).n;
  return failures + audits;
}

async function verdictAfter(page: Page, before: number): Promise<string> {
  const verdict = page.getByTestId('verdict');
  await expect.poll(async () => Number(await verdict.getAttribute('data-seq'))).toBeGreaterThan(before);
  return (await verdict.getAttribute('data-state')) ?? '';
}

test.describe('scanners as stores set them up', () => {
  test.skip(({ browserName }) => browserName !== 'chromium', 'CDP key timestamps');

  test('a scan at the sign-in screen is never a PIN attempt, at every pace, and the cashier still signs in', async ({ page, till }) => {
    test.setTimeout(180_000);
    test.skip(till.mode !== 'host', 'counts attempts in the host database');
    const cashier = till.users.cashier;
    await page.getByTestId(`signin-user-${cashier.id}`).click();
    const pin = page.getByTestId('signin-pin-field');
    for (const [i, r] of [...RHYTHMS, ...SPLIT].entries()) {
      await expect(pin).toBeFocused();
      await typeRhythm(page, r.keys(till.code(1, i % 3)));
      await expect(page.getByTestId('signin-scan-notice'), r.name).toBeVisible();
      await expect(pin, r.name).toHaveValue('');
      await expect(page.getByTestId('signin-error'), r.name).toHaveCount(0);
      expect(pinAttempts(till), r.name).toBe(0);
    }
    // The user picker too (no field focused): ignored with the notice.
    await page.getByRole('button', { name: /back/i }).click();
    await typeRhythm(page, bluetoothScan(till.code(2, 0), 'Enter', 40, true, 9));
    await expect(page.getByTestId('signin-scan-notice')).toBeVisible();
    expect(pinAttempts(till)).toBe(0);
    // A person at measured intervals, the fastest typist's included, signs in.
    await page.getByTestId(`signin-user-${cashier.id}`).click();
    await typeRhythm(page, humanTyping(cashier.pin, 'Enter', 'fastest', 11));
    await expect(page.getByTestId('nav')).toBeVisible();
    expect(pinAttempts(till)).toBe(0);
  });

  test('every rhythm in the scan field and in the basket total gives the coupon verdict; the total keeps its value', async ({ page, till }) => {
    test.setTimeout(240_000); // 16 scans of 119-character codes, up to 7 s each at 60 ms per key
    await signInUi(page, till, 'cashier');
    await expect(page.getByTestId('scan-field')).toBeFocused();
    const verdict = page.getByTestId('verdict');
    // Campaign 5 (privilege, combinable up to 3 per basket): a new basket before each scan.
    for (const [i, r] of RHYTHMS.entries()) {
      for (const where of ['scan field', 'basket total'] as const) {
        await page.keyboard.press('F2');
        await enterBasketTotal(page, '120');
        if (where === 'basket total') await page.getByTestId('basket-total').click();
        const before = Number(await verdict.getAttribute('data-seq'));
        await typeRhythm(page, r.keys(till.code(5, (i * 2 + (where === 'scan field' ? 0 : 1)) % 3)));
        const state = await verdictAfter(page, before);
        // Accepted, or already used (each of the 3 codes is scanned again): never "not found" from a cut or glued code.
        expect([state, await verdict.innerText()].join(' '), `${r.name} in the ${where}`).toMatch(/^accepted|Already used/);
        await expect(page.getByTestId('scan-field'), `${r.name} in the ${where}`).toHaveValue('');
        await expect(page.getByTestId('basket-total'), `${r.name} in the ${where}`).toHaveValue('120');
      }
    }
    // The ']Q1' the scanner typed in front is the symbology recorded with those two redemptions (or refusals).
    const audits = till.running!.app.db.prepare("SELECT detail FROM audit_log WHERE action IN ('redemption.redeem', 'redemption.refused')").all() as {
      detail: string;
    }[];
    const kinds = audits.map((a) => (JSON.parse(a.detail) as { symbology?: string | null }).symbology ?? null);
    expect(kinds.filter((k) => k === 'QR Code')).toHaveLength(2);
    expect(kinds.filter((k) => k === null)).toHaveLength(kinds.length - 2);
  });

  // 2 s apart, and 250 ms apart (a stack of coupons fed to the scanner as fast as a cashier can).
  // Typed with no pause at all after the last verdict, a stalled scan right after another still
  // comes out in pieces: that gap is in docs/scanners.md, not hidden by the 250 ms here.
  for (const gapMs of [2_000, 250]) {
    const title = `every rhythm in the rapid screen (scan field and total), ${gapMs} ms apart, gives one whole scan: a row of the code, or a repeat ignored`;
    test(title, async ({ page, till }) => {
      test.setTimeout(240_000);
      await signInUi(page, till, 'cashier');
      await page.keyboard.press('Alt+2');
      await expect(page.getByTestId('rapid-screen')).toBeVisible();
      const total = page.getByTestId('rapid-total');
      await total.click();
      await total.pressSequentially('100', { delay: 110 });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('scan-field')).toBeFocused();
      const codes = [0, 1, 2].map((n) => till.code(5, n));
      const rows = page.getByTestId('rapid-row');
      const ignored = page.getByTestId('rapid-ignored');
      const seen = async () => (await rows.count()) + Number(await ignored.textContent());
      let scans = 0;
      for (const [i, r] of RHYTHMS.entries()) {
        for (const where of ['scan field', 'total'] as const) {
          if (where === 'total') await total.click();
          await page.waitForTimeout(gapMs);
          await typeRhythm(page, r.keys(codes[(i * 2 + (where === 'total' ? 1 : 0)) % 3]!));
          scans += 1;
          await expect.poll(seen, { message: `${r.name} in the rapid ${where}` }).toBe(scans);
          await expect(total, `${r.name} in the rapid ${where}`).toHaveValue('100');
          await expect(page.getByTestId('scan-field'), `${r.name} in the rapid ${where}`).toHaveValue('');
        }
      }
      await expect(page.locator('[data-testid="rapid-row"][data-state="checking"]')).toHaveCount(0, { timeout: 30_000 });
      const states = await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-code'), e.getAttribute('data-state')] as const));
      // Every row is one of the three codes, whole: never a cut or glued scan; each accepted once.
      for (const [code] of states) expect(codes).toContain(code);
      expect(
        states
          .filter(([, st]) => st === 'accepted')
          .map(([c]) => c)
          .sort(),
      ).toEqual([...codes].sort());
    });
  }

  test('people typing at measured intervals into the basket total are never taken for a scan', async ({ page, till }) => {
    await signInUi(page, till, 'cashier');
    const verdict = page.getByTestId('verdict');
    const before = Number(await verdict.getAttribute('data-seq'));
    const total = page.getByTestId('basket-total');
    for (const [i, typist] of (['fastest', 'fast', 'typical'] as const).entries()) {
      await total.click();
      await total.fill('');
      await typeRhythm(page, humanTyping(`1${i}9.50`, 'none', typist, 20 + i));
      await expect(total).toHaveValue(`1${i}9.50`);
    }
    expect(Number(await verdict.getAttribute('data-seq'))).toBe(before);
  });
});

test.describe('Settings → Scanner: scan this test barcode', () => {
  test('learns a Bluetooth scanner with no suffix, saves it, and the learned gap ends its scans', async ({ page, till }) => {
    test.setTimeout(180_000);
    await signInUi(page, till, 'manager');
    const { scannerSetup: setup } = await new TillWindow(page).openWithMenu('settings');
    await expect(setup.root).toBeVisible();
    await expect(setup.current).toContainText('defaults');
    await setup.startButton.click();
    await typeRhythm(page, bluetoothScan(`]Q1${TEST_BARCODE}`, 'none', 30, true, 21));
    await expect(setup.learned).toContainText('nothing (ends after a pause)');
    await expect(setup.learned).toContainText('AIM): yes');
    for (const [lang, label] of [
      ['en', 'English'],
      ['zh', '中文'],
    ] as const) {
      if (lang === 'zh') await page.getByRole('button', { name: '中文' }).click();
      for (const width of [1024, 1366]) {
        await page.setViewportSize({ width, height: 768 });
        await setup.root.scrollIntoViewIfNeeded();
        await screenshot(page, `settings-scanner-${lang}-${width}`);
      }
      void label;
    }
    await setup.saveButton.click();
    await expect(setup.saved).toBeVisible();
    const s = await till.invoke('till:settings:get');
    expect(s.ok && s.value.scannerProfiles.keyboard).toMatchObject({ suffix: 'none', aim: true });
    // Main validates the profile like every setting: a malformed one is refused, nothing changes.
    const bad = await till.invoke('till:settings:set', { scannerProfiles: { keyboard: { suffix: 'Esc' } } } as never);
    expect(bad.ok).toBe(false);
  });
});

test.describe('Settings → Scanner: barcodes the camera reads', () => {
  test('QR code and Code 128 by default; a change is saved in main; the last kind cannot be unticked', async ({ page, till }) => {
    test.setTimeout(120_000);
    await signInUi(page, till, 'manager');
    await page.getByTestId('nav-settings').click();
    const kinds = page.getByTestId('camera-symbologies');
    await expect(kinds).toBeVisible();
    await expect(page.getByTestId('camera-symbology-QRCode')).toBeChecked();
    await expect(page.getByTestId('camera-symbology-Code128')).toBeChecked();
    await expect(page.getByTestId('camera-symbology-EAN13')).not.toBeChecked();
    await page.getByTestId('camera-symbology-QRCode').uncheck();
    await expect
      .poll(async () => {
        const s = await till.invoke('till:settings:get');
        return s.ok ? s.value.cameraSymbologies : null;
      })
      .toEqual(['Code128']);
    // The last kind stays: the form says why and asks main nothing.
    await page.getByTestId('camera-symbology-Code128').click();
    await expect(page.getByTestId('camera-symbologies-error')).toBeVisible();
    await expect(page.getByTestId('camera-symbology-Code128')).toBeChecked();
    const s = await till.invoke('till:settings:get');
    expect(s.ok && s.value.cameraSymbologies).toEqual(['Code128']);
    // Main refuses an empty or unknown list whatever the screen does.
    expect((await till.invoke('till:settings:set', { cameraSymbologies: [] } as never)).ok).toBe(false);
    expect((await till.invoke('till:settings:set', { cameraSymbologies: ['Aztec'] } as never)).ok).toBe(false);
    await page.getByTestId('camera-symbology-QRCode').check();
    await expect(page.getByTestId('camera-symbology-QRCode')).toBeChecked();
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') await page.getByRole('button', { name: '中文' }).click();
      for (const width of [1024, 1366]) {
        await page.setViewportSize({ width, height: 768 });
        await kinds.scrollIntoViewIfNeeded();
        await screenshot(page, `settings-camera-symbologies-${lang}-${width}`, { fullPage: false });
      }
    }
  });
});

test.describe('Settings → Scanner: profiles kept per scanner', () => {
  test("a USB (HID POS) scanner's learned AIM mode shows beside the keyboard scanner's, and is forgotten alone", async ({ page, till }) => {
    test.setTimeout(120_000);
    const hidId = 'hid:0c2e:0b61:SN-17';
    const keyboard = { suffix: 'Tab' as const, prefix: '', aim: true, paceMs: 4, maxIntervalMs: 9, learnedAt: 1 };
    const hidPos = { suffix: 'none' as const, prefix: '', aim: false, paceMs: 0, maxIntervalMs: 0, learnedAt: 1, aimMode: 'none' as const };
    await till.signInAs('manager');
    expect((await till.invoke('till:settings:set', { scannerProfiles: { keyboard, [hidId]: hidPos } })).ok).toBe(true);
    await page.reload(); // the screens read settings when the app starts
    await expect(page.getByTestId('nav-settings').or(page.getByTestId('signin-screen'))).toBeVisible();
    if (await page.getByTestId('signin-screen').isVisible()) await signInUi(page, till, 'manager');
    await page.getByTestId('nav-settings').click();
    await expect(page.getByTestId('scanner-setup-current')).toContainText('Ends with: Tab');
    const hid = page.getByTestId('scanner-setup-hid');
    await expect(hid).toContainText(hidId);
    await expect(hid).toContainText('no (data right after the length)');
    for (const lang of ['en', 'zh'] as const) {
      if (lang === 'zh') await page.getByRole('button', { name: '中文' }).click();
      for (const width of [1024, 1366]) {
        await page.setViewportSize({ width, height: 768 });
        await page.getByTestId('scanner-setup').scrollIntoViewIfNeeded();
        await screenshot(page, `settings-scanner-profiles-${lang}-${width}`, { fullPage: false });
      }
    }
    await page.getByTestId('scanner-setup-forget-hid').click();
    await expect(hid).toHaveCount(0);
    const s = await till.invoke('till:settings:get');
    expect(s.ok && s.value.scannerProfiles).toEqual({ keyboard });
  });
});
