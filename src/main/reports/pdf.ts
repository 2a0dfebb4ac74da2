import fs from 'node:fs';
import { once } from 'node:events';
import type PDFDocument from 'pdfkit';
import type { ReportData } from '../../shared/contract/reports';
import { LIST_LABELS, OPT_OUT_REASON_LABELS } from '../../shared/customers-lists';
import { PERMISSION_METHOD_LABELS } from '../../shared/contract/leads';

/**
 * The printable summary of a report: A4, the standard Helvetica font (no font files to ship),
 * tables and simple bar charts drawn with pdfkit's vector primitives. Counts only.
 *
 * Hazard: the standard PDF fonts cover Western European text only (WinAnsi). Characters outside
 * it (an event named in Chinese, an emoji) are replaced with "?" rather than printed as garbage.
 */

const MARGIN = 50;
const INK = '#1f2933';
const MUTED = '#616e7c';
const BAR = '#1c7ed6';
const RULE = '#d9e2ec';

// WinAnsi: ASCII, Latin-1 and the few extra characters of Windows-1252.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const printable = (s: string) => [...s].map((c) => ((c >= ' ' && c <= '~') || (c >= '\u00a0' && c <= '\u00ff') || WIN_ANSI_EXTRA.has(c) ? c : '?')).join('');

const pct = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);
const n = (v: number) => v.toLocaleString('en-GB');

type Doc = InstanceType<typeof PDFDocument>;

class Writer {
  rows = 0;
  constructor(readonly doc: Doc) {}

  get width() {
    return this.doc.page.width - 2 * MARGIN;
  }

