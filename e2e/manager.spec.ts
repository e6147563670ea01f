import { expect, test } from './fixtures/app';
import { TillWindow } from './page-models';
import { mintAtHq, screenshot } from './uiHelpers';

test.describe('manager screens', () => {
  test.use({ tillHq: 'embedded' });

  test('log: filters, totals, keyset paging, CSV export and a void with reason', async ({ page, till }) => {
    test.setTimeout(180_000);
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.manager);
    // 55 redemptions through the API on this window's session (the log pages by 50).
    const codes = await mintAtHq(till, 5, 55);
    for (const [i, code] of codes.entries()) {
      const r = await till.invoke('till:coupon:redeem', { code, basket: { id: `b-log-${i}`, totalMinor: 5_000 } });
      expect(r.ok && r.value.verdict.ok).toBe(true);
    }
    const log = await app.openWithKey('log');
    await log.expectCount(55);
    await expect(log.rows).toHaveCount(50);
    // Tills by the name HQ gave them (the demo's 'Till 1'), the id only as the tooltip.
    const info = await till.invoke('till:app:info');
    const tillId = info.ok ? info.value.tillId! : '';
    await expect(log.tillOf(log.rows.first())).toHaveText('This till (Till 1)');
    await expect(log.tillOf(log.rows.first())).toHaveAttribute('title', tillId);
    await expect(log.breakdownRow('till', tillId)).toContainText('This till (Till 1)');
    await screenshot(page, 'manager-log');

    await log.next();
    await expect(log.rows).toHaveCount(5);
    await expect(log.nextButton).toBeDisabled();
    await log.prev();
    await expect(log.rows).toHaveCount(50);

    // Void the newest with a reason; the voided filter then finds it.
    await log.voidRow(log.rows.first(), 'customer changed their mind');
    await expect(log.voidedRows()).toHaveCount(1);
    // The void has its own sync state, and it settles once HQ stored it (HQ sends no verdict for voids).
    const voidEntry = log.voidEntries().first();
    await expect(log.syncOf(voidEntry)).toContainText(/Waiting to sync|Sent, awaiting HQ|Accepted by HQ/);
    await app.statusBar.syncAndSettle();
    await expect(log.syncOf(voidEntry)).toContainText('Accepted by HQ', { timeout: 20_000 });
    await expect(log.syncOf(voidEntry)).not.toContainText('awaiting');
    await log.pickStatus('voided');
    await log.apply();
    await expect(log.voidedRows()).toHaveCount(1);
    await expect(log.liveRows()).toHaveCount(0);

    // Pick a campaign by its name: none of the ¥10 vouchers; all 55 upgrades and the void of one.
    await log.pickStatus('');
    await log.pickCampaign('¥10 off 代金券');
    await log.apply();
    await log.expectCount(0);
    await log.pickCampaign('Free size upgrade 特权券');
    await log.apply();
    await log.expectCount(56);
    // Totals for the filters: redemptions and voids apart, per campaign by name.
    await expect(log.summaryTotals).toHaveAttribute('data-redeemed', '54');
    await expect(log.summaryTotals).toHaveAttribute('data-voids', '1');
    const perCampaign = log.breakdownRow('campaign', '5');
    await expect(perCampaign).toContainText('Free size upgrade 特权券');
    await expect(perCampaign).toHaveAttribute('data-redeemed', '54');
    await expect(perCampaign).toHaveAttribute('data-voids', '1');
    await log.pickCampaign(null);
    await log.apply();

    const csv = await log.exportCsv();
    const lines = csv.split('\n').filter((l) => l.trim());
    expect(lines.length).toBeGreaterThanOrEqual(57); // header + 55 redemptions + the void
    const header = lines[0]!.split(',');
    const voidLine = lines.find((l) => l.split(',')[header.indexOf('kind')] === 'void')!.split(',');
    expect(voidLine[header.indexOf('sync_state')]).toBe('accepted');
    // Money in decimal yuan with its currency, times store-local and UTC.
    const first = lines[1]!.split(',');
    expect(first[header.indexOf('currency')]).toBe('CNY');
    expect(first[header.indexOf('till_name')]).toBe('Till 1');
    expect(first[header.indexOf('basket_total')]).toBe('50.00');
    expect(first[header.indexOf('created_at_local')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(first[header.indexOf('time_zone')]).toBe('Asia/Shanghai');
    expect(header).not.toContain('discount_minor');
  });

  test('conflicts, users and settings screens', async ({ page, till }) => {
    const app = new TillWindow(page);
    await app.signIn.signIn(till.users.manager);
    await app.openWithKey('conflicts');
    await screenshot(page, 'manager-conflicts');

    const users = await app.openWithKey('users');
    await users.addUser('New Cashier Li', '582046');
    await expect(users.row('New Cashier Li')).toBeVisible();
    await screenshot(page, 'manager-users');

    const settings = await app.openWithKey('settings');
    await settings.rapidWindow.fill('2500');
    await settings.save();
    await expect(settings.message).toHaveText('Saved.');
    const s = await till.invoke('till:settings:get');
    expect(s.ok && s.value.rapidDedupeMs).toBe(2500);
    await screenshot(page, 'manager-settings');
  });
});
