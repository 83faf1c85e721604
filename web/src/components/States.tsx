// The designed states of every screen: loading, empty and error are never a blank page.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label ?? t('state.loading')}</span>
      <div className="skeleton" aria-hidden="true">
        <div /> <div /> <div />
      </div>
    </div>
  );
}

export function EmptyState({ children, action }: { children: ReactNode; action?: ReactNode }) {
  return (
    <div className="state state-empty">
      <svg aria-hidden="true" viewBox="0 0 24 24" width="28" height="28">
        <path d="M4 7h16v12H4z M8 7V5h8v2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      </svg>
      <p>{children}</p>
      {action}
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const { t } = useI18n();
  const network = error instanceof ApiError && error.status === 0;
  return (
    <div className="state state-error" role="alert">
      <strong>{t('state.error.title')}</strong>
      <p>{network ? t('state.error.network') : error.message}</p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          {t('state.retry')}
        </button>
      )}
    </div>
  );
}

// Shows loading or error for a query (TanStack Query's result), or its content.
export function Resolved<T>({
  resource,
  children,
}: {
  resource: { data: T | undefined; error: Error | null; refetch: () => unknown };
  children: (data: T) => ReactNode;
}) {
  if (resource.data !== undefined) return <>{children(resource.data)}</>;
  if (resource.error) return <ErrorState error={resource.error} onRetry={() => void resource.refetch()} />;
  return <Loading />;
}
