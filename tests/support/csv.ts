/**
 * A strict RFC 4180 reader for tests: what a spreadsheet makes of a CSV file (quoted fields with
 * doubled quotes, commas and line breaks inside quotes, CRLF between rows). Throws on anything a
 * well-formed file would not have (a quote inside an unquoted field, text after a closing quote).
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const field = (): string => {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q === -1) throw new Error('CSV: a quoted field is not closed');
        value += text.slice(i, q);
        i = q + 1;
        if (text[i] === '"') {
          value += '"';
          i++;
        } else break;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r')
        throw new Error(`CSV: text after a quote at ${i}`);
      return value;
    }
    let end = i;
    while (end < text.length && text[end] !== ',' && text[end] !== '\r') {
      if (text[end] === '"' || text[end] === '\n')
        throw new Error(`CSV: bare ${JSON.stringify(text[end])} at ${end}`);
      end++;
    }
    const value = text.slice(i, end);
    i = end;
    return value;
  };
  while (i < text.length) {
    row.push(field());
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.slice(i, i + 2) !== '\r\n') throw new Error(`CSV: a row must end with CRLF at ${i}`);
    i += 2;
    rows.push(row);
    row = [];
  }
  if (row.length) throw new Error('CSV: the last row has no CRLF');
  return rows;
}
