/**
 * CSV as spreadsheets read it (RFC 4180): fields separated by commas, rows by CRLF, a field holding
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
