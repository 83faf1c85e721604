// Validation of an indicator value as it is typed, by the indicator's type: numbers in the
// user's format, no more decimals than the indicator keeps, rates within 0–100.
import type { MessageKey } from '../i18n';
import { parseNumber, type Lang } from './format';

export interface IndicatorRule {
  value_type: 'number' | 'percent' | 'yes_no' | 'text';
  decimals: number;
}

export type Problem = { key: MessageKey; vars?: Record<string, string | number> } | null;

// The problem with `text` as a value of the indicator, or null when it is fine (empty is fine:
// not entered yet).
export function validateValue(rule: IndicatorRule, text: string, lang: Lang): Problem {
  if (rule.value_type === 'yes_no' || rule.value_type === 'text') return null;
  const parsed = parseNumber(text, lang);
  if (!parsed.ok) return parsed.reason === 'empty' ? null : { key: 'report.valid.number' };
  if (parsed.value < 0) return { key: 'report.valid.negative' };
  if (parsed.decimals > rule.decimals) {
    return rule.decimals === 0 ? { key: 'report.valid.integer' } : { key: 'report.valid.decimals', vars: { n: rule.decimals } };
  }
  if (rule.value_type === 'percent' && parsed.value > 100) return { key: 'report.valid.percent' };
  return null;
}

// The JSON value to send for a field, or undefined when nothing is entered.
export function valueToSend(rule: IndicatorRule, text: string, lang: Lang): number | boolean | string | undefined {
  if (rule.value_type === 'yes_no') return text === 'yes' ? true : text === 'no' ? false : undefined;
  if (rule.value_type === 'text') return text.trim() ? text.trim() : undefined;
  const parsed = parseNumber(text, lang);
  return parsed.ok ? parsed.value : undefined;
}
