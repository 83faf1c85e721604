// The progress of a job as the user sees it: phase in words, done/total, the bar, Cancel only
// while it runs; and a refused file's problems listed by sheet, row and column.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Job } from '../lib/jobs';
import { ImportErrors } from './ImportErrors';
import { JobProgress } from './JobProgress';

const job = (state: Job['state'], done: number, total: number, phase?: string): Job => ({
  id: 7,
  kind: 'export-report.docx',
  state,
  progress: phase ? { done, total, phase } : { done, total },
});

describe('JobProgress', () => {
  it('names the phase in Vietnamese and shows how far the job is, with Cancel', () => {
    const html = renderToStaticMarkup(<JobProgress job={job('running', 12, 48, 'targets')} label="Tiến độ" cancelling={false} onCancel={() => {}} />);
    expect(html).toContain('Đang xử lý:');
    expect(html).toContain('Chỉ tiêu');
    expect(html).toContain('12/48 (25%)');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain('data-job-state="running"');
    expect(html).toContain('>Hủy<');
  });
  it('shows a finished job full, without Cancel', () => {
    const html = renderToStaticMarkup(<JobProgress job={job('done', 1, 1, 'writing')} label="x" cancelling={false} onCancel={() => {}} />);
    expect(html).toContain('Ghi tệp');
    expect(html).toContain('data-progress="100"');
    expect(html).not.toContain('Hủy');
  });
  it('keeps a phase it has no words for, and says when it is cancelling', () => {
    const html = renderToStaticMarkup(<JobProgress job={job('running', 3, 18, 'unit_kinds')} label="x" cancelling onCancel={() => {}} />);
    expect(html).toContain('unit_kinds');
    expect(html).toContain('Đang hủy…');
  });
});

describe('ImportErrors', () => {
  it('lists each problem with its sheet, row and column', () => {
    const html = renderToStaticMarkup(
      <ImportErrors errors={[
        { sheet: 'Đơn vị', row: 5, column: 'D', detail: 'mã loại đơn vị "x" không tồn tại' },
        { pointer: '/rows/7/value', detail: 'bad' },
        { sheet: '', row: 0, column: '', detail: 'tệp không phải là tệp Excel (.xlsx) hợp lệ' },
      ]} />,
    );
    expect(html).toContain('Trang “Đơn vị”, dòng 5, cột D');
    expect(html).toContain('Dòng 7');
    expect(html).toContain('—');
    expect(html).toContain('3 lỗi cần sửa trong tệp');
  });
  it('shows nothing when there is nothing wrong', () => {
    expect(renderToStaticMarkup(<ImportErrors errors={[]} />)).toBe('');
  });
});
