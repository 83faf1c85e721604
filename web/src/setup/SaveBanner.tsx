// What a form's last save came to, above the form: saved, reloaded after a conflict, refused, or
// stale (someone else saved first: 412), with the button that loads the latest version.
import type { FieldValues, UseFormSetError } from 'react-hook-form';
import { api } from '../api/client';
import { type Translate, useI18n } from '../i18n';
import { applyServerError } from './forms';

export type Banner = { kind: 'ok' | 'error' | 'stale' | 'reloaded'; text?: string } | null;

// The banner of a failed save: a version conflict, the server's words, or "fix the fields
// marked" (the refusal is then at its field).
export function failureBanner<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>, fields: readonly string[], t: Translate): Banner {
  const failure = applyServerError(error, setError, fields, t);
  if (failure.kind === 'stale') return { kind: 'stale' };
  if (failure.kind === 'error') return { kind: 'error', text: failure.message };
  return { kind: 'error', text: t('setup.fixErrors') };
}

// After a 412: the latest version of `path`, handed to `apply` (which resets the form keeping
// what was typed); the banner to show then.
export async function latestVersion<T>(path: string, apply: (latest: T) => void): Promise<Banner> {
  try {
    apply(await api.get<T>(path));
    return { kind: 'reloaded' };
  } catch (e) {
    return { kind: 'error', text: e instanceof Error ? e.message : String(e) };
  }
}

export function SaveBanner({ banner, onReload }: { banner: Banner; onReload: () => void }) {
  const { t } = useI18n();
  return (
    <>
      <div aria-live="polite">
        {banner?.kind === 'ok' && <p className="notice notice-ok" role="status">{banner.text}</p>}
        {banner?.kind === 'reloaded' && <p className="notice notice-info" role="status">{t('setup.stale.reloaded')}</p>}
      </div>
      {banner?.kind === 'error' && <p className="notice notice-error" role="alert"><strong>{t('setup.failed')}.</strong> {banner.text}</p>}
      {banner?.kind === 'stale' && (
        <div className="notice notice-warn" role="alert" data-stale="">
          <strong>{t('setup.stale.title')}</strong> {t('setup.stale.body')}{' '}
          <button type="button" className="button small" onClick={onReload}>{t('setup.stale.reload')}</button>
        </div>
      )}
    </>
  );
}
