import { describe, expect, it } from 'vitest';
import { fileNameFromDisposition, formatProgress, importFormatOf, progressPercent } from './files';

describe('fileNameFromDisposition', () => {
  it('reads the quoted name the server sends', () => {
    expect(fileNameFromDisposition('attachment; filename="bao-cao-12-2021Q1.docx"', 'x')).toBe('bao-cao-12-2021Q1.docx');
  });
  it('reads a bare name and prefers filename*', () => {
    expect(fileNameFromDisposition('attachment; filename=bieu-mau.xlsx', 'x')).toBe('bieu-mau.xlsx');
    expect(fileNameFromDisposition(`attachment; filename="bao-cao.docx"; filename*=UTF-8''b%C3%A1o-c%C3%A1o.docx`, 'x')).toBe('báo-cáo.docx');
  });
  it('falls back without a header or name, and drops folders', () => {
    expect(fileNameFromDisposition(null, 'report.docx')).toBe('report.docx');
    expect(fileNameFromDisposition('attachment', 'report.docx')).toBe('report.docx');
    expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('passwd');
    expect(fileNameFromDisposition('attachment; filename=""', 'x')).toBe('x');
  });
});

describe('progress', () => {
  it('is a whole percentage, 100 only when done', () => {
    expect(progressPercent(0, 0)).toBe(0);
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(999, 1000)).toBe(99);
    expect(progressPercent(1000, 1000)).toBe(100);
    expect(progressPercent(5, 0)).toBe(0);
  });
  it('formats done/total in the language', () => {
    expect(formatProgress(1234, 5000, 'vi')).toBe('1.234/5.000 (24%)');
    expect(formatProgress(1234, 5000, 'en')).toBe('1,234/5,000 (24%)');
  });
  it('knows the import by the file name', () => {
    expect(importFormatOf('Bieu-mau.XLSX')).toBe('xlsx');
    expect(importFormatOf('so-lieu.csv')).toBe('csv');
    expect(importFormatOf('dataValueSets.json')).toBe('dhis2');
    expect(importFormatOf('anh.png')).toBeNull();
  });
});
