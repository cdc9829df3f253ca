// Hand-written SVG chart for the benchmark harness: grouped bars of nodemu's
// speed relative to qemu (qemu time / nodemu time) per benchmark and
// architecture, with a dashed line at 1.0 (qemu's speed). The y axis is
// logarithmic (ratios from 0.001 to 10 all stay readable; 0.5 and 2 are
// equally far from 1).

export interface ChartBar {
  arch: string;
  /** qemu_time / nodemu_time, or null when there is no ratio (a failure, no qemu, skipped). */
  value: number | null;
  /** Short text shown instead of a bar when value is null ("FAIL", "n/a"). */
  missing?: string;
}

export interface ChartGroup {
  label: string;
  bars: ChartBar[];
}

const COLORS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#b07aa1'];

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function fmt(v: number): string {
  return v >= 10 ? v.toFixed(1) : v >= 0.1 ? v.toFixed(2) : v.toPrecision(2);
}


export function renderChart(title: string, subtitle: string, arches: string[], groups: ChartGroup[]): string {
  const barW = 22;
  const gap = 26;
  const groupW = Math.max(1, arches.length) * barW + gap;
  const left = 64;
  const right = 24;
  const top = 86;
  const plotH = 300;
  const bottom = 96;
  const width = Math.max(520, left + right + groups.length * groupW);
  const height = top + plotH + bottom;
  const values = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v): v is number => v !== null && v > 0);
  // whole decades from below the smallest value to above max(1, largest)
  const lo = Math.floor(Math.log10(Math.min(0.5, ...values)));
  const hi = Math.max(1, Math.ceil(Math.log10(Math.max(1.5, ...values)) + 0.15));
  const y = (v: number) => top + plotH - ((Math.log10(v) - lo) / (hi - lo)) * plotH;

  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`);
  o.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  o.push(`<text x="${left}" y="24" font-size="16" font-weight="bold">${esc(title)}</text>`);
  o.push(`<text x="${left}" y="44" fill="#555">${esc(subtitle)}</text>`);
  // grid and y axis
  for (let d = lo; d <= hi; d++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** d;
      if (d === hi && m > 1) break;
      const yy = y(v).toFixed(1);
      o.push(`<line x1="${left}" y1="${yy}" x2="${width - right}" y2="${yy}" stroke="${m === 1 ? '#d0d0d0' : '#eeeeee'}"/>`);
      o.push(`<text x="${left - 6}" y="${yy}" text-anchor="end" dy="0.35em" fill="${m === 1 ? '#444' : '#999'}" font-size="${m === 1 ? 12 : 10}">${v >= 1 ? String(v) : v.toPrecision(1)}</text>`);
    }
  }
  o.push(`<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#333">speed relative to qemu (log scale, higher is faster)</text>`);
  o.push(`<line x1="${left}" y1="${top}" x2="${left}" y2="${top + plotH}" stroke="#888"/>`);
  o.push(`<line x1="${left}" y1="${top + plotH}" x2="${width - right}" y2="${top + plotH}" stroke="#888"/>`);
  // bars
  groups.forEach((g, gi) => {
    const gx = left + gap / 2 + gi * groupW;
    arches.forEach((arch, ai) => {
      const b = g.bars.find((x) => x.arch === arch);
      const x = gx + ai * barW;
      const color = COLORS[ai % COLORS.length];
      if (b && b.value !== null) {
        const yy = y(b.value);
        o.push(`<rect x="${x + 1}" y="${yy.toFixed(1)}" width="${barW - 2}" height="${(top + plotH - yy).toFixed(1)}" fill="${color}"><title>${esc(`${g.label} ${arch}: ${fmt(b.value)}× qemu`)}</title></rect>`);
        o.push(`<text x="${x + barW / 2}" y="${(yy - 4).toFixed(1)}" text-anchor="middle" font-size="9" fill="#333">${fmt(b.value)}</text>`);
      } else {
        const why = b?.missing ?? 'n/a';
        o.push(`<text transform="translate(${x + barW / 2 + 3} ${top + plotH - 4}) rotate(-90)" font-size="9" fill="#999">${esc(why)}</text>`);
      }
    });
    const cx = gx + (arches.length * barW) / 2;
    o.push(`<text transform="translate(${cx} ${top + plotH + 14}) rotate(-30)" text-anchor="end" fill="#333">${esc(g.label)}</text>`);
  });
  // qemu = 1.0 line
  const y1 = y(1).toFixed(1);
  o.push(`<line x1="${left}" y1="${y1}" x2="${width - right}" y2="${y1}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  o.push(`<text x="${width - right}" y="${(y(1) - 5).toFixed(1)}" text-anchor="end" fill="#d62728">qemu = 1.0</text>`);
  // legend
  let lx = left;
  const ly = top - 18;
  arches.forEach((arch, ai) => {
    o.push(`<rect x="${lx}" y="${ly - 9}" width="12" height="12" fill="${COLORS[ai % COLORS.length]}"/>`);
    o.push(`<text x="${lx + 16}" y="${ly + 1}">${esc(arch)}</text>`);
    lx += 30 + arch.length * 8;
  });
  o.push('</svg>');
  return o.join('\n') + '\n';
}
