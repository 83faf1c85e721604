// The catalogue is complete: every key has both languages, every literal key the code uses
// exists, and the Vietnamese text is composed (NFC) with its diacritics.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from './en';
import { translate } from './index';
import { vi } from './vi';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\./.test(name) ? [path] : [];
  });
}

describe('i18n catalogue', () => {
  it('has an English text for every Vietnamese key, none empty', () => {
    for (const key of Object.keys(vi) as (keyof typeof vi)[]) {
      expect(vi[key].trim(), key).not.toBe('');
      expect(en[key]?.trim(), key).toBeTruthy();
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
  });
  it('knows every literal key used in the code', () => {
    const root = new URL('..', import.meta.url).pathname;
    const missing: string[] = [];
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\('([a-zA-Z_.]+)'/g)) {
        if (!(match[1]! in vi)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });
  it('stores Vietnamese composed, with its diacritics', () => {
    for (const text of Object.values(vi)) expect(text).toBe(text.normalize('NFC'));
    expect(vi['status.assignment.overdue']).toBe('Quá hạn');
  });
  it('fills placeholders', () => {
    expect(translate('vi', 'overview.reports.accepted', { n: 4, total: 43 })).toBe('4/43 đã duyệt');
    expect(translate('en', 'overview.reports.accepted', { n: 4, total: 43 })).toBe('4/43 accepted');
  });
});
