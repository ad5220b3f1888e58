import { describe, expect, it } from 'vitest';
import { csvField, csvRow } from '../../src-main/platform/csv';
import { parseCsv } from '../support/csv';

describe('the audit CSV escaper', () => {
  it('quotes a field holding a comma, a quote or a line break, and doubles its quotes', () => {
    expect(csvField('Bản tin sáng')).toBe('Bản tin sáng');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('nói "xin chào"')).toBe('"nói ""xin chào"""');
    expect(csvField('dòng 1\ndòng 2')).toBe('"dòng 1\ndòng 2"');
    expect(csvField('a\r\nb')).toBe('"a\r\nb"');
    expect(csvField(42)).toBe('42');
    expect(csvField(null)).toBe('');
  });

  it('keeps a spreadsheet from running a field as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('1-2')).toBe('1-2');
  });

  it('reads back as it was written, row by row', () => {
    const rows = [
      ['seq', 'chi tiết'],
      ['1', 'Trả lại: "đoạn mở đầu", thêm\nnhạc hiệu, ký tự đ Đ ư Ư'],
      ['2', ''],
    ];
    expect(parseCsv(rows.map(csvRow).join(''))).toEqual(rows);
  });
});
