// Small SVG charts for the Impact page: grouped bars, a line and a funnel, drawn with the
// DOM (no library, no markup strings). Every value is a figure of the reports: a number,
// '<5' (a count the server suppressed), 'x' (a count of 5 or more hidden with one) or null
// (does not apply). A '<5' count is drawn as a hatched bar up to 4 (its largest possible
// value) and labelled '<5'; 'x' and null draw nothing and are labelled 'x' and '–'. Each
// chart has a title and a description for assistive technology; the page's tables carry
// the same numbers. Colours and sizes come from admin.css (classes), since the pages' CSP
// forbids inline styles.

const NS = 'http://www.w3.org/2000/svg';
const SUPPRESSED = '<5';
const SUPPRESSED_MAX = 4; // the largest count '<5' can hide
const W = 640; // viewBox width; the chart scales to its box
const PAD = { top: 16, right: 12, bottom: 56, left: 40 };
const LABEL_MAX = 18; // characters of a category label under a bar
const TICKS = 5; // steps of the value axis

let seq = 0;

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'style' || k.startsWith('on')) throw new Error(`svg: ${k} is not allowed`);
    node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

// The number to draw for a figure, or null when there is none.
export function drawnValue(v) {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (v === SUPPRESSED) return SUPPRESSED_MAX;
  return null;
}

const short = (s) => {
  const text = String(s ?? '');
  return [...text].length > LABEL_MAX ? `${[...text].slice(0, LABEL_MAX - 1).join('')}…` : text;
};

// A round top for the value axis: 1, 2, 5, 10, 20, 50...
function niceMax(max) {
  if (max <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

// The frame of every chart: <svg role=img> with its title and desc. Returns the svg.
function frame({ title, desc, height, testid }) {
  seq += 1;
  const tid = `chart-t-${seq}`;
  const did = `chart-d-${seq}`;
  return svg(
    'svg',
    {
      class: 'chart',
      viewBox: `0 0 ${W} ${height}`,
      role: 'img',
      'aria-labelledby': `${tid} ${did}`,
      'data-testid': testid,
      preserveAspectRatio: 'xMidYMid meet',
    },
    svg('title', { id: tid }, title),
    svg('desc', { id: did }, desc),
    svg(
      'defs',
      null,
      svg(
        'pattern',
        {
          id: `hatch-${seq}`,
          width: 6,
          height: 6,
          patternUnits: 'userSpaceOnUse',
          patternTransform: 'rotate(45)',
        },
        svg('rect', { width: 6, height: 6, class: 'hatch-bg' }),
        svg('line', { x1: 0, y1: 0, x2: 0, y2: 6, class: 'hatch-line' }),
      ),
    ),
  );
}

// Horizontal grid lines and their numbers, 0 to top. fmt formats a tick.
function yAxis(root, { top, height, fmt }) {
  const g = svg('g', { class: 'axis', 'aria-hidden': 'true' });
  const plot = height - PAD.top - PAD.bottom;
  // niceMax() tops divide into five whole steps.
  for (let i = 0; i <= TICKS; i++) {
    const v = (top * i) / TICKS;
    const y = PAD.top + plot - (plot * i) / TICKS;
    g.append(
      svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: PAD.left - 6, y: y + 4, class: 'tick', 'text-anchor': 'end' }, fmt(v)),
    );
  }
  root.append(g);
}

// Grouped vertical bars: one group per category, one bar per series.
// series: [{ key, label, values: [figure per category] }]; fmt(v) labels a value.
export function barChart({ title, desc, categories, series, fmt, testid, height = 260 }) {
  const root = frame({ title, desc, height, testid });
  const hatch = `url(#hatch-${seq})`;
  const all = series.flatMap((s) => s.values.map(drawnValue)).filter((v) => v !== null);
  const top = niceMax(Math.max(0, ...all));
  yAxis(root, { top, height, fmt: (v) => fmt(Math.round(v)) });
  const plot = height - PAD.top - PAD.bottom;
  const slot = (W - PAD.left - PAD.right) / Math.max(1, categories.length);
  const bar = Math.min(36, (slot * 0.8) / Math.max(1, series.length));
  categories.forEach((cat, i) => {
    const g = svg('g', { class: 'group', 'data-testid': 'bar-group' });
    const x0 = PAD.left + slot * i + (slot - bar * series.length) / 2;
    series.forEach((s, j) => {
      const v = s.values[i];
      const d = drawnValue(v);
      const x = x0 + bar * j;
      const hgt = d === null ? 0 : (plot * d) / top;
      const y = PAD.top + plot - hgt;
      const suppressed = v === SUPPRESSED;
      if (d !== null)
        g.append(
          svg(
            'rect',
            {
              x,
              y,
              width: bar - 2,
              height: hgt,
              class: `bar series-${j}${suppressed ? ' suppressed' : ''}`,
              fill: suppressed ? hatch : null,
              'data-testid': 'bar',
              'data-series': s.key,
              'data-value': String(v),
            },
            svg('title', null, `${s.label}: ${fmt(v)}`),
          ),
        );
      g.append(
        svg(
          'text',
          {
            x: x + bar / 2 - 1,
            y: y - 4,
            class: 'value',
            'text-anchor': 'middle',
            'data-testid': 'bar-value',
          },
          fmt(v),
        ),
      );
    });
    g.append(
      svg(
        'text',
        {
          x: PAD.left + slot * i + slot / 2,
          y: height - PAD.bottom + 16,
          class: 'label',
          'text-anchor': 'middle',
          'data-testid': 'bar-label',
        },
        short(cat),
      ),
    );
    root.append(g);
  });
  root.append(legend(series, height));
  return root;
}

