// Page and section frames: a heading with its context and actions, and titled cards.
import { useEffect, useRef, type ReactNode } from 'react';
import { takeFocusRequest } from '../lib/focus';

export function PageHeader({
  title,
  eyebrow,
  children,
  actions,
}: {
  title: string;
  eyebrow?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · nqtrack`;
  }, [title]);
  useEffect(() => {
    if (takeFocusRequest()) heading.current?.focus({ preventScroll: true });
  }, []);
  return (
    <div className="page-header">
      {eyebrow}
      <div className="page-header-row">
        <h1 ref={heading} tabIndex={-1}>{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </div>
      {children}
    </div>
  );
}

export function Section({
  title,
  id,
  children,
  aside,
  className,
}: {
  title: string;
  id?: string;
  children: ReactNode;
  aside?: ReactNode;
  className?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} aria-labelledby={id ? `${id}-title` : undefined} id={id}>
      <div className="card-head">
        <h2 id={id ? `${id}-title` : undefined}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}
