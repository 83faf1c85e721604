// What a form's last save came to, above the form: saved, reloaded after a conflict, refused, or
// stale (someone else saved first: 412), with the button that loads the latest version.
import { useI18n } from '../i18n';

export type Banner = { kind: 'ok' | 'error' | 'stale' | 'reloaded'; text?: string } | null;

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