function legend(series, height) {
  const g = svg('g', { class: 'legend', 'aria-hidden': 'true' });
  series.forEach((s, j) => {
    const x = PAD.left + j * 160;
    const y = height - 14;
    g.append(
      svg('rect', { x, y: y - 9, width: 10, height: 10, class: `bar series-${j}` }),
      svg('text', { x: x + 14, y, class: 'label' }, s.label),
    );
  });
  return g;
}

// A line over points [{ label, value }] (the retention curve); suppressed points are
// hollow markers at 4 and break the line, null ones are left out.
export function lineChart({ title, desc, points, fmt, testid, height = 240 }) {
  const root = frame({ title, desc, height, testid });
  const all = points.map((p) => drawnValue(p.value)).filter((v) => v !== null);
  const top = niceMax(Math.max(0, ...all));
  yAxis(root, { top, height, fmt: (v) => fmt(Math.round(v)) });
  const plot = height - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / Math.max(1, points.length);
  const at = (i, d) => [PAD.left + step * i + step / 2, PAD.top + plot - (plot * d) / top];
  let run = [];
  const runs = [run];
  points.forEach((p, i) => {
    const d = drawnValue(p.value);
    const [x, y] = d === null ? at(i, 0) : at(i, d);
    if (typeof p.value === 'number') run.push(`${x},${y}`);
    else runs.push((run = []));
    if (d !== null)
      root.append(
        svg(
          'circle',
          {
            cx: x,
            cy: y,
            r: 5,
            class: `point${p.value === SUPPRESSED ? ' suppressed' : ''}`,
            'data-testid': 'point',
            'data-value': String(p.value),
          },
          svg('title', null, `${p.label}: ${fmt(p.value)}`),
        ),
      );
    root.append(
      svg(
        'text',
        { x, y: y - 9, class: 'value', 'text-anchor': 'middle', 'data-testid': 'point-value' },
        fmt(p.value),
      ),
      svg(
        'text',
        {
          x,
          y: height - PAD.bottom + 16,
          class: 'label',
          'text-anchor': 'middle',
          'data-testid': 'point-label',
        },
        short(p.label),
      ),
    );
  });
  for (const r of runs)
    if (r.length > 1)
      root.insertBefore(
        svg('polyline', { points: r.join(' '), class: 'line' }),
        root.querySelector('circle'),
      );
  return root;
}

// Horizontal bars from the widest step down (the matching funnel): steps [{ label, value }].
export function funnelChart({ title, desc, steps, fmt, testid }) {
  const rowH = 34;
  const left = 150;
  const height = PAD.top + steps.length * rowH + 8;
  const root = frame({ title, desc, height, testid });
  const hatch = `url(#hatch-${seq})`;
  const top = niceMax(Math.max(0, ...steps.map((s) => drawnValue(s.value)).filter((v) => v !== null)));
  const width = W - left - PAD.right - 48;
  steps.forEach((s, i) => {
    const d = drawnValue(s.value);
    const y = PAD.top + i * rowH;
    const w = d === null ? 0 : (width * d) / top;
    const suppressed = s.value === SUPPRESSED;
    const g = svg('g', { class: 'step', 'data-testid': 'funnel-step' });
    g.append(
      svg(
        'text',
        { x: left - 8, y: y + 17, class: 'label', 'text-anchor': 'end', 'data-testid': 'bar-label' },
        s.label,
      ),
    );
    if (d !== null)
      g.append(
        svg(
          'rect',
          {
            x: left,
            y,
            width: w,
            height: rowH - 10,
            class: `bar series-0${suppressed ? ' suppressed' : ''}`,
            fill: suppressed ? hatch : null,
            'data-testid': 'bar',
            'data-series': 'people',
            'data-value': String(s.value),
          },
          svg('title', null, `${s.label}: ${fmt(s.value)}`),
        ),
      );
    g.append(
      svg('text', { x: left + w + 6, y: y + 17, class: 'value', 'data-testid': 'bar-value' }, fmt(s.value)),
    );
    root.append(g);
  });
  return root;
}
