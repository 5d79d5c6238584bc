/**
 * Turns the results of `npm run bench` into table rows (figure, baseline of the same run, measured,
 * ratio with its spread, goal) and into docs/benchmarks.md. A missed goal is shown, never hidden; a
 * failed correctness check is listed at the top.
 */
const us = (n) => `${n.toFixed(0)} µs`;
const perS = (n) => `${Math.round(n).toLocaleString('en-US')}/s`;
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const pm = (s) => (s && Number.isFinite(s.relative) ? ` ±${(s.relative * 100).toFixed(0)} %` : '');

/** One row; `met` is true, false, or undefined (no goal). */
function row(figure, baseline, measured, ratio, goal, met) {
  return { figure, baseline, measured, ratio, goal: goal ?? '—', met };
}

export function tableRows(sections) {
  const rows = [];
  const s = sections.sends;
  if (s?.cpu) {
    const c = s.cpu.cases;
    const r = s.cpu.ratios;
    rows.push(
      row(
        "CPU per `execute('send-message')`, 16 in flight",
        `raw \`fetch\` of the same request: ${us(c.fetch.cpuUs.median)}`,
        us(c.text.cpuUs.median),
        `${r.cpuVsFetch.median.toFixed(2)}×${pm(r.cpuVsFetch)}`,
        '≤ 1.3×',
        r.cpuVsFetch.median <= 1.3,
      ),
    );
    rows.push(
      row(
        'CPU per send, side by side',
        `whatsapp-api-js \`sendMessage\`: ${us(c.peer.cpuUs.median)}`,
        us(c.text.cpuUs.median),
        `${r.cpuVsPeer.median.toFixed(2)}×${pm(r.cpuVsPeer)}`,
        '≤ 1×',
        r.cpuVsPeer.median <= 1,
      ),
    );
    rows.push(
      row('whatsapp-api-js against raw `fetch` (for reference)', `raw \`fetch\`: ${us(c.fetch.cpuUs.median)}`, us(c.peer.cpuUs.median), `${r.peerVsFetch.median.toFixed(2)}×${pm(r.peerVsFetch)}`),
    );
    rows.push(
      row(
        'Sends per second, one process, unpaced (16 in flight)',
        `raw \`fetch\`: ${perS(c.fetch.perSecond.median)}`,
        perS(c.text.perSecond.median),
        `${(c.text.perSecond.median / c.fetch.perSecond.median).toFixed(2)}×`,
      ),
    );
  }
  if (s?.templates) {
    const t = s.templates;
    rows.push(
      row(
        'Template sends by `templateId`: throughput',
        `text sends: ${perS(t.cases.text.perSecond.median)}`,
        perS(t.cases.template.perSecond.median),
        `${t.ratios.templateVsText.median.toFixed(2)}×${pm(t.ratios.templateVsText)}`,
        '≥ 0.8×',
        t.ratios.templateVsText.median >= 0.8,
      ),
    );
    rows.push(
      row(
        'Template list reads per connection',
        `${(s.rounds * s.sends + Math.min(1000, s.sends)).toLocaleString('en-US')} template sends`,
        `${s.templateReads} read(s)`,
        '',
        'once a minute',
        s.templateReads <= 1,
      ),
    );
  }
  if (s?.heap) {
    const h = s.heap;
    const diff = h.ratios.difference.median;
    const signed = (n) => `${n >= 0 ? '+' : '−'}${Math.abs(n).toFixed(0)}`;
    const range = `${signed(h.ratios.difference.min)} to ${signed(h.ratios.difference.max)}`;
    rows.push(
      row(
        'Heap growth per send (after collections; an upper bound)',
        `text sends: ${h.cases.text.median.toFixed(0)} B`,
        `template sends: ${h.cases.template.median.toFixed(0)} B`,
        `${signed(diff)} B (rounds ${range})`,
        'within 1 KB',
        Math.abs(diff) <= 1024,
      ),
    );
  }
  const p = sections.pacing;
  if (p?.rate) {
    for (const [name, rate, goal] of [
      ['rate1000', 1000, 0.95],
      ['rate80', 80, 0.97],
    ]) {
      const c = p.rate.cases[name];
      const ratio = p.rate.ratios[name];
      rows.push(
        row(
          `\`wabc run --batch --rate ${rate}\`, ${c.rows.median.toLocaleString('en-US')} rows, steady part`,
          `the rate: ${rate}/s`,
          `${c.perSecond.median.toFixed(1)}/s, ${c.overLimit.max} over Meta's limit, ${c.listenerWarnings.max} listener warnings, peak RSS ${mb(c.peakRss.median)}`,
          `${ratio.median.toFixed(3)}${pm(ratio)}`,
          `≥ ${goal}, none over, no warning`,
          ratio.median >= goal && c.overLimit.max === 0 && c.listenerWarnings.max === 0,
        ),
      );
    }
  }
  if (p?.exact) {
    const { resume, kill, rows: n } = p.exact;
    rows.push(
      row(
        'Stop (SIGTERM) and `--resume`',
        `${n} rows`,
        `${resume.inSandbox} sent, ${resume.unique} distinct, ${resume.recorded} recorded`,
        '',
        'each row once',
        resume.inSandbox === n && resume.unique === n,
      ),
    );
    rows.push(
      row(
        'Hard kill (SIGKILL) and `--resume`',
        `${n} rows`,
        `${kill.inSandbox} sent, ${kill.unique} distinct, ${kill.maybeSent} "may have been sent"`,
        '',
        'never twice',
        kill.unique === kill.inSandbox,
      ),
    );
  }
  const md = sections.media;
  if (md?.cases) {
    const c = md.cases;
    for (const [name, raw, label, rawLabel] of [
      ['upload', 'uploadRaw', 'upload-media', '`createReadStream` piped to a `node:http` request'],
      ['download', 'downloadRaw', 'download-media', '`fetch` piped to a file'],
    ]) {
      const speed = md.ratios[name];
      rows.push(
        row(
          `Media: \`${label}\` ${md.mb} MB, speed`,
          `${rawLabel}: ${c[raw].ms.median.toFixed(0)} ms`,
          `${c[name].ms.median.toFixed(0)} ms`,
          `${speed.median.toFixed(2)}×${pm(speed)}`,
          '≥ 0.8× (aim 0.9)',
          speed.median >= 0.8,
        ),
      );
      rows.push(
        row(
          `Media: \`${label}\` ${md.mb} MB, peak RSS growth`,
          `the same raw transfer: +${mb(c[raw].growth.median)}`,
          `+${mb(c[name].growth.median)} (max +${mb(c[name].growth.max)})`,
          '',
          '< 30 MB',
          c[name].growth.max < 30 * 2 ** 20,
        ),
      );
    }
    if (c.downloadHttp) {
      rows.push(
        row(
          `Media: \`download-media\` ${md.mb} MB against bare \`node:http\` (for reference)`,
          `\`http.get\` piped to a file: ${c.downloadHttp.ms.median.toFixed(0)} ms, +${mb(c.downloadHttp.growth.median)}`,
          `${c.download.ms.median.toFixed(0)} ms, +${mb(c.download.growth.median)}`,
          `${md.ratios.downloadHttp.median.toFixed(2)}×${pm(md.ratios.downloadHttp)}`,
        ),
      );
    }
  }
  for (const r of sections.webhook?.rows ?? []) {
    rows.push(
      row(
        `Webhook: ${r.name}, ${r.size / 1024} KB deliveries, ${r.connections} connections`,
        `${r.baselineLabel}: ${perS(r.baselinePerSecond)}, ${r.baselineCpuUs.toFixed(0)} µs CPU each`,
        `${perS(r.perSecond)}, ${r.cpuUs.toFixed(0)} µs CPU each`,
        `${r.ratio.median.toFixed(2)}×${pm(r.ratio)} (CPU ${r.cpuRatio.median.toFixed(2)}×)`,
        `≥ ${r.goal.toFixed(2)}×`,
        r.met,
      ),
    );
  }
  for (const r of sections.webhookInstructions?.rows ?? []) {
    rows.push(
      row(
        `Webhook: receiver in node:http, ${r.size / 1024} KB deliveries, ${r.connections} connection${r.connections === 1 ? '' : 's'}, instructions per delivery (callgrind; no goal of its own)`,
        `bare \`node:http\` (signature + parse): ${r.bare.toLocaleString('en-US', { maximumFractionDigits: 0 })}`,
        r.receiver.toLocaleString('en-US', { maximumFractionDigits: 0 }),
        `${r.ratio.toFixed(2)}× (bare / receiver)`,
      ),
    );
  }
  const cs = sections.coldStart;
  if (cs?.cases) {
    const node = `\`node -e 0\`: ${cs.cases.node.median.toFixed(0)} ms`;
    for (const [key, label, ms, goal] of [
      ['version', '`wabc --version`', cs.cases.version, 2],
      ['modules', '`wabc modules`', cs.cases.modules, 2],
      ['run', 'one-message `wabc run send-message`, to its exit', cs.cases.run.ms, 3],
      ['runFirstRequest', '… to its request', cs.cases.run.firstRequestMs, undefined],
      ['firstRun', "… its first start (from the package's compiled code)", cs.cases.firstRun.ms, undefined],
      ['uncached', '… with no compiled code (`WABC_CODE_CACHE=off`, a first start on another Node version)', cs.cases.uncached.ms, undefined],
      ['template', 'one-message `wabc run send-template-message` (by template id), to its exit', cs.cases.template.ms, 3],
      ['library', 'import of the package and `loadConnector()`', cs.cases.library, undefined],
    ]) {
      const r = cs.ratios[key];
      rows.push(row(`Cold start: ${label}`, node, `${ms.median.toFixed(0)} ms`, `${r.median.toFixed(2)}×${pm(r)}`, goal ? `≤ ${goal}×` : undefined, goal ? r.median <= goal : undefined));
    }
  }
  const b = sections.batchSize;
  if (b?.cases) {
    const node = b.cases.node;
    for (const rowsInBatch of b.sizes) {
      const c = b.cases[`rows${rowsInBatch}`];
      const first = b.ratios[`first${rowsInBatch}`];
      rows.push(
        row(
          `Batch of ${rowsInBatch.toLocaleString('en-US')} rows (CSV, \`--rate 1000\`): first request`,
          `\`node -e 0\`: ${node.wallMs.median.toFixed(0)} ms`,
          `${c.firstRequestMs.median.toFixed(0)} ms`,
          `${first.median.toFixed(2)}×${pm(first)}`,
          '≤ 5×',
          first.median <= 5,
        ),
      );
      rows.push(
        row(
          `Batch of ${rowsInBatch.toLocaleString('en-US')} rows: peak RSS, rate over ${b.windowMs / 1000} s`,
          `\`node -e 0\`: ${mb(node.peakRss.median)}`,
          `${mb(c.peakRss.median)} (max ${mb(c.peakRss.max)}), ${c.perSecond.median.toFixed(0)}/s`,
          '',
          '< 200 MB, flat',
          c.peakRss.max < 200 * 2 ** 20,
        ),
      );
    }
    const r = b.cases.resume;
    rows.push(
      row(
        `\`--resume\` over a ${b.journalLines.toLocaleString('en-US')}-line results file (${b.sizes.at(-1).toLocaleString('en-US')}-row CSV)`,
        `bare \`node:readline\` pass over the file: ${b.cases.readline.median.toFixed(0)} ms`,
        `${r.sent.median} sent of ${b.unfinished} unfinished; first request ${r.firstRequestMs.median.toFixed(0)} ms; whole run ${r.wallMs.median.toFixed(0)} ms; peak RSS ${mb(r.peakRss.median)} (max ${mb(r.peakRss.max)})`,
        `${b.ratios.resumeVsReadline.median.toFixed(1)}×${pm(b.ratios.resumeVsReadline)}`,
        '< 200 MB, exactly the unfinished rows',
        r.peakRss.max < 200 * 2 ** 20 && r.sent.max === b.unfinished && r.sent.min === b.unfinished,
      ),
    );
  }
  return rows;
}

