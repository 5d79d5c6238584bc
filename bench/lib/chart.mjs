/**
 * An SVG chart of send rate and peak memory against batch size: rows on a logarithmic x axis, messages
 * per second on the left axis, peak RSS (MB) on the right. `series` is a list of
 * { rows, perSecond, peakRssBytes } (bench/results.json keeps it under the "batch-size" entry); with no
 * points the chart says so, so the page never shows an empty frame without a reason.
 */
const W = 640;
const H = 320;
const PAD = { left: 64, right: 64, top: 36, bottom: 48 };
const RATE = '#1f6feb';
const RSS = '#d1242f';

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceMax(value) {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / step) * step;
}

export function batchChart(series = [], { title = 'Send rate and peak memory by batch size' } = {}) {
  const points = series.filter((p) => p.rows > 0).sort((a, b) => a.rows - b.rows);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<rect x="${PAD.left}" y="${PAD.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
  ];
  if (points.length === 0) {
    parts.push(`<text x="${W / 2}" y="${PAD.top + plotH / 2}" text-anchor="middle" fill="#666">no batch-size series in this run</text>`, '</svg>');
    return parts.join('\n');
  }
  const minLog = Math.floor(Math.log10(points[0].rows));
  const maxLog = Math.max(minLog + 1, Math.ceil(Math.log10(points[points.length - 1].rows)));
  const x = (rows) => PAD.left + ((Math.log10(rows) - minLog) / (maxLog - minLog)) * plotW;
  const rateMax = niceMax(Math.max(...points.map((p) => p.perSecond ?? 0)));
  const rssMax = niceMax(Math.max(...points.map((p) => (p.peakRssBytes ?? 0) / 2 ** 20)));
  const yRate = (v) => PAD.top + plotH - (v / rateMax) * plotH;
  const yRss = (mb) => PAD.top + plotH - (mb / rssMax) * plotH;
  for (let e = minLog; e <= maxLog; e++) {
    const px = x(10 ** e);
    parts.push(
      `<line x1="${px}" y1="${PAD.top + plotH}" x2="${px}" y2="${PAD.top + plotH + 4}" stroke="#888"/>`,
      `<text x="${px}" y="${PAD.top + plotH + 18}" text-anchor="middle">${(10 ** e).toLocaleString('en-US')}</text>`,
    );
  }
  for (let i = 0; i <= 4; i++) {
    const py = PAD.top + plotH - (i / 4) * plotH;
    parts.push(
      `<line x1="${PAD.left}" y1="${py}" x2="${PAD.left + plotW}" y2="${py}" stroke="#eee"/>`,
      `<text x="${PAD.left - 6}" y="${py + 4}" text-anchor="end" fill="${RATE}">${Math.round((rateMax * i) / 4)}</text>`,
      `<text x="${PAD.left + plotW + 6}" y="${py + 4}" fill="${RSS}">${Math.round((rssMax * i) / 4)}</text>`,
    );
  }
  parts.push(
    `<text x="${PAD.left + plotW / 2}" y="${H - 10}" text-anchor="middle">rows in the batch (log scale)</text>`,
    `<text transform="translate(16 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="${RATE}">messages / s</text>`,
    `<text transform="translate(${W - 14} ${PAD.top + plotH / 2}) rotate(90)" text-anchor="middle" fill="${RSS}">peak RSS (MB)</text>`,
  );
  const line = (get, y, colour) => {
    const pts = points.filter((p) => Number.isFinite(get(p)));
    if (pts.length === 0) return;
    parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${x(p.rows).toFixed(1)},${y(get(p)).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p.rows).toFixed(1)}" cy="${y(get(p)).toFixed(1)}" r="3" fill="${colour}"/>`);
  };
  line((p) => p.perSecond, yRate, RATE);
  line((p) => p.peakRssBytes / 2 ** 20, yRss, RSS);
  parts.push('</svg>');
  return parts.join('\n');
}
