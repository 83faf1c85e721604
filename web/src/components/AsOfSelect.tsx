// Chooses the date the figures are computed for: today or the end of a period.
import { useNavigate } from '@tanstack/react-router';
import { useId } from 'react';
import { useI18n } from '../i18n';
import { useAsOf } from '../lib/asOf';
import { formatDate, todayIso } from '../lib/format';
import { asOfChoices, periodLabel } from '../lib/period';

const FIRST_YEAR = 2020;

export function AsOfSelect() {
  const { t, lang } = useI18n();
  const { asOf } = useAsOf();
  const navigate = useNavigate();
  const id = useId();
  const today = todayIso();
  const thisYear = Number(today.slice(0, 4));
  const choices = asOfChoices(FIRST_YEAR, thisYear).filter((c) => c.date <= today);
  const known = asOf === null || choices.some((c) => c.date === asOf);
  const years = [...new Set(choices.map((c) => c.code.slice(0, 4)))];
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{t('common.asOf')}</label>
      <select
        id={id}
        value={asOf ?? ''}
        onChange={(event) => void navigate({ to: '.', search: (prev) => ({ ...prev, as_of: event.target.value || undefined }), replace: true, resetScroll: false })}
      >
        <option value="">{t('common.today', { date: formatDate(today, lang) })}</option>
        {!known && asOf && <option value={asOf}>{formatDate(asOf, lang)}</option>}
        {years.map((year) => (
          <optgroup key={year} label={year}>
            {choices
              .filter((c) => c.code.startsWith(year))
              .map((c) => (
                <option key={c.code} value={c.date}>
                  {periodLabel(c.code, lang)} ({formatDate(c.date, lang)})
                </option>
              ))}
          </optgroup>
        ))}
      </select>
    </div>
  );
}
