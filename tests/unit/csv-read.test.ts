import { describe, expect, it } from 'vitest';
import { CSV_BOM, CsvSyntaxError, csvRow, parseCsv } from '../../src-main/platform/csv';
import {
  defaultStreamBaseUrl,
  streamPath,
  streamUrl,
  streamUrls,
} from '../../src-main/live/stations/stream-urls';

describe('the CSV reader', () => {
  it('reads back what the writer wrote: quotes, separators and line breaks inside fields, formulas', () => {
    const rows = [
      ['code', 'name', 'note'],
      ['XA-01', 'Xã "A", thôn 1', 'dòng 1\r\ndòng 2'],
      ['XA-02', '=SUM(A1)', '-2'],
    ];
    const text = CSV_BOM + rows.map((r) => csvRow(r)).join('');
    expect(parseCsv(text)).toEqual(rows.map((fields, i) => ({ row: i + 1, fields })));
  });

  it('takes LF or CR line ends, no last line break, blank rows and semicolons as Excel writes them here', () => {
    expect(parseCsv('a,b\n1,2\n\n3,4')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2'] },
      { row: 4, fields: ['3', '4'] },
    ]);
    expect(parseCsv('a;b\r1;"2;3"\r')).toEqual([
      { row: 1, fields: ['a', 'b'] },
      { row: 2, fields: ['1', '2;3'] },
    ]);
    // A comma in the header: commas separate, a semicolon is text.
    expect(parseCsv('a,b;c\r\n1,2;3\r\n')).toEqual([
      { row: 1, fields: ['a', 'b;c'] },
      { row: 2, fields: ['1', '2;3'] },
    ]);
    expect(parseCsv('a,,\r\n')).toEqual([{ row: 1, fields: ['a', '', ''] }]);
    expect(parseCsv('')).toEqual([]);
  });

  it('names the record where a file stops being CSV', () => {
    const at = (text: string) => {
      try {
        parseCsv(text);
        return null;
      } catch (err) {
        return err instanceof CsvSyntaxError ? [err.row, err.message] : err;
      }
    };
    expect(at('a,b\r\n1,"2\r\n')).toEqual([2, 'a quoted field is not closed']);
    expect(at('a,b\r\n"x\ny",2\r\n"1"2,3\r\n')).toEqual([3, 'text after a closing quote']);
  });
});

describe('stream URLs', () => {
  it('puts the code and codec in the path and the token in the query', () => {
    expect(streamPath('XA-01', 'mp3')).toBe('/live/XA-01.mp3');
    expect(streamUrl('http://203.0.113.7:8000/', 'XA-01', 'opus', 'a_b-c')).toBe(
      'http://203.0.113.7:8000/live/XA-01.opus?token=a_b-c',
    );
    expect(streamUrls('https://luong.example.vn', 'XA.2', 't').map((s) => s.url)).toEqual([
      'https://luong.example.vn/live/XA.2.mp3?token=t',
      'https://luong.example.vn/live/XA.2.opus?token=t',
    ]);
  });

  it('guesses this PC’s outside IPv4 address, else its name, on port 8000', () => {
    const lo = { address: '127.0.0.1', family: 'IPv4', internal: true } as const;
    const lan = { address: '192.168.1.20', family: 'IPv4', internal: false } as const;
    const v6 = { address: 'fe80::1', family: 'IPv6', internal: false } as const;
    const nic = (i: object) => i as never;
    expect(defaultStreamBaseUrl({ lo: [nic(lo)], eth0: [nic(v6), nic(lan)] }, 'studio')).toBe(
      'http://192.168.1.20:8000',
    );
    expect(defaultStreamBaseUrl({ lo: [nic(lo)] }, 'studio-pc')).toBe('http://studio-pc:8000');
  });
});
