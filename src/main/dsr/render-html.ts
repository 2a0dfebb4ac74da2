import type { AnswerValue } from '../../shared/booth';
import { PERMISSION_METHOD_LABELS } from '../../shared/contract/leads';
import { CONSENT_METHOD_LABELS, LIST_LABELS } from '../../shared/customers-lists';
import type { AccessDocument } from './collect';

/**
 * The readable form of an access export: one self-contained HTML file that opens in any browser
 * and prints cleanly. HTML rather than PDF because names and notes can be in any script, and a
 * browser renders them all with the system's fonts, where a PDF would need a font embedded for
 * each. Every value is escaped, and a Content-Security-Policy forbids scripts, so stored text can
 * never run as code when the file is opened.
 */

const esc = (v: unknown): string =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const dateTime = (iso: string | null) => (iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC')) : '—');

const table = (head: string[], rows: string[][]) =>
  rows.length === 0
    ? '<p class="none">None.</p>'
    : `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;

const dl = (pairs: [string, string][]) => `<dl>${pairs.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;

const answerText = (a: AnswerValue) => (a === null ? '—' : Array.isArray(a) ? esc(a.join(', ')) : esc(a));

/** Audit actions in words for the person reading their own document; unknown ones as recorded. */
const ACTION_WORDS: Record<string, string> = {
  'read.account': 'Viewed your account',
  'read.account_search': 'Found your account in a search',
  'read.billing': 'Viewed your billing details',
  'read.notes': 'Viewed the service notes',
  'read.leads': 'Viewed the telemarketing records',
  'read.dsr_summary': 'Looked up your data for a request',
  'read.access_log': 'Viewed who accessed your data',
  'export.dsr_access': 'Exported your data for you',
  'customers.register': 'Registered your account',
  'note.add': 'Wrote a service note',
  'note.update': 'Edited a service note',
  'billing.create': 'Recorded billing details',
  'billing.update': 'Changed billing details',
  'lead.create': 'Recorded your telemarketing permission',
  'lead.convert': 'Registered you from a telemarketing record',
  'entries.capture': 'Recorded your contest entry',
};
const actionWords = (a: string) => esc(ACTION_WORDS[a] ?? a);

const listLabel = (l: string) => esc((LIST_LABELS as Record<string, string>)[l] ?? l);
const consentMethodLabel = (m: string) => esc((CONSENT_METHOD_LABELS as Record<string, string>)[m] ?? m);

export function renderAccessHtml(doc: AccessDocument): string {
  const sections: string[] = [];

  sections.push(`<section><h2>About this document</h2>${dl([
    ['Request reference', esc(doc.reference)],
    ['Person', `${esc(doc.subject.email)}${doc.subject.phone ? ` / ${esc(doc.subject.phone)}` : ''}`],
    ['Prepared', dateTime(doc.generatedAt)],
    ['Prepared by', esc(doc.generatedBy)],
    ['Controller', `${esc(doc.controller.name)}, ${esc(doc.controller.email)}, ${esc(doc.controller.phone)}`],
  ])}<p>This is everything ${esc(doc.controller.name)} stores about the person named above: the customer account, mailing lists and consent history, contest and survey entries, telemarketing records, customer service notes, billing details, and the record of who has viewed or changed these details. A machine-readable copy (JSON) with the same content is available on request.</p></section>`);

  const a = doc.account;
  sections.push(
    `<section><h2>Customer account</h2>${
      a
        ? dl([
            ['Account number', esc(a.id)],
            ['Name', esc(a.name)],
            ['Email', esc(a.email)],
            ['Product', esc(a.product)],
            ['Status', esc(a.status)],
            ['Registered', dateTime(a.createdAt)],
            ...(a.cancelledAt ? ([['Cancelled', dateTime(a.cancelledAt)]] as [string, string][]) : []),
          ])
        : '<p class="none">No customer account.</p>'
    }</section>`,
  );

  sections.push(
    `<section><h2>Mailing lists</h2>${table(
      ['List', 'Subscribed', 'Since'],
      doc.lists.map((l) => [listLabel(l.list), l.subscribed ? 'Yes' : 'No', dateTime(l.since)]),
    )}${doc.suppressedLists.length ? `<p>Kept on the do-not-mail list for: ${doc.suppressedLists.map(listLabel).join(', ')}.</p>` : ''}</section>`,
  );

  sections.push(
    `<section><h2>Consent history</h2>${table(
      ['When', 'List', 'Action', 'How', 'Notice', 'Taken by'],
      doc.consentHistory.map((e) => [
        dateTime(e.recordedAt),
        listLabel(e.list),
        e.action === 'subscribe' ? 'Consent given' : 'Consent withdrawn',
        consentMethodLabel(e.method),
        e.notice ? `${esc(e.notice.id)} ${esc(e.notice.version)}` : '—',
        esc(e.staff?.name ?? '—'),
      ]),
    )}</section>`,
  );

  sections.push(
    `<section><h2>Emails sent</h2>${table(
      ['Created', 'Subject', 'To', 'Status', 'Sent'],
      doc.mail.map((m) => [dateTime(m.createdAt), esc(m.subject), esc(m.to), esc(m.status), dateTime(m.sentAt)]),
    )}</section>`,
  );

  sections.push(
    `<section><h2>Contest and survey entries</h2>${
      doc.contestEntries.length === 0
        ? '<p class="none">None.</p>'
        : doc.contestEntries
            .map(
              (e) =>
                `<article><h3>${esc(e.event.name)} (${esc(e.event.location)}), ${dateTime(e.capturedAt)}</h3>${dl([
                  ['Name', esc(e.name)],
                  ['Email', esc(e.email)],
                  ['Phone', esc(e.phone) || '—'],
                  ['Address', e.address ? `<span class="note">${esc(e.address)}</span>` : '—'],
                  ['Title', esc(e.title) || '—'],
                  ['Company', esc(e.company) || '—'],
                  ['Marketing consent', e.marketingConsent ? 'Given' : 'Not given'],
                ])}${table(
                  ['Question', 'Answer'],
                  e.answers.map((x) => [esc(x.question), answerText(x.answer)]),
                )}</article>`,
            )
            .join('')
    }</section>`,
  );

  sections.push(
    `<section><h2>Telemarketing records</h2>${
      doc.leads.length === 0
        ? '<p class="none">None.</p>'
        : doc.leads
            .map(
              (l) =>
                `<article><h3>Record ${esc(l.id)}</h3>${dl([
                  ['Name', esc(l.name)],
                  ['Phone', esc(l.phone)],
                  ['Email', esc(l.email ?? '—')],
                  ['Company', esc(l.company ?? '—')],
                  ['Notes', esc(l.notes ?? '—')],
                  ['Permission given', dateTime(l.permission.obtainedAt)],
                  ['How', esc(PERMISSION_METHOD_LABELS[l.permission.method])],
                  ['Obtained by', esc(l.permission.obtainedByName)],
                  ['Script or notice', esc(l.permission.scriptVersion)],
                  ['Your confirmation', esc(l.permission.confirmation)],
                ])}</article>`,
            )
            .join('')
    }</section>`,
  );

  sections.push(
    `<section><h2>Customer service notes</h2><p>Kept separately from the account.</p>${table(
      ['Written', 'By', 'Note'],
      doc.serviceNotes.map((n) => [dateTime(n.createdAt), esc(n.createdByName), `<span class="note">${esc(n.body)}</span>`]),
    )}</section>`,
  );

  const b = doc.billing;
  sections.push(
    `<section><h2>Billing</h2>${
      b
        ? dl([
            ['Billing name', esc(b.billingName)],
            ['Address', b.address.map(esc).join('<br>')],
            ['Card', esc(b.card ?? 'None on file')],
          ])
        : '<p class="none">No billing details.</p>'
    }<p>Only the card brand and its last four digits are ever stored; never the full card number.</p></section>`,
  );

  sections.push(
    `<section><h2>Who viewed or changed these details</h2>${table(
      ['When', 'Staff member', 'Action', 'Record'],
      doc.auditTrail.map((r) => [dateTime(r.at), esc(r.actor), actionWords(r.action), esc(r.subjectType ? `${r.subjectType} ${r.subjectId ?? ''}` : '—')]),
    )}</section>`,
  );

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your personal data at ${esc(doc.controller.name)} (${esc(doc.reference)})</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#111;line-height:1.45}
h1{font-size:1.6rem}h2{font-size:1.2rem;border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.none{color:#555;font-style:italic}.note{white-space:pre-wrap}article{margin-bottom:1rem}
@media print{body{margin:0;max-width:none}section{break-inside:avoid-page}}
</style>
</head>
<body>
<h1>Your personal data at ${esc(doc.controller.name)}</h1>
${sections.join('\n')}
</body>
</html>
`;
}
