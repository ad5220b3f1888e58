/**
 * CSV as spreadsheets read and write it (RFC 4180): fields separated by commas, rows by CRLF, a field holding
 * a comma, a quote or a line break quoted with its quotes doubled. The file starts with a UTF-8 BOM,
 * without which Excel reads UTF-8 as the machine's code page and Vietnamese comes out garbled.
 *
 * A text field starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` in front:
 * Excel would run it as a formula (a comment typed by a user must not become one, OWASP "CSV
 * injection"). Numbers are written as they are.
 */

export const CSV_BOM = '\uFEFF';

const NEEDS_QUOTES = /[",\r\n]/;
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row, with its CRLF. */
export function csvRow(values: ReadonlyArray<string | number | null>): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** A record read from a CSV file, with the number people see for it (the header is record 1). */
export interface CsvRecord {
  row: number;
  fields: string[];
}

/** A file that is not CSV at all, with the record where reading stopped. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Reads CSV as a spreadsheet writes it (RFC 4180), and as people's files really are: the BOM
 * dropped, rows ended by CRLF, LF or CR, the last one with or without a line break, blank rows
 * skipped. The separator is a comma, or a semicolon when the first row has semicolons and no comma
 * (what Excel writes where the decimal mark is a comma, as in Việt Nam). A `'` that this writer put
 * before a formula-like text is taken off again, so an exported file reads back as it was.
 * Throws `CsvSyntaxError` (with the record's number) for a quote left open or text after a closing
 * quote.
 */
export function parseCsv(input: string): CsvRecord[] {
  const text = input.startsWith(CSV_BOM) ? input.slice(1) : input;
  const firstLine = text.slice(0, text.search(/[\r\n]|$/));
  const sep = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let row = 1;
  let i = 0;
  const endOfRow = () => {
    if (!(fields.length === 1 && fields[0] === '')) records.push({ row, fields });
    fields = [];
    row++;
  };
  while (i <= text.length) {
    let value: string;
    if (text[i] === '"') {
      value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new CsvSyntaxError(row, 'a quoted field is not closed');
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] !== '"') break;
        value += '"';
        i++;
      }
      if (i < text.length && text[i] !== sep && text[i] !== '\r' && text[i] !== '\n')
        throw new CsvSyntaxError(row, 'text after a closing quote');
    } else {
      let end = i;
      while (end < text.length && text[end] !== sep && text[end] !== '\r' && text[end] !== '\n') end++;
      value = text.slice(i, end);
      i = end;
    }
    fields.push(UNESCAPED_FORMULA.test(value) ? value.slice(1) : value);
    if (i >= text.length) {
      endOfRow();
      break;
    }
    const c = text[i];
    i++;
    if (c === sep) continue;
    if (c === '\r' && text[i] === '\n') i++;
    endOfRow();
    if (i >= text.length) break;
  }
  return records;
}

/** A field this writer protected from being run as a formula (`'=…`). */
const UNESCAPED_FORMULA = /^'[=+\-@\t\r]/;
