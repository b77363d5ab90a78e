// Small helpers the benchmarks share.

// Rejects when p takes longer than ms.
export function within(ms, what, p) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([p, limit]).finally(() => clearTimeout(timer));
}

// Fixed-width text tables. cols: [[title, width, 'l' to align left], ...];
// a missing cell shows as '-'.
export function padCells(cols, cells) {
  return cells
    .map((cell, i) => {
      const [, width, align] = cols[i];
      const s = String(cell ?? '-');
      return align === 'l' ? s.padEnd(width) : s.padStart(width);
    })
    .join('  ');
}

export const tableLine = (cols, cells) => padCells(cols, cells).trimEnd();

// The titles and the rule under them.
export function tableHead(cols) {
  const titles = cols.map(([title]) => title);
  const rules = cols.map(([, width]) => '-'.repeat(width));
  return [tableLine(cols, titles), tableLine(cols, rules)];
}
