/** A CSV export split into its `# ` comment lines, header row and data rows (RFC 4180 quoting; test helper). */
export function parseCsv(text: string): { comments: string[]; header: string[]; rows: string[][] } {
  const lines = text.split('\n');
  if (lines.pop() !== '') throw new Error('CSV does not end with a newline');
  const comments: string[] = [];
  while (lines[0]?.startsWith('# ')) comments.push((lines.shift() as string).slice(2));
  const cells = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i] as string;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        out.push(cell);
        cell = '';
      } else cell += c;
    }
    out.push(cell);
    return out;
  };
  const [header = '', ...rows] = lines;
  return { comments, header: cells(header), rows: rows.map(cells) };
}
