// Comments (ý kiến, phản hồi) on an item, a report or a recommendation: read and add.
import { useQuery } from '@tanstack/react-query';
import { apiQuery } from '../api/queries';
import { useId, useState, type FormEvent } from 'react';
import { ApiError, api } from '../api/client';
import type { Comment, ListOf } from '../api/types';
import { useI18n } from '../i18n';
import { formatDateTime } from '../lib/format';
import { Section } from './Page';
import { EmptyState, Resolved } from './States';

export function Comments({ entity, entityId }: { entity: string; entityId: number }) {
  const { t, lang } = useI18n();
  const comments = useQuery(apiQuery<ListOf<Comment>>('comments', { entity, entity_id: entityId }));
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fieldId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('comments', { entity, entity_id: entityId, body: body.trim() });
      setBody('');
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t('comments.title')} id={`comments-${entity}`}>
      <Resolved resource={comments}>
        {(list) =>
          list.items.length === 0 ? (
            <EmptyState>{t('comments.empty')}</EmptyState>
          ) : (
            <ol className="comments">
              {[...list.items]
                .sort((a, b) => a.created_at - b.created_at)
                .map((c) => (
                  <li key={c.id}>
                    <div className="comment-meta">
                      <strong>{c.author}</strong> · <time>{formatDateTime(c.created_at, lang)}</time>
                    </div>
                    <p>{c.body}</p>
                  </li>
                ))}
            </ol>
          )
        }
      </Resolved>
      <form className="comment-form" onSubmit={submit}>
        <label htmlFor={fieldId}>{t('comments.field')}</label>
        <textarea id={fieldId} rows={2} value={body} maxLength={4000} onChange={(e) => setBody(e.target.value)} />
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="button" disabled={busy || !body.trim()}>
          {busy ? t('state.saving') : t('comments.send')}
        </button>
      </form>
    </Section>
  );
}
