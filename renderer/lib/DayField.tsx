import { useEffect, useState } from 'react';
import { useT } from '../i18n';

/** A calendar day typed as YYYY-MM-DD and real (no 2026-02-30); '' means no day. */
export function isDay(text: string): boolean {
  if (text === '') return true;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/**
 * A store day, always written YYYY-MM-DD whatever the browser's locale (a native date input
 * shows "mm/dd/yyyy" on a 中文 screen when the browser runs in English). Only a real day, or
 * empty, reaches `onChange`; anything else is marked invalid where it is typed.
 */
export function DayField({ value, onChange, testId }: { value: string; onChange: (day: string) => void; testId: string }) {
  const t = useT();
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const valid = isDay(text);
  return (
    <input
      type="text"
      inputMode="numeric"
      autoComplete="off"
      maxLength={10}
      placeholder={t('common.dayPlaceholder')}
      title={valid ? undefined : t('common.dayInvalid')}
      aria-invalid={!valid}
      className={valid ? undefined : 'field--invalid'}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        if (isDay(e.target.value)) onChange(e.target.value);
      }}
      data-testid={testId}
    />
  );
}
