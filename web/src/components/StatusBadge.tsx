// A status as a coloured pill with its words: colour is never the only signal.
import { isMessageKey, useI18n } from '../i18n';
import { statusKey, toneOf, type StatusKind } from '../lib/status';

export function StatusBadge({ kind, status, label }: { kind: StatusKind; status: string; label?: string }) {
  const { t } = useI18n();
  const key = statusKey(kind, status);
  const text = label ?? (isMessageKey(key) ? t(key) : status);
  return (
    <span className={`badge tone-${toneOf(kind, status)}`} data-status={status}>
      <span className="dot" aria-hidden="true" />
      {text}
    </span>
  );
}
