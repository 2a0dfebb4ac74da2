import { DateInput } from '@mantine/dates';
import type { Ref } from 'react';
import { useFormat, useT } from '../i18n';

/** YYYY-MM-DD from what a person types: 6.12.2026 (Finnish), 6/12/2026 (English), or 2026-12-06. */
export function parseDay(text: string): string | null {
  const t = text.trim();
  let y: number, m: number, d: number;
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(t);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (dmy) [d, m, y] = [Number(dmy[1]), Number(dmy[2]), Number(dmy[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar day typed in the order of the language on screen (day first in both Finnish and
 * British English) and shown back in that order. The value is always YYYY-MM-DD, or '' when empty.
 */
export function DateField({ label, value, onChange, max, error, autoFocus, description, ref }: { label: string; value: string; onChange(value: string): void; max?: string; error?: string | null; autoFocus?: boolean; description?: string; ref?: Ref<HTMLInputElement> }) {
  const t = useT();
  const f = useFormat();
  return (
    <DateInput
      ref={ref}
      label={label}
      description={description}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      valueFormat={f.language === 'fi' ? 'D.M.YYYY' : 'DD/MM/YYYY'}
      dateParser={parseDay}
      placeholder={t('date.placeholder')}
      maxDate={max}
      error={error ?? undefined}
      autoFocus={autoFocus}
      clearable
      clearButtonProps={{ 'aria-label': t('date.clear') }}
      // Typed, not picked: a calendar opening on focus would cover the form's own buttons.
      popoverProps={{ disabled: true }}
    />
  );
}
