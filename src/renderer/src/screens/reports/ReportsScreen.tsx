import { BarChart } from '@mantine/charts';
import { Button, Card, Group, Modal, Progress, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { exportPurpose } from '../../../../shared/contract/exports';
import { PERMISSION_METHOD_LABELS } from '../../../../shared/contract/leads';
import { reportRange, type ReportData, type ReportRange } from '../../../../shared/contract/reports';
import { LIST_LABELS, OPT_OUT_REASON_LABELS } from '../../../../shared/customers-lists';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatCount } from '../../lib/format';
import { fieldMessages } from '../../lib/form';
import { todayLocal } from '../../lib/format';
import { useJob } from '../../lib/use-job';

const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'lime.7', 'pink.6', 'yellow.7'];
const GRANULARITY_WORD = { day: 'day', week: 'week (from Monday)', month: 'month' } as const;

const percent = (r: number | null) => (r === null ? '–' : `${(r * 100).toFixed(1)} %`);

/** One report section: a heading, and "not available" or "no data" instead of empty charts. */
function Section({ title, available, empty, emptyText, children }: { title: string; available: boolean; empty: boolean; emptyText: string; children: ReactNode }) {
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {!available ? (
        <Text c="dimmed" size="sm">
          No data: this version of the app does not record this yet.
        </Text>
      ) : empty ? (
        <Text c="dimmed" size="sm">
          {emptyText}
        </Text>
      ) : (
        children
      )}
    </Card>
  );
}

