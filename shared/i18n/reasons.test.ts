import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../reasons';
import { LANGS, reasonMessage, reasonMessages } from './reasons';

const placeholders = (template: string) => [...template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]!);

describe('reason messages', () => {
  it('every reason has a non-empty message in both languages, with every placeholder filled', () => {
    for (const lang of LANGS) {
      for (const reason of REASON_CODES) {
        const template = reasonMessages[lang][reason];
        expect(template.trim().length, `${lang} ${reason}`).toBeGreaterThan(0);
        const params = Object.fromEntries(placeholders(template).map((p) => [p, p.endsWith('Minor') ? 12_345 : 'X']));
        const text = reasonMessage(reason, lang, params);
        expect(text, `${lang} ${reason}`).not.toMatch(/[{}]/);
        expect(text.trim().length).toBeGreaterThan(0);
        if (Object.keys(params).length > 0) expect(text).toMatch(/123\.45|X/);
      }
    }
  });

  it('the two languages use the same placeholders, and have no stray keys', () => {
    for (const reason of REASON_CODES) {
      expect(placeholders(reasonMessages['zh-CN'][reason]).sort(), reason).toEqual(placeholders(reasonMessages.en[reason]).sort());
    }
    for (const lang of LANGS) expect(Object.keys(reasonMessages[lang]).sort()).toEqual([...REASON_CODES].sort());
  });

  it('formats money params with two decimals', () => {
    expect(reasonMessage('below_minimum_spend', 'en', { minSpendMinor: 9_900, eligibleMinor: 9_000, shortMinor: 900 })).toBe(
      "Below this coupon's minimum spend (spend ¥9.00 more, minimum ¥99.00)",
    );
    expect(reasonMessage('below_minimum_spend', 'zh-CN', { minSpendMinor: 9_900, eligibleMinor: 9_000, shortMinor: 900 })).toBe(
      '未达使用门槛（还差 ¥9.00，需满 ¥99.00）',
    );
    expect(reasonMessage('basket_coupon_limit', 'en', { max: 3 })).toBe('Too many coupons (at most 3 per basket)');
  });

  it("formats money in the store's currency, rule dates in the language and times in the store's zone", () => {
    expect(reasonMessage('below_minimum_spend', 'en', { shortMinor: 900, minSpendMinor: 9_900 }, { currency: 'USD' })).toBe(
      "Below this coupon's minimum spend (spend $9.00 more, minimum $99.00)",
    );
    expect(reasonMessage('expired', 'en', { date: '2026-11-30' })).toBe('Expired (last valid day Nov 30, 2026): hand the coupon back');
    expect(reasonMessage('expired', 'zh-CN', { date: '2026-11-30' })).toBe('已过期（最后有效日 2026-11-30）：请将券还给顾客');
  });

  it('says what to do next: when and where a code was used, which coupon clashes, a product barcode', () => {
    const f = { timeZone: 'Asia/Shanghai', now: Date.UTC(2026, 11, 1, 8, 0) };
    const usedAt = Date.UTC(2026, 11, 1, 6, 3); // 14:03 in Shanghai
    expect(reasonMessage('already_used_here', 'en', { usedAt }, f)).toBe('Already used at this till (today 2:03 PM): hand the coupon back');
    expect(reasonMessage('already_used_here', 'zh-CN', { usedAt }, f)).toBe('已在本机核销（今天 14:03）：请将券还给顾客');
    expect(reasonMessage('used_elsewhere', 'en', { tillName: 'Till 2', usedAt }, f)).toBe(
      'Already used at another till (Till 2, today 2:03 PM): hand the coupon back',
    );
    expect(reasonMessage('used_elsewhere', 'en', {}, f)).toBe('Already used at another till: hand the coupon back');
    expect(reasonMessage('not_stackable', 'en', { withName: '¥10 off' })).toBe("Can't combine with the coupon on this basket (“¥10 off”): remove one");
    expect(reasonMessage('product_barcode', 'zh-CN')).toBe('这是商品条码，不是券码，请扫描优惠券');
  });

  it('reads well without params: the bracketed detail is left out', () => {
    expect(reasonMessage('expired', 'en')).toBe('Expired: hand the coupon back');
    expect(reasonMessage('expired', 'zh-CN')).toBe('已过期：请将券还给顾客');
    expect(reasonMessage('below_minimum_spend', 'zh-CN', { minSpendMinor: 100 })).toBe('未达使用门槛');
    expect(reasonMessage('campaign_ended', 'zh-CN')).toBe('活动已结束');
  });
});
