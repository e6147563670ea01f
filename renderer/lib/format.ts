/**
 * Money and time on every screen, as the store reads them: the one module screens format with.
 *
 *   const f = useFormat();
 *   f.money(1000)            // "¥10.00" (store currency, UI language)
 *   f.discount(1000)         // "-¥10.00"
 *   f.dateTime(ms)           // zh-CN "2026-12-01 18:05", en "Dec 1, 2026, 6:05 PM" (STORE time zone)
 *   f.date(ms) / f.time(ms)  // date only / time only
 *   f.when(ms)               // "today 18:05", "yesterday 6:05 PM", else the full date and time
 *
 * The store's time zone and currency come from main (till:app:info, from the rule set's store
 * info) into useStoreInfoStore, loaded at start and again after each rule-set change. Outside
 * React, `storeFormat()` gives the same settings and the plain functions live in shared/format.ts.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import {
  DEFAULT_CURRENCY,
  formatDate,
  formatDateTime,
  formatDiscount,
  formatIsoDate,
  formatMoney,
  formatTime,
  formatWhen,
  type StoreFormat,
} from '../../shared/format';
import { appInfo, onSync } from '../app/api/appApi';
import { useLanguageStore } from '../i18n';

export interface StoreInfoState {
  /** The store's IANA time zone; null until main says (the runtime's zone is used meanwhile). */
  timeZone: string | null;
  currency: string;
  storeName: string | null;
  load(): Promise<void>;
}

export const useStoreInfoStore = create<StoreInfoState>((set) => ({
  timeZone: null,
  currency: DEFAULT_CURRENCY,
  storeName: null,
  async load() {
    const res = await appInfo();
    if (res.ok) set({ timeZone: res.value.timeZone, currency: res.value.currency, storeName: res.value.storeName });
  },
}));

/** For tests: back to "not loaded". */
export function resetStoreInfoStore(): void {
  useStoreInfoStore.setState({ timeZone: null, currency: DEFAULT_CURRENCY, storeName: null });
}

function runtimeTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** The language, time zone and currency to format with now (outside React). */
export function storeFormat(): StoreFormat {
  const s = useStoreInfoStore.getState();
  return { locale: useLanguageStore.getState().language, timeZone: s.timeZone ?? runtimeTimeZone(), currency: s.currency };
}

/**
 * Loads the store info now and again whenever the rule-set version changes (the store's name,
 * time zone or currency arrive with it). Returns the unsubscribe.
 */
export function followStoreInfo(): () => void {
  void useStoreInfoStore.getState().load();
  let version: number | null = null;
  return onSync((status) => {
    if (status.ruleSetVersion === version) return;
    version = status.ruleSetVersion;
    void useStoreInfoStore.getState().load();
  });
}

export interface Formatter {
  settings: StoreFormat;
  money(minor: number): string;
  discount(minor: number): string;
  dateTime(ms: number): string;
  date(ms: number): string;
  time(ms: number): string;
  /** "today 18:05" / "yesterday …" / the full date and time; `now` defaults to the current instant. */
  when(ms: number, now?: number): string;
  /** A store-local "YYYY-MM-DD" (as rule params carry dates) in the UI language. */
  isoDate(iso: string): string;
}

export function formatterFor(settings: StoreFormat): Formatter {
  return {
    settings,
    money: (minor) => formatMoney(minor, settings),
    discount: (minor) => formatDiscount(minor, settings),
    dateTime: (ms) => formatDateTime(ms, settings),
    date: (ms) => formatDate(ms, settings),
    time: (ms) => formatTime(ms, settings),
    when: (ms, now = Date.now()) => formatWhen(ms, now, settings),
    isoDate: (iso) => formatIsoDate(iso, settings),
  };
}

/**
 * Makes the first money and time formats now, while the sign-in screen waits for a PIN: the
 * first Intl formatter loads ICU's data (tens of ms), which would otherwise land between the
 * PIN's Enter and the scan screen (decision 055). Returns a cancel.
 */
export function warmFormatsWhenIdle(): () => void {
  const warm = () => {
    const f = formatterFor(storeFormat());
    f.money(0);
    f.dateTime(0);
  };
  if (typeof requestIdleCallback !== 'function') {
    const id = setTimeout(warm, 200);
    return () => clearTimeout(id);
  }
  const id = requestIdleCallback(warm, { timeout: 1000 });
  return () => cancelIdleCallback(id);
}

/** The formatter for the UI language and the store's zone and currency; re-renders the caller when they change. */
export function useFormat(): Formatter {
  const locale = useLanguageStore((s) => s.language);
  const zone = useStoreInfoStore((s) => s.timeZone);
  const currency = useStoreInfoStore((s) => s.currency);
  // The runtime's zone is read when something is formatted, not when a screen first renders: the
  // first Intl call loads ICU's data (tens of ms), and the sign-in screen formats nothing.
  return useMemo(
    () =>
      formatterFor({
        locale,
        currency,
        get timeZone() {
          return zone ?? runtimeTimeZone();
        },
      }),
    [locale, zone, currency],
  );
}
