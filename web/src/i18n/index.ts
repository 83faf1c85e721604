// The i18n catalogue in use: Vietnamese by default, English as a toggle remembered on this device.
import { useSyncExternalStore } from 'react';
import type { Lang } from '../lib/format';
import { en } from './en';
import { vi, type MessageKey } from './vi';

export type { MessageKey };
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'nqtrack.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

let lang: Lang = typeof window === 'undefined' ? 'vi' : initialLang();
const listeners = new Set<() => void>();

export function translate(language: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key] ?? vi[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

// A key built at run time (a status from the server); falls back to the raw value.
export function isMessageKey(key: string): key is MessageKey {
  return key in vi;
}

// The label of a document or item kind code ("resolution", "key_work"), or the server's label.
export function kindLabel(t: Translate, family: 'doc' | 'item', code: string, fallback: string): string {
  const key = `kind.${family}.${code}`;
  return isMessageKey(key) ? t(key) : fallback;
}

export function setLang(next: Lang): void {
  lang = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  document.documentElement.lang = next;
  for (const listener of [...listeners]) listener();
}

export function useI18n(): { lang: Lang; t: Translate; setLang: (next: Lang) => void } {
  const current = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => lang,
    () => 'vi' as Lang,
  );
  return { lang: current, t: (key, vars) => translate(current, key, vars), setLang };
}
