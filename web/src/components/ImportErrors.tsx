// The problems of a refused file, each with where it is: a workbook's sheet, row and column, a
// CSV line or a dataValueSets record.
import { useI18n } from '../i18n';
import type { JobIssue } from '../lib/jobs';

export function ImportErrors({ errors }: { errors: JobIssue[] }) {
  const { t } = useI18n();
  if (errors.length === 0) return null;
  const where = (e: JobIssue): string => {
    if (e.sheet) return t('files.import.cell', { sheet: e.sheet, row: e.row ?? '', column: e.column ?? '' });
    const pointer = e.pointer ?? e.field ?? '';
    const row = /^\/rows\/(\d+)/.exec(pointer);
    if (row) return t('files.import.line', { n: row[1]! });
    const value = /^\/dataValues\/(\d+)/.exec(pointer);
    if (value) return t('files.import.record', { n: Number(value[1]) + 1 });
    return pointer || '—';
  };
  return (
    <div className="table-wrap" tabIndex={0} role="region" aria-label={t('files.import.errors')}>
      <table className="data-table import-errors">
        <caption>{t('files.import.errorCount', { n: errors.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('files.import.where')}</th>
            <th scope="col">{t('files.import.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {errors.map((e, i) => (
            <tr key={i}>
              <th scope="row">{where(e)}</th>
              <td>{e.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
