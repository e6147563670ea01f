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
      'Minimum spend not reached (spend ¥9.00 more, minimum ¥99.00)',
    );
    expect(reasonMessage('below_minimum_spend', 'zh-CN', { minSpendMinor: 9_900, eligibleMinor: 9_000, shortMinor: 900 })).toBe('未达使用门槛（还差 ¥9.00，需满 ¥99.00）');
    expect(reasonMessage('basket_coupon_limit', 'en', { max: 3 })).toBe('Too many coupons (at most 3 per basket)');
  });

  it("formats money in the store's currency, rule dates in the language and times in the store's zone", () => {
    expect(reasonMessage('below_minimum_spend', 'en', { shortMinor: 900, minSpendMinor: 9_900 }, { currency: 'USD' })).toBe('Minimum spend not reached (spend $9.00 more, minimum $99.00)');
    expect(reasonMessage('expired', 'en', { date: '2026-11-30' })).toBe('Expired (valid until Nov 30, 2026)');
    expect(reasonMessage('expired', 'zh-CN', { date: '2026-11-30' })).toBe('已过期（有效期至 2026-11-30）');
  });

  it('reads well without params: the bracketed detail is left out', () => {
    expect(reasonMessage('expired', 'en')).toBe('Expired');
    expect(reasonMessage('expired', 'zh-CN')).toBe('已过期');
    expect(reasonMessage('below_minimum_spend', 'zh-CN', { minSpendMinor: 100 })).toBe('未达使用门槛');
    expect(reasonMessage('campaign_ended', 'zh-CN')).toBe('活动已结束');
  });
});