  ensure(height: number) {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  heading(text: string) {
    this.ensure(60);
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor(INK).text(printable(text), MARGIN);
    this.doc.moveDown(0.3);
  }

  line(text: string, opts: { muted?: boolean; bold?: boolean } = {}) {
    this.ensure(16);
    this.doc
      .font(opts.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(10)
      .fillColor(opts.muted ? MUTED : INK)
      .text(printable(text), MARGIN);
  }

  /** A simple table; the first column is left-aligned text, the others right-aligned numbers. */
  table(headers: string[], rows: (string | number)[][], widths?: number[]) {
    if (rows.length === 0) {
      this.line('No data in this period.', { muted: true });
      return;
    }
    const w = widths ?? [this.width * 0.46, ...headers.slice(1).map(() => (this.width * 0.54) / (headers.length - 1))];
    const rowH = 15;
    const draw = (cells: (string | number)[], bold: boolean) => {
      this.ensure(rowH + 2);
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((c, i) => {
        const text = printable(typeof c === 'number' ? n(c) : c);
        this.doc
          .font(bold ? 'Helvetica-Bold' : 'Helvetica')
          .fontSize(9)
          .fillColor(INK)
          .text(text, x + 2, y + 3, { width: w[i]! - 4, align: i === 0 ? 'left' : 'right', lineBreak: false, ellipsis: true });
        x += w[i]!;
      });
      this.doc
        .moveTo(MARGIN, y + rowH)
        .lineTo(MARGIN + this.width, y + rowH)
        .lineWidth(0.5)
        .strokeColor(RULE)
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + rowH;
    };
    draw(headers, true);
    for (const r of rows) {
      draw(r, false);
      this.rows++;
    }
    this.doc.moveDown(0.5);
  }

  /** Vertical bars, one per period, labelled at the ends and with the largest value. */
  bars(points: { label: string; value: number }[], title: string) {
    const h = 110;
    this.ensure(h + 40);
    const top = this.doc.y + 4;
    const max = Math.max(1, ...points.map((p) => p.value));
    this.doc.font('Helvetica').fontSize(8).fillColor(MUTED).text(printable(`${title} (max ${n(max)})`), MARGIN, top);
    const chartTop = top + 14;
    const slot = this.width / Math.max(1, points.length);
    const barW = Math.max(1, Math.min(24, slot * 0.7));
    points.forEach((p, i) => {
      const bh = (p.value / max) * h;
      if (bh > 0) this.doc.rect(MARGIN + i * slot + (slot - barW) / 2, chartTop + h - bh, barW, bh).fill(BAR);
    });
    this.doc
      .moveTo(MARGIN, chartTop + h)
      .lineTo(MARGIN + this.width, chartTop + h)
      .lineWidth(0.5)
      .strokeColor(MUTED)
      .stroke();
    if (points.length > 0) {
      this.doc.fontSize(8).fillColor(MUTED).text(points[0]!.label, MARGIN, chartTop + h + 3, { lineBreak: false });
      this.doc.text(points[points.length - 1]!.label, MARGIN, chartTop + h + 3, { width: this.width, align: 'right', lineBreak: false });
    }
    this.doc.x = MARGIN;
    this.doc.y = chartTop + h + 18;
  }
}

function unavailable(w: Writer) {
  w.line('Not available: this version of the app does not hold this data yet.', { muted: true });
}

/** Writes the summary to `file` (which must not exist) and returns the number of table rows printed. */
export async function renderReportPdf(report: ReportData, file: string, opts: { compress?: boolean } = {}): Promise<{ rows: number }> {
  // pdfkit is loaded here, not at the top: it takes most of a second to load, and every job's
  // worker (exports, imports, erasure) loads this module.
  const { default: PDFDocumentCtor } = await import('pdfkit');
  const doc = new PDFDocumentCtor({
    size: 'A4',
    margin: MARGIN,
    compress: opts.compress ?? true,
    info: { Title: `Summary report ${report.range.from} to ${report.range.to}`, Author: 'IXO Back Office', Producer: 'IXO Back Office' },
  });
  const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
  const done = once(out, 'finish');
  doc.pipe(out);
  const w = new Writer(doc);
  const { range, granularity } = report;

  doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text('Summary report');
  doc.font('Helvetica').fontSize(11).fillColor(MUTED).text(`Period ${range.from} to ${range.to}, by ${granularity}. Generated ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC.`);
  doc.text('Counts only: this summary names no customer, entrant or lead.');

  const r = report.registrations;
  w.heading('Registrations per product');
  if (!r.available) unavailable(w);
  else {
    w.line(`${n(r.total)} registrations in the period.`, { bold: true });
    w.bars(
      r.series.map((s) => ({ label: s.period, value: Object.values(s.counts).reduce((a, b) => a + b, 0) })),
      `Registrations per ${granularity}`,
    );
    w.table(['Product', 'Registrations'], r.byProduct.map((p) => [p.product, p.count]));
  }

  const o = report.optouts;
  w.heading('Opt-outs per list and reason');
  if (!o.available) unavailable(w);
  else {
    w.line(`${n(o.total)} lists left at the person's request; ${n(o.becauseCancelled)} more withdrawn because the account was cancelled; ${n(o.suppressed)} addresses added to the suppression list.`);
    w.table(['List', 'Requested', 'Account cancelled'], o.byList.map((l) => [LIST_LABELS[l.list], l.direct, l.becauseCancelled]));
    w.table(['List and reason', 'Opt-outs'], o.byListReason.map((x) => [`${LIST_LABELS[x.list]}: ${OPT_OUT_REASON_LABELS[x.reason]}`, x.count]));
  }

  const c = report.cancellations;
  w.heading('Cancellations');
  if (!c.available) unavailable(w);
  else {
    w.line(`${n(c.total)} accounts cancelled (technical advisories left) in the period.`, { bold: true });
    w.bars(c.series.map((s) => ({ label: s.period, value: s.count })), `Cancellations per ${granularity}`);
    w.table(['Reason', 'Cancellations'], c.byReason.map((x) => [OPT_OUT_REASON_LABELS[x.reason], x.count]));
  }

  const k = report.contests;
  w.heading('Contest entries per event and day');
  if (!k.available) unavailable(w);
  else {
    w.line(`${n(k.entries)} entries, ${n(k.consented)} with marketing consent (${pct(k.consentRate)}).`, { bold: true });
    w.table(['Event', 'Entries', 'Consented', 'Consent rate'], k.events.map((e) => [e.name, e.entries, e.consented, pct(e.consentRate)]));
    for (const e of k.events) {
      w.line(e.name, { bold: true });
      w.table(['Day', 'Entries', 'Consented', 'Consent rate'], e.days.map((d) => [d.day, d.entries, d.consented, pct(d.entries ? d.consented / d.entries : null)]));
    }
  }

  const l = report.leads;
  w.heading('Telemarketing leads');
  if (!l.available) unavailable(w);
  else {
    w.line(`${n(l.created)} leads recorded and ${n(l.converted)} converted to accounts in the period; ${n(l.openNow)} open now.`, { bold: true });
    w.table(['How permission was given', 'Leads'], l.byMethod.map((x) => [PERMISSION_METHOD_LABELS[x.method] ?? x.method, x.count]));
    w.table(['Script version', 'Leads'], l.byScript.map((x) => [x.version, x.count]));
  }

  doc.end();
  await done;
  return { rows: w.rows };
}