function CountTable({ label, headers, rows, total }: { label: string; headers: string[]; rows: (string | number)[][]; total?: (string | number)[] }) {
  return (
    <Table aria-label={label} withTableBorder striped verticalSpacing={4} style={{ alignSelf: 'start' }}>
      <Table.Thead>
        <Table.Tr>
          {headers.map((h, i) => (
            <Table.Th key={h} ta={i === 0 ? 'left' : 'right'}>
              {h}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, k) => (
          <Table.Tr key={k}>
            {r.map((c, i) => (
              <Table.Td key={i} ta={i === 0 ? 'left' : 'right'}>
                {typeof c === 'number' ? formatCount(c) : c}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
      {total && (
        <Table.Tfoot>
          <Table.Tr>
            {total.map((c, i) => (
              <Table.Th key={i} ta={i === 0 ? 'left' : 'right'}>
                {typeof c === 'number' ? formatCount(c) : c}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Tfoot>
      )}
    </Table>
  );
}

function Stat({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Card withBorder padding="sm" role="group" aria-label={label}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

function Report({ report }: { report: ReportData }) {
  const { registrations: reg, optouts: opt, cancellations: can, contests: con, leads } = report;
  const per = GRANULARITY_WORD[report.granularity];
  // Product names become chart keys p0, p1, …: recharts reads a dot in a key as a path.
  const regData = reg.series.map((s) => ({ period: s.period, ...Object.fromEntries(reg.products.map((p, i) => [`p${i}`, s.counts[p] ?? 0])) }));
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label="Registrations" value={reg.available ? formatCount(reg.total) : '–'} />
        <Stat label="Opt-outs" value={opt.available ? formatCount(opt.total) : '–'} hint={opt.available ? `+${formatCount(opt.becauseCancelled)} by cancellation` : undefined} />
        <Stat label="Cancellations" value={can.available ? formatCount(can.total) : '–'} />
        <Stat label="Contest entries" value={con.available ? formatCount(con.entries) : '–'} hint={con.available ? `${percent(con.consentRate)} consented` : undefined} />
        <Stat label="Leads" value={leads.available ? formatCount(leads.created) : '–'} hint={leads.available ? `${formatCount(leads.converted)} converted` : undefined} />
      </SimpleGrid>

      <Section title="Registrations per product" available={reg.available} empty={reg.total === 0} emptyText="No registrations in this period.">
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <BarChart
            h={240}
            data={regData}
            dataKey="period"
            type="stacked"
            series={reg.products.map((p, i) => ({ name: `p${i}`, label: p, color: COLORS[i % COLORS.length]! }))}
            withLegend
            tickLine="y"
            aria-hidden
          />
          <CountTable label="Registrations per product" headers={['Product', 'Registrations']} rows={reg.byProduct.map((p) => [p.product, p.count])} total={['Total', reg.total]} />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="xs">
          Chart: registrations per {per}.
        </Text>
      </Section>

      <Section title="Opt-outs per list and reason" available={opt.available} empty={opt.total === 0 && opt.becauseCancelled === 0 && opt.suppressed === 0} emptyText="No opt-outs in this period.">
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <BarChart
            h={220}
            data={opt.byList.map((l) => ({ list: LIST_LABELS[l.list], direct: l.direct, cascade: l.becauseCancelled }))}
            dataKey="list"
            type="stacked"
            series={[
              { name: 'direct', label: "At the person's request", color: 'indigo.6' },
              { name: 'cascade', label: 'Account cancelled', color: 'gray.5' },
            ]}
            withLegend
            tickLine="y"
            aria-hidden
          />
          <Stack gap="xs">
            <CountTable
              label="Opt-outs per list and reason"
              headers={['List', 'Reason', 'Opt-outs']}
              rows={opt.byListReason.map((x) => [LIST_LABELS[x.list], OPT_OUT_REASON_LABELS[x.reason], x.count])}
              total={['Total', '', opt.total]}
            />
            <Text size="sm">
              {formatCount(opt.becauseCancelled)} more lists were left because the account was cancelled. {formatCount(opt.suppressed)} addresses were added to the suppression
              list.
            </Text>
          </Stack>
        </SimpleGrid>
      </Section>

      <Section title="Cancellations" available={can.available} empty={can.total === 0} emptyText="No accounts were cancelled in this period.">
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <BarChart h={220} data={can.series} dataKey="period" series={[{ name: 'count', label: 'Cancellations', color: 'red.6' }]} tickLine="y" aria-hidden />
          <CountTable label="Cancellations by reason" headers={['Reason', 'Cancellations']} rows={can.byReason.map((x) => [OPT_OUT_REASON_LABELS[x.reason], x.count])} total={['Total', can.total]} />
        </SimpleGrid>
      </Section>

      <Section title="Contest entries per event and day" available={con.available} empty={con.entries === 0} emptyText="No contest entries in this period.">
        <Stack gap="md">
          <CountTable
            label="Contest entries per event"
            headers={['Event', 'Entries', 'Consented', 'Consent rate']}
            rows={con.events.map((e) => [e.name, e.entries, e.consented, percent(e.consentRate)])}
            total={['Total', con.entries, con.consented, percent(con.consentRate)]}
          />
          {con.events.map((e) => (
            <SimpleGrid key={e.eventId} cols={{ base: 1, lg: 2 }}>
              <BarChart
                h={200}
                data={e.days}
                dataKey="day"
                series={[
                  { name: 'entries', label: 'Entries', color: 'indigo.6' },
                  { name: 'consented', label: 'With marketing consent', color: 'teal.6' },
                ]}
                withLegend
                tickLine="y"
                aria-hidden
              />
              <CountTable
                label={`Entries per day: ${e.name}`}
                headers={['Day', 'Entries', 'Consented', 'Consent rate']}
                rows={e.days.map((d) => [d.day, d.entries, d.consented, percent(d.entries ? d.consented / d.entries : null)])}
              />
            </SimpleGrid>
          ))}
        </Stack>
      </Section>

      <Section title="Telemarketing leads" available={leads.available} empty={leads.created === 0 && leads.converted === 0} emptyText={`No leads were recorded in this period. ${formatCount(leads.openNow)} are open now.`}>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <BarChart
            h={220}
            data={leads.series}
            dataKey="period"
            series={[
              { name: 'created', label: 'Recorded', color: 'indigo.6' },
              { name: 'converted', label: 'Converted to accounts', color: 'teal.6' },
            ]}
            withLegend
            tickLine="y"
            aria-hidden
          />
          <Stack gap="xs">
            <CountTable label="Leads by how permission was given" headers={['How permission was given', 'Leads']} rows={leads.byMethod.map((x) => [PERMISSION_METHOD_LABELS[x.method] ?? x.method, x.count])} total={['Total', leads.created]} />
            <CountTable label="Leads by script version" headers={['Script version', 'Leads']} rows={leads.byScript.map((x) => [x.version, x.count])} />
            <Text size="sm">
              {formatCount(leads.converted)} converted to accounts in the period; {formatCount(leads.openNow)} open now.
            </Text>
          </Stack>
        </SimpleGrid>
      </Section>
    </Stack>
  );
}

/**
 * Manager reports (reports.read): counts over a date range, built in the background, with charts
 * beside the tables and a printable PDF summary. Counts only: no person appears here.
 */
export function ReportsScreen() {
  const [from, setFrom] = useState(() => todayLocal(-29));
  const [to, setTo] = useState(() => todayLocal());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [startError, setStartError] = useState<string | null>(null);
  const [shown, setShown] = useState<ReportData | null>(null);
  const job = useJob('reports.summary', 150);
  const pdf = useJob('reports.pdf', 200);
  const [pdfOpen, setPdfOpen] = useState(false);
  const [purpose, setPurpose] = useState('');
  const [purposeError, setPurposeError] = useState<string | null>(null);
  const [pdfError, setPdfError] = useState<string | null>(null);
  const [pdfNote, setPdfNote] = useState<string | null>(null);

  const { follow } = job;
  const load = useCallback(
    async (range: ReportRange) => {
      setStartError(null);
      const r = await call(window.api.reports.summary(range));
      if (!r.ok) {
        setErrors(fieldMessages((r.error.fields ?? []).map((f) => ({ path: f.path.split('.'), message: f.message }))));
        if (!r.error.fields?.length) setStartError(r.error.message);
        return;
      }
      follow(r.value);
    },
    [follow],
  );

  useEffect(() => {
    // The last 30 days, at once.
    void load({ from: todayLocal(-29), to: todayLocal() });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening the screen
  }, []);

  const finished = job.result;
  useEffect(() => {
    if (finished) setShown(finished);
  }, [finished]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = reportRange.safeParse({ from, to });
    setErrors(parsed.success ? {} : fieldMessages(parsed.error.issues));
    if (parsed.success) void load(parsed.data);
  };

  const savePdf = async (e: FormEvent) => {
    e.preventDefault();
    if (!shown) return;
    const p = exportPurpose.safeParse(purpose);
    setPurposeError(p.success ? null : (p.error.issues[0]?.message ?? 'Say what the summary is for.'));
    if (!p.success) return;
    setPdfError(null);
    setPdfNote(null);
    const r = await call(window.api.reports.pdf({ ...shown.range, purpose: p.data }));
    if (!r.ok) {
      const f = r.error.fields?.find((x) => x.path === 'purpose');
      if (f) setPurposeError(f.message);
      else setPdfError(r.error.message);
      return;
    }
    setPdfOpen(false);
    if (!r.value.started) {
      setPdfNote('No file was chosen, so no summary was saved.');
      return;
    }
    setPurpose('');
    pdf.follow(r.value.job);
  };

  const running = job.status?.state === 'running';
  const printing = pdf.status?.state === 'running';
  const printed = pdf.result;
  const pdfFailed = pdf.status?.state === 'failed' ? (pdf.status.error ?? 'The summary could not be saved.') : null;

  return (
    <Stack gap="md">
      <PageHeader
        title="Reports"
        description="Registrations, opt-outs, cancellations, contest entries and telemarketing leads over a period. Counts only: no customer, entrant or lead is named."
        actions={
          <Button variant="default" onClick={() => setPdfOpen(true)} disabled={!shown || printing}>
            Printable summary (PDF)…
          </Button>
        }
      />
      <form onSubmit={submit} noValidate aria-label="Report period">
        <Group align="flex-start" gap="sm">
          <TextInput type="date" label="From" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={errors['from']} w={180} />
          <TextInput type="date" label="To" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={errors['to']} w={180} />
          <Button type="submit" mt={25} loading={running}>
            Show report
          </Button>
        </Group>
      </form>
      <FormError message={startError ?? job.error ?? (job.status?.state === 'failed' ? (job.status.error ?? 'The report could not be built.') : null)} title="No report" />
      {running && <Progress value={Math.max(5, (job.status?.progress ?? 0) * 100)} animated aria-label="Building the report" />}
      {printing && <Progress value={Math.max(5, (pdf.status?.progress ?? 0) * 100)} animated aria-label="Saving the summary" />}
      <StatusMessage message={printed ? `Saved the summary as ${printed.fileName}.` : pdfNote} onClose={() => (printed ? pdf.reset() : setPdfNote(null))} />
      <FormError message={pdfFailed ?? pdf.error} title="Summary not saved" />
      {shown && (
        <Text size="sm" c="dimmed" role="status">
          Showing {shown.range.from} to {shown.range.to}, by {GRANULARITY_WORD[shown.granularity]}.
        </Text>
      )}
      {shown && <Report report={shown} />}

      <Modal opened={pdfOpen} onClose={() => setPdfOpen(false)} title="Printable summary">
        <form onSubmit={savePdf} noValidate>
          <Stack>
            <Text size="sm">
              Saves the figures for {shown?.range.from} to {shown?.range.to} as a PDF. The summary is recorded in the audit log with its purpose.
            </Text>
            <Textarea label="Purpose" description="What the summary is for, e.g. the monthly board pack." value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} error={purposeError} autosize minRows={2} data-autofocus />
            <FormError message={pdfError} title="Not saved" />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setPdfOpen(false)}>
                Cancel
              </Button>
              <Button type="submit">Save PDF…</Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </Stack>
  );
}