export function markdown({ machine, at, rows, failures, notes, chartFile, rounds }) {
  const mark = (met) => (met === undefined ? '' : met ? 'met' : '**missed**');
  const lines = [
    '# Benchmarks',
    '',
    '`npm run bench` builds, runs every benchmark and writes this page, `bench/results.json` and the chart below. Each',
    'figure is a ratio against a baseline measured in the same run; servers and stubs run in processes of their own;',
    `throughput and CPU figures are the median of at least ${rounds} interleaved rounds (order alternating; at least nine for`,
    'the webhook and cold-start figures), with the spread of the rounds (±, half the range over the median); nothing forces',
    'a garbage collection in these benchmarks. The bench exits non-zero only when a correctness check fails (a message lost,',
    'sent twice or failed); a missed goal is printed and marked here, not a failure. Each benchmark also runs alone:',
    '`node bench/<name>.mjs` after a build.',
    '',
    `Machine: ${machine}. Run: ${at}.`,
    '',
  ];
  if (failures.length > 0) lines.push('**Correctness failures in this run:**', '', ...failures.map((f) => `- ${f}`), '');
  lines.push('| figure | baseline (same run) | measured | ratio | goal | |', '|---|---|---|---|---|---|');
  for (const r of rows) lines.push(`| ${r.figure} | ${r.baseline} | ${r.measured} | ${r.ratio} | ${r.goal} | ${mark(r.met)} |`);
  lines.push('', `![Send rate and peak memory by batch size](${chartFile})`, '', '## How each figure is measured', '', ...notes, '');
  return lines.join('\n');
}
