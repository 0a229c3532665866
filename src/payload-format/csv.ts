/**
 * The CSV of one request row (RFC 4180): no header, a field is quoted only when it holds a
 * comma, a double quote, CR or LF, and quotes inside it are doubled.
 */

/** One CSV field, quoted only when needed. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** One CSV record without a line break at the end. */
export function csvRecord(values: string[]): string {
  return values.map(csvField).join(',');
}

/**
 * Parses the first record of a CSV text (a user's custom sample). Returns undefined when a
 * quoted field is not closed.
 */
export function parseCsvRecord(text: string): string[] | undefined {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) return undefined;
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
    }
    fields.push(field);
    if (text[i] !== ',') return fields;
    i++;
  }
}
