/**
 * Money and time as people at the store read them. Pure (Intl only), so the renderer, main
 * (CSV, messages) and HQ format alike.
 *
 * MONEY is stored as integer minor units (fen); it is shown in the store's currency through
 * Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' }): 1000 -> "¥10.00", -1000 -> "-¥10.00".
 * The amount goes to Intl as an exact decimal string built with integer arithmetic, never as a
 * float division, so large sums are shown to the last fen.
 *
 * TIME is UTC epoch ms; it is shown in the STORE's time zone (from the rule set), never the
 * runtime's: zh-CN "2026-12-01 18:05", en as the en locale writes it ("Dec 1, 2026, 6:05 PM").
 * `formatWhen` says "today 18:05" / "yesterday 18:05"
 * (store-local calendar) where that is clearer.
 */
import { localDateTime } from './rules/localTime';

/** The UI languages (same list as renderer/i18n/language.ts and shared/i18n/reasons.ts). */
export type FormatLocale = 'en' | 'zh-CN';

/** What a screen needs to show money and time: the UI language and the store's settings. */
export interface StoreFormat {
  locale: FormatLocale;
  /** IANA time zone of the store, e.g. Asia/Shanghai. */
  timeZone: string;
  /** ISO 4217 code of the store's currency, e.g. CNY. */
  currency: string;
}

/** The store currency when HQ does not say (HQs before currency was carried in the store info). */
export const DEFAULT_CURRENCY = 'CNY';

let currencies: ReadonlySet<string> | null = null;

/** True when `code` is an ISO 4217 code this runtime knows (Intl formats any three letters, "XYZ" too: ask its list). */
export function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const moneyFormats = new Map<string, Intl.NumberFormat>();
function moneyFormat(locale: FormatLocale, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    // narrowSymbol: the store's own currency as its people write it ("¥10.00", not "CN¥10.00" in en).
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(key, f);
  }
  return f;
}

/** How many minor units a currency has per major unit, as a power of ten (CNY 2, JPY 0). */
export function minorDigits(currency: string): number {
  return moneyFormat('en', currency).resolvedOptions().maximumFractionDigits ?? 2;
}

/** Minor units as an exact decimal string: 123456 -> "1234.56" (2 digits), -5 -> "-0.05". */
function decimalOf(minor: number, digits: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(Math.trunc(minor)));
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * Integer minor units in the store's currency: formatMoney(1000, { locale: 'en', currency: 'CNY' })
 * is "¥10.00"; negative amounts get the locale's minus ("-¥10.00"). Display only: never parse it back.
 */
export function formatMoney(minor: number, f: Pick<StoreFormat, 'locale' | 'currency'>): string {
  const nf = moneyFormat(f.locale, f.currency);
  // Intl formats a decimal string exactly (ES2023); the type still says number.
  return nf.format(decimalOf(minor, minorDigits(f.currency)) as unknown as number);
}

/** A discount as taken off the basket: "-¥10.00" (zero stays "¥0.00", never "-¥0.00"). */
export function formatDiscount(minor: number, f: Pick<StoreFormat, 'locale' | 'currency'>): string {
  return minor === 0 ? formatMoney(0, f) : formatMoney(-Math.abs(minor), f);
}

interface Parts {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
}

const partFormats = new Map<string, Intl.DateTimeFormat>();
/** Numeric calendar parts in a zone (2-digit month/day/hour/minute, 24 h). */
function partsOf(ms: number, timeZone: string): Parts {
  let f = partFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    partFormats.set(timeZone, f);
  }
  const out: Parts = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of f.formatToParts(ms)) if (p.type in out) out[p.type as keyof Parts] = p.value;
  if (out.hour === '24') out.hour = '00';
  return out;
}

const enFormats = new Map<string, Intl.DateTimeFormat>();
function enFormat(kind: 'dateTime' | 'date' | 'time', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let f = enFormats.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'dateTime' ? { dateStyle: 'medium', timeStyle: 'short' } : kind === 'date' ? { dateStyle: 'medium' } : { timeStyle: 'short' };
    f = new Intl.DateTimeFormat('en', { ...options, timeZone });
    enFormats.set(key, f);
  }
  return f;
}

/** Date and time at the store: zh-CN "2026-12-01 18:05", en "Dec 1, 2026, 6:05 PM". */
export function formatDateTime(ms: number, f: Pick<StoreFormat, 'locale' | 'timeZone'>): string {
  if (f.locale === 'zh-CN') {
    const p = partsOf(ms, f.timeZone);
    return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
  }
  return enFormat('dateTime', f.timeZone).format(ms);
}

/** The store-local date: zh-CN "2026-12-01", en "Dec 1, 2026". */
export function formatDate(ms: number, f: Pick<StoreFormat, 'locale' | 'timeZone'>): string {
  if (f.locale === 'zh-CN') {
    const p = partsOf(ms, f.timeZone);
    return `${p.year}-${p.month}-${p.day}`;
  }
  return enFormat('date', f.timeZone).format(ms);
}

/** The store-local time of day: zh-CN "18:05", en "6:05 PM". */
export function formatTime(ms: number, f: Pick<StoreFormat, 'locale' | 'timeZone'>): string {
  if (f.locale === 'zh-CN') {
    const p = partsOf(ms, f.timeZone);
    return `${p.hour}:${p.minute}`;
  }
  return enFormat('time', f.timeZone).format(ms);
}

/** "today" / "yesterday" in the locale (Intl.RelativeTimeFormat, numeric: 'auto'). */
function relativeDay(offset: 0 | -1, locale: FormatLocale): string {
  return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(offset, 'day');
}

/**
 * A moment as a cashier says it: "today 18:05" / "今天 18:05", "yesterday 6:05 PM" / "昨天 18:05",
 * else the full date and time. Days are the STORE's calendar days, `now` is the current instant.
 */
export function formatWhen(ms: number, now: number, f: Pick<StoreFormat, 'locale' | 'timeZone'>): string {
  const diff = localDateTime(now, f.timeZone).day - localDateTime(ms, f.timeZone).day;
  if (diff === 0 || diff === 1) return `${relativeDay(diff === 0 ? 0 : -1, f.locale)} ${formatTime(ms, f)}`;
  return formatDateTime(ms, f);
}

/** A "YYYY-MM-DD" store-local date (as the rule engine's params carry it) for the locale: en "Dec 1, 2026". */
export function formatIsoDate(iso: string, f: Pick<StoreFormat, 'locale'>): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m || f.locale === 'zh-CN') return iso;
  // Noon UTC of that calendar date, shown in UTC: the same calendar date whatever the runtime's zone.
  return enFormat('date', 'UTC').format(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
}
