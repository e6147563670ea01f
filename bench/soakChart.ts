/**
 * bench:soak's chart: an SVG drawn here and photographed by the same Chromium (no charting
 * dependency). Till and Chromium PSS against scans, each block's verdict p95 below, the HQ
 * outage shaded.
 */
import type { Browser } from 'playwright-core';

export interface SoakSample {
  scans: number;
  tillMb: number;
  chromiumMb: number;
  /** The same after a full garbage collection in the till and in the page. */
  tillGcMb: number;
  chromiumGcMb: number;
  chromiumProcesses: number;
  /** Verdict p95 (ms) of the scans since the previous sample. */
  p95Ms: number | null;
  waiting: number | null;
  hqUp: boolean;
}

const W = 1000;
const H = 620;
const PAD = { left: 70, right: 30, top: 50 };
const MEM_H = 300;
const LAT_TOP = 420;
const LAT_H = 140;

function axis(values: number[], floorZero = true): { lo: number; hi: number } {
  const hi = Math.max(...values) * 1.1 || 1;
  const lo = floorZero ? 0 : Math.min(...values) * 0.9;
  return { lo, hi };
}

/** The chart as SVG markup. */
/**
 * The title on one line at the left, its parenthesis (the load average) on a second, smaller line
 * at the right: in one 17 px line it ran past the chart's right edge and was cut off.
 */
function titleLines(title: string): string {
  const cut = title.indexOf(' (');
  const head = cut > 0 ? title.slice(0, cut) : title;
  const tail = cut > 0 ? title.slice(cut + 1) : '';
  return (
    `<text x="10" y="22" font-size="16" font-weight="bold">${head}</text>` +
    (tail ? `<text x="${W - PAD.right}" y="40" text-anchor="end" font-size="12" fill="#555">${tail}</text>` : '')
  );
}

export function soakSvg(samples: SoakSample[], outage: { from: number; to: number }, title: string): string {
  const maxScans = Math.max(...samples.map((s) => s.scans), 1);
  const x = (scans: number) => PAD.left + ((W - PAD.left - PAD.right) * scans) / maxScans;
  const mem = axis(samples.flatMap((s) => [s.tillMb, s.chromiumMb, s.tillGcMb, s.chromiumGcMb]));
  const yMem = (mb: number) => PAD.top + MEM_H - (MEM_H * (mb - mem.lo)) / (mem.hi - mem.lo);
  const lats = samples.map((s) => s.p95Ms).filter((v): v is number => v !== null);
  const lat = axis(lats.length ? lats : [1]);
  const yLat = (ms: number) => LAT_TOP + LAT_H - (LAT_H * ms) / lat.hi;
  const line = (pts: [number, number][], color: string, dashed = false) =>
    `<polyline fill="none" stroke="${color}" stroke-width="${dashed ? 2 : 3}"${dashed ? ' stroke-dasharray="6 4"' : ''} points="${pts.map(([a, b]) => `${a.toFixed(1)},${b.toFixed(1)}`).join(' ')}"/>` +
    pts.map(([a, b]) => `<circle cx="${a.toFixed(1)}" cy="${b.toFixed(1)}" r="3.5" fill="${color}"/>`).join('');
  const ticks = (lo: number, hi: number, y: (v: number) => number, unit: string) =>
    Array.from({ length: 5 }, (_, i) => lo + ((hi - lo) * i) / 4)
      .map(
        (v) =>
          `<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="#ddd"/><text x="${PAD.left - 8}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(0)}${unit}</text>`,
      )
      .join('');
  const xTicks = samples
    .filter((s) => s.scans % 2000 === 0)
    // The last tick ends at the right edge (centred, "10,000" was cut off there).
    .map(
      (s) =>
        `<text x="${x(s.scans)}" y="${LAT_TOP + LAT_H + 22}" text-anchor="${s.scans === maxScans ? 'end' : 'middle'}">${s.scans.toLocaleString('en')}</text>`,
    )
    .join('');
  const lastTill = samples.at(-1)!;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="DejaVu Sans, sans-serif" font-size="13">
  <rect width="100%" height="100%" fill="#fff"/>
  ${titleLines(title)}
  <rect x="${x(outage.from)}" y="${PAD.top}" width="${x(outage.to) - x(outage.from)}" height="${LAT_TOP + LAT_H - PAD.top}" fill="#fde8e8"/>
  <text x="${(x(outage.from) + x(outage.to)) / 2}" y="${PAD.top + 16}" text-anchor="middle" fill="#b42318">HQ down</text>
  <text x="${PAD.left}" y="${PAD.top - 6}" fill="#555">memory (PSS, MB)</text>
  ${ticks(mem.lo, mem.hi, yMem, '')}
  ${line(
    samples.map((s) => [x(s.scans), yMem(s.tillMb)]),
    '#1d4ed8',
  )}
  ${line(
    samples.map((s) => [x(s.scans), yMem(s.chromiumMb)]),
    '#c2410c',
  )}
  ${line(
    samples.map((s) => [x(s.scans), yMem(s.tillGcMb)]),
    '#1d4ed8',
    true,
  )}
  ${line(
    samples.map((s) => [x(s.scans), yMem(s.chromiumGcMb)]),
    '#c2410c',
    true,
  )}
  <text x="${PAD.left + 8}" y="${PAD.top + MEM_H - 8}" fill="#555">solid: as sampled; dashed: after a full garbage collection</text>
  <text x="${W - PAD.right}" y="${yMem(lastTill.tillMb) - 8}" text-anchor="end" fill="#1d4ed8">till process ${lastTill.tillMb.toFixed(1)} MB</text>
  <text x="${W - PAD.right}" y="${yMem(lastTill.chromiumMb) - 8}" text-anchor="end" fill="#c2410c">Chromium, ${lastTill.chromiumProcesses} processes ${lastTill.chromiumMb.toFixed(1)} MB</text>
  <text x="${PAD.left}" y="${LAT_TOP - 6}" fill="#555">verdict p95 per 500 scans (ms, Enter to verdict in the DOM)</text>
  ${ticks(0, lat.hi, yLat, '')}
  ${line(
    samples.filter((s) => s.p95Ms !== null).map((s) => [x(s.scans), yLat(s.p95Ms!)]),
    '#047857',
  )}
  ${xTicks}
  <text x="${(W + PAD.left) / 2}" y="${H - 10}" text-anchor="middle" fill="#555">scans</text>
</svg>`;
}

/** Photographs the chart in a new page of `browser` and writes it to `file` (PNG). */
export async function renderSoakChart(browser: Browser, svg: string, file: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: W, height: H } });
  try {
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.screenshot({ path: file, clip: { x: 0, y: 0, width: W, height: H } });
  } finally {
    await page.close();
  }
}
