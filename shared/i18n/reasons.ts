/**
 * Refusal messages a cashier reads at a glance, in Chinese and English, one per reason code.
 *
 * Templates use i18next's {{param}} placeholders, so the renderer can load `reasonMessages[lang]`
 * as an i18next resource namespace. The params are those the rule engine returns (shared/rules).
 * Every placeholder sits inside brackets, so a message still reads well when the params are not
 * known (for example a refusal read back from the ledger): reasonMessage drops a bracketed part
 * whose params are missing. Params are formatted by their names (shared/format.ts, in the store's
 * currency and time zone): `…Minor` money ("¥9.00"), `…At` an instant (epoch ms, "today 14:03"),
 * `date` a store-local YYYY-MM-DD. Through i18next directly, format them before passing them in.
 */
import { DEFAULT_CURRENCY, formatIsoDate, formatMoney, formatWhen } from '../format';
import type { ReasonCode } from '../reasons';

export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

const en: Record<ReasonCode, string> = {
  bad_format: 'Not a coupon code: scan the coupon itself',
  misread: 'Scan error, please scan again',
  unsupported_version: 'Coupon format not supported on this till',
  bad_signature: 'Invalid coupon (signature check failed)',
  unknown_key: 'Unknown coupon issuer: sync and retry',
  key_retired: 'Coupon issued with a retired key',
  not_found: 'Coupon code not found',
  unknown_campaign: 'Unknown campaign: sync and retry',
  campaign_ended: 'Campaign has ended',
  revoked: 'Coupon cancelled by HQ',
  not_yet_valid: 'Not valid yet (from {{date}})',
  expired: 'Expired (last valid day {{date}}): hand the coupon back',
  wrong_weekday: 'Not valid on this day of the week',
  outside_time_window: 'Not valid at this time (valid {{windows}})',
  wrong_store: 'Not valid in this store',
  below_minimum_spend: "Below this coupon's minimum spend (spend {{shortMinor}} more, minimum {{minSpendMinor}})",
  out_of_scope: 'No eligible items in the basket',
  needs_items: 'Enter the items: this coupon is for certain products',
  gift_item_missing: 'Gift item not in the basket (SKU {{sku}})',
  no_benefit: 'Nothing on this basket for this coupon to take off: enter the basket total, or hand the coupon back',
  already_used_here: 'Already used at this till ({{usedAt}}): hand the coupon back',
  used_elsewhere: 'Already used at another till ({{tillName}}, {{usedAt}}): hand the coupon back',
  member_required: 'Identify the member first',
  wrong_holder: 'Coupon belongs to another member',
  member_limit_reached: 'Member limit reached ({{limit}} per member)',
  campaign_cap_reached: 'Campaign limit reached',
  not_stackable: "Can't combine with the coupon on this basket (“{{withName}}”): remove one",
  basket_coupon_limit: 'Too many coupons (at most {{max}} per basket)',
  duplicate_in_basket: 'Already on this basket',
  online_claim_required: 'Needs HQ online check (manager can override)',
  claimed_elsewhere: 'Already redeemed elsewhere (HQ check)',
  product_barcode: 'Not a coupon: that is a product barcode. Scan the coupon',
  tier_not_eligible: 'Only for members of some tiers (for {{tiers}}): identify the member, or hand the coupon back',
  below_minimum_quantity: 'Not enough items for this coupon (buy {{shortQuantity}} more, at least {{minQuantity}})',
  multi_buy_incomplete: 'Not a full multi-buy yet (buy {{more}} more to get {{free}} free)',
  trigger_item_missing: 'Only with another product in the basket (add {{items}})',
  free_item_missing: 'The free item is not in the basket (any one of {{items}})',
  till_update_needed: 'This till needs an update for this coupon: hand it back, or ask a manager to update the till',
};

