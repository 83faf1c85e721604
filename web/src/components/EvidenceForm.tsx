// A unit marks its own assignment done: completion date and evidence (document number and date,
// attendance by group, a note), sent as PATCH /assignments/{id} with the row's version.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import type { AssignmentRow } from '../api/types';
import { useI18n } from '../i18n';
import { todayIso } from '../lib/format';

interface Row { group: string; count: string }

export function EvidenceForm({ row, onDone, onClose }: { row: AssignmentRow; onDone: (message: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const ids = { date: useId(), number: useId(), docDate: useId(), note: useId(), evidence: useId(), general: useId() };
  const heading = useRef<HTMLHeadingElement>(null);
  const [completedOn, setCompletedOn] = useState(row.completed_on ?? todayIso());
  const [number, setNumber] = useState(row.evidence.document_number);
  const [docDate, setDocDate] = useState(row.evidence.document_date ?? '');
  const [rows, setRows] = useState<Row[]>(
    row.evidence.attendance.length ? row.evidence.attendance.map((a) => ({ group: a.group, count: String(a.count) })) : [{ group: '', count: '' }],
  );
  const [note, setNote] = useState(row.evidence.note);
  const [errors, setErrors] = useState<{ field: string; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => heading.current?.focus(), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors(null);
    const attendance = rows
      .filter((r) => r.group.trim() || r.count.trim())
      .map((r) => ({ group: r.group.trim(), count: Number(r.count || 0) }));
    try {
      await api.patch(`assignments/${row.assignment_id}`, {
        status: 'done',
        completed_on: completedOn || null,
        evidence: { document_number: number.trim(), document_date: docDate || null, attendance, note: note.trim() },
      }, row.version);
      onDone(t('evidence.saved', { unit: row.short_name }));
    } catch (e) {
      const field = e instanceof ApiError ? e.field ?? '' : '';
      const text = e instanceof ApiError && e.status === 0 ? t('state.error.network') : e instanceof Error ? e.message : String(e);
      const where = /evidence/.test(field) ? 'evidence' : /completed_on/.test(field) ? 'completed_on' : 'general';
      setErrors({ field: where, text });
    } finally {
      setSaving(false);
    }
  };

  const errorAt = (field: string) => (errors?.field === field ? errors.text : null);
  const update = (index: number, change: Partial<Row>) => setRows(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));

  return (
    <form className="evidence-form" onSubmit={(e) => void submit(e)} aria-busy={saving} data-evidence-form={row.code}>
      <h3 ref={heading} tabIndex={-1}>{t('evidence.title', { unit: row.short_name })}</h3>
      <div className="field">
        <label htmlFor={ids.date}>{t('evidence.completedOn')}</label>
        <input id={ids.date} type="date" value={completedOn} onChange={(e) => setCompletedOn(e.target.value)}
          aria-invalid={errorAt('completed_on') ? true : undefined} aria-describedby={errorAt('completed_on') ? `${ids.date}-e` : undefined} />
        {errorAt('completed_on') && <p id={`${ids.date}-e`} className="field-error" role="alert">{errorAt('completed_on')}</p>}
      </div>
      <fieldset aria-describedby={errorAt('evidence') ? ids.evidence : undefined} aria-invalid={errorAt('evidence') ? true : undefined}>
        <legend>{t('evidence.legend')}</legend>
        <div className="field">
          <label htmlFor={ids.number}>{t('evidence.docNumber')}</label>
          <input id={ids.number} value={number} onChange={(e) => setNumber(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor={ids.docDate}>{t('evidence.docDate')}</label>
          <input id={ids.docDate} type="date" value={docDate} onChange={(e) => setDocDate(e.target.value)} />
        </div>
        <p className="small"><strong>{t('evidence.attendance')}</strong></p>
        {rows.map((r, i) => (
          <div className="attendance-row" key={i}>
            <div className="field">
              <label htmlFor={`${ids.evidence}-g${i}`}>{t('evidence.group')} {i + 1}</label>
              <input id={`${ids.evidence}-g${i}`} value={r.group} onChange={(e) => update(i, { group: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor={`${ids.evidence}-c${i}`}>{t('evidence.count')} {i + 1}</label>
              <input id={`${ids.evidence}-c${i}`} type="number" min={0} step={1} inputMode="numeric" value={r.count}
                onChange={(e) => update(i, { count: e.target.value })} />
            </div>
            {rows.length > 1 && (
              <button type="button" className="button small" onClick={() => setRows(rows.filter((_, j) => j !== i))}>
                {t('evidence.removeRow', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button small" onClick={() => setRows([...rows, { group: '', count: '' }])}>{t('evidence.addRow')}</button>
        <div className="field">
          <label htmlFor={ids.note}>{t('evidence.note')}</label>
          <textarea id={ids.note} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
        {errorAt('evidence') && <p id={ids.evidence} className="field-error" role="alert" data-field-error="evidence">{errorAt('evidence')}</p>}
      </fieldset>
      {errorAt('general') && <p className="notice notice-error" role="alert">{errorAt('general')}</p>}
      <div className="button-row">
        <button type="submit" className="button primary" disabled={saving}>
          {saving && <span className="spinner spinner-inline" aria-hidden="true" />}
          {saving ? t('state.saving') : t('evidence.save')}
        </button>
        <button type="button" className="button" onClick={onClose}>{t('evidence.cancel')}</button>
      </div>
    </form>
  );
}
