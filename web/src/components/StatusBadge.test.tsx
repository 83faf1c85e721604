// Component tests rendered on the server: the badge carries both the colour and the words.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ProgressBar } from './ProgressBar';
import { StatusBadge } from './StatusBadge';

describe('StatusBadge', () => {
  it('shows an overdue assignment in red with its Vietnamese label', () => {
    const html = renderToStaticMarkup(<StatusBadge kind="assignment" status="overdue" />);
    expect(html).toContain('tone-red');
    expect(html).toContain('Quá hạn');
  });
  it('shows each target status with its colour', () => {
    const cases: [string, string, string][] = [
      ['achieved', 'tone-green', 'Đã đạt'],
      ['on_track', 'tone-blue', 'Đúng tiến độ'],
      ['at_risk', 'tone-orange', 'Có nguy cơ chậm'],
      ['off_track', 'tone-red', 'Chậm tiến độ'],
      ['no_data', 'tone-grey', 'Chưa có số liệu'],
    ];
    for (const [status, tone, label] of cases) {
      const html = renderToStaticMarkup(<StatusBadge kind="target" status={status} />);
      expect(html).toContain(tone);
      expect(html).toContain(label);
    }
  });
  it('uses a given label and falls back to the raw status', () => {
    expect(renderToStaticMarkup(<StatusBadge kind="report" status="accepted" label="4/43" />)).toContain('4/43');
    expect(renderToStaticMarkup(<StatusBadge kind="report" status="archived" />)).toContain('archived');
  });
});

describe('ProgressBar', () => {
  it('clamps and exposes its value', () => {
    const html = renderToStaticMarkup(<ProgressBar value={140} tone="green" label="x" />);
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain('width:100%');
  });
});