const zhCN: Record<ReasonCode, string> = {
  bad_format: '无法识别的券码',
  misread: '扫码有误，请重新扫描',
  unsupported_version: '本收银机不支持此券码格式',
  bad_signature: '券码无效（签名校验失败）',
  unknown_key: '未知发券密钥，请同步后重试',
  key_retired: '发券密钥已停用',
  not_found: '券码不存在',
  unknown_campaign: '未知活动，请同步后重试',
  campaign_ended: '活动已结束',
  revoked: '券已被总部作废',
  not_yet_valid: '尚未生效（{{date}} 起可用）',
  expired: '已过期（最后有效日 {{date}}）：请将券还给顾客',
  wrong_weekday: '今天不可用（限定星期）',
  outside_time_window: '当前时段不可用（可用时段 {{windows}}）',
  wrong_store: '本店不可用',
  below_minimum_spend: '未达使用门槛（还差 {{shortMinor}}，需满 {{minSpendMinor}}）',
  out_of_scope: '购物篮中没有适用商品',
  needs_items: '请录入商品明细（本券限指定商品）',
  gift_item_missing: '购物篮中没有赠品（商品编码 {{sku}}）',
  no_benefit: '本单没有可抵扣的金额：请先输入订单金额，或将券还给顾客',
  already_used_here: '已在本机核销（{{usedAt}}）：请将券还给顾客',
  used_elsewhere: '已在其他收银机核销（{{tillName}}，{{usedAt}}）：请将券还给顾客',
  member_required: '请先识别会员',
  wrong_holder: '此券不属于当前会员',
  member_limit_reached: '会员使用次数已达上限（每人 {{limit}} 次）',
  campaign_cap_reached: '活动名额已满',
  not_stackable: '不能与本单的券同时使用（“{{withName}}”）：请去掉其中一张',
  basket_coupon_limit: '用券数量已达上限（每单最多 {{max}} 张）',
  duplicate_in_basket: '此券已在本单中',
  online_claim_required: '需联网向总部核销（可由店长授权）',
  claimed_elsewhere: '总部显示已在别处核销',
  product_barcode: '这是商品条码，不是券码，请扫描优惠券',
  tier_not_eligible: '此券仅限指定等级会员使用（限 {{tiers}}）：请先识别会员，或将券还给顾客',
  below_minimum_quantity: '件数未达要求（还差 {{shortQuantity}} 件，需满 {{minQuantity}} 件）',
  multi_buy_incomplete: '还未凑满优惠（再买 {{more}} 件，送 {{free}} 件）',
  trigger_item_missing: '需同时购买指定商品（请加入 {{items}}）',
  free_item_missing: '购物篮中没有可选的赠品（任选其一：{{items}}）',
  till_update_needed: '本收银机需升级后才能使用此券：请将券还给顾客，或请店长升级收银机',
};

/** Message templates per language, i18next-compatible ({{param}}). */
export const reasonMessages: Record<Lang, Record<ReasonCode, string>> = { en, 'zh-CN': zhCN };

const PLACEHOLDER = /\{\{\s*(\w+)\s*\}\}/g;
/** A bracketed part (ASCII or full-width) still holding a placeholder, with the space before it. */
const BRACKETED_UNFILLED = /\s*[(（][^()（）]*\{\{\s*\w+\s*\}\}[^()（）]*[)）]/g;

/** The store settings params are formatted with: currency (default CNY), time zone and the current instant for times. */
export interface ReasonFormat {
  currency?: string;
  timeZone?: string;
  now?: number;
}

function formatParam(name: string, value: string | number, lang: Lang, f: ReasonFormat): string {
  if (typeof value === 'number' && name.endsWith('Minor')) return formatMoney(value, { locale: lang, currency: f.currency ?? DEFAULT_CURRENCY });
  if (typeof value === 'number' && name.endsWith('At') && f.timeZone) return formatWhen(value, f.now ?? Date.now(), { locale: lang, timeZone: f.timeZone });
  if (typeof value === 'string' && name === 'date') return formatIsoDate(value, { locale: lang });
  return String(value);
}

/** The message for a refusal, with its params filled in (money, times, dates formatted); parts whose params are missing are left out. */
export function reasonMessage(reason: ReasonCode, lang: Lang, params?: Record<string, string | number>, f: ReasonFormat = {}): string {
  const template = reasonMessages[lang]?.[reason] ?? reasonMessages.en[reason] ?? reason;
  const filled = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params?.[name];
    return value === undefined ? whole : formatParam(name, value, lang, f);
  });
  // Anything left unfilled outside brackets (should not happen) is shown as "?" rather than raw braces.
  return filled.replace(BRACKETED_UNFILLED, '').replace(PLACEHOLDER, '?');
}
