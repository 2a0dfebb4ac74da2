import { Button, Card, Group, Modal, Progress, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useEffect, useId, useState, type ReactNode } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { bucketWindow } from '../../../../shared/chart-axis';
import { CountChart } from './CountChart';
import { PERMISSION_METHODS, type PermissionMethod } from '../../../../shared/contract/leads';
import type { OutputOf } from '../../../../shared/contract';
import { reportPdfInput, reportRange, type ReportData, type ReportRange } from '../../../../shared/contract/reports';
import { DateField } from '../../components/DateField';
import { useErrorText, useFieldText, useFormat, useJobText, useT, useToday, type Formats } from '../../i18n';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation } from '../../data';
import { applyServerErrors, keyedResolver, mappedResolver, useSubmitOnce } from '../../lib/form';
import { useJob } from '../../lib/use-job';

const COLORS = ['indigo.6', 'teal.6', 'orange.6', 'grape.6', 'cyan.6', 'lime.7', 'pink.6', 'yellow.7'];
const percentOf = (f: Formats) => (r: number | null) => (r === null ? '–' : f.percent(r));

/** A report period (YYYY-MM-DD for a day or the Monday of a week, YYYY-MM for a month) as an axis label. */
const periodLabel = (f: Formats, period: string) => (period.length === 7 ? f.axisMonth(period) : f.axisDay(period));

const isMethod = (m: string): m is PermissionMethod => (PERMISSION_METHODS as readonly string[]).includes(m);

/** One report section: a heading, and "not available" or "no data" instead of empty charts. */
function Section({ title, available, empty, emptyText, children }: { title: string; available: boolean; empty: boolean; emptyText: string; children: ReactNode }) {
  const t = useT();
  return (
    <Card withBorder padding="md" component="section" aria-label={title}>
      <Title order={3} size="h4" mb="sm">
        {title}
      </Title>
      {!available ? (
        <Text c="dimmed" size="sm">
          {t('reports.notRecorded')}
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

function CountTable({ id, label, headers, rows, total }: { id?: string; label: string; headers: string[]; rows: (string | number)[][]; total?: (string | number)[] }) {
  const f = useFormat();
  return (
    <Table id={id} aria-label={label} withTableBorder striped verticalSpacing={4} style={{ alignSelf: 'start' }}>
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
                {typeof c === 'number' ? f.number(c) : c}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
      {total && (
        <Table.Tfoot>
          <Table.Tr>
            {total.map((c, i) =>
              c === '' ? (
                // A blank cell of the total row heads nothing.
                <Table.Td key={i} />
              ) : (
                <Table.Th key={i} ta={i === 0 ? 'left' : 'right'}>
                  {typeof c === 'number' ? f.number(c) : c}
                </Table.Th>
              ),
            )}
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
  const t = useT();
  const f = useFormat();
  const percent = percentOf(f);
  const count = (n: number) => f.number(n);
  const { registrations: reg, optouts: opt, cancellations: can, contests: con, leads } = report;
  // Product names become chart keys p0, p1, …: recharts reads a dot in a key as a path.
  const regData = bucketWindow(
    reg.series.map((s): Record<string, string | number> => ({ period: s.period, ...Object.fromEntries(reg.products.map((p, i) => [`p${i}`, s.counts[p] ?? 0])) })),
    (row) => reg.products.some((_, i) => Number(row[`p${i}`]) > 0),
  ).map((row) => ({ ...row, period: periodLabel(f, String(row.period)) }));
  const canData = bucketWindow(can.series, (x) => x.count > 0).map((s) => ({ ...s, period: periodLabel(f, s.period) }));
  const leadsData = bucketWindow(leads.series, (x) => x.created > 0 || x.converted > 0).map((s) => ({ ...s, period: periodLabel(f, s.period) }));
  const ids = { reg: useId(), opt: useId(), can: useId(), leads: useId(), con: useId() };
  const total = t('reports.total');
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, md: 5 }}>
        <Stat label={t('reports.registrations')} value={reg.available ? count(reg.total) : '–'} />
        <Stat label={t('reports.optouts')} value={opt.available ? count(opt.total) : '–'} hint={opt.available ? t('reports.byCancellation', { count: opt.becauseCancelled }) : undefined} />
        <Stat label={t('reports.cancellations')} value={can.available ? count(can.total) : '–'} />
        <Stat label={t('reports.entries')} value={con.available ? count(con.entries) : '–'} hint={con.available ? t('reports.consentedShare', { percent: percent(con.consentRate) }) : undefined} />
        <Stat label={t('nav.leads')} value={leads.available ? count(leads.created) : '–'} hint={leads.available ? t('reports.convertedCount', { count: leads.converted }) : undefined} />
      </SimpleGrid>

      <Section title={t('reports.regPerProduct')} available={reg.available} empty={reg.total === 0} emptyText={t('reports.noRegistrations')}>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <CountChart
            label={t('reports.chart.registrations', { granularity: report.granularity })}
            tableId={ids.reg}
            h={240}
            data={regData}
            dataKey="period"
            type="stacked"
            series={reg.products.map((p, i) => ({ name: `p${i}`, label: p, color: COLORS[i % COLORS.length]! }))}
            valueFormatter={count}
          />
          <Stack gap="xs">
            <CountTable
              id={ids.reg}
              label={t('reports.table.registrations', { granularity: report.granularity })}
              headers={[t('reports.table.period', { granularity: report.granularity }), ...reg.products]}
              rows={regData.map((row: Record<string, string | number>) => [String(row.period), ...reg.products.map((_, i) => Number(row[`p${i}`] ?? 0))])}
            />
            <CountTable label={t('reports.regPerProduct')} headers={[t('register.product'), t('reports.registrations')]} rows={reg.byProduct.map((p) => [p.product, p.count])} total={[total, reg.total]} />
          </Stack>
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt="xs">
          {t('reports.chartPer', { granularity: report.granularity })}
        </Text>
      </Section>

      <Section title={t('reports.optoutsPerList')} available={opt.available} empty={opt.total === 0 && opt.becauseCancelled === 0 && opt.suppressed === 0} emptyText={t('reports.noOptouts')}>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <CountChart
            label={t('reports.chart.optouts')}
            tableId={ids.opt}
            data={opt.byList.map((l) => ({ list: t(`list.${l.list}`), direct: l.direct, cascade: l.becauseCancelled }))}
            dataKey="list"
            type="stacked"
            series={[
              { name: 'direct', label: t('reports.atRequest'), color: 'indigo.6' },
              { name: 'cascade', label: t('reports.accountCancelled'), color: 'gray.5' },
            ]}
            valueFormatter={count}
          />
          <Stack gap="xs">
            <CountTable
              id={ids.opt}
              label={t('reports.optoutsPerList')}
              headers={[t('account.col.list'), t('account.col.reason'), t('reports.optouts')]}
              rows={opt.byListReason.map((x) => [t(`list.${x.list}`), t(`reason.${x.reason}`), x.count])}
              total={[total, '', opt.total]}
            />
            <Text size="sm">
              {t('reports.moreLists', { count: opt.becauseCancelled })} {t('reports.suppressedAdded', { count: opt.suppressed })}
            </Text>
          </Stack>
        </SimpleGrid>
      </Section>

      <Section title={t('reports.cancellations')} available={can.available} empty={can.total === 0} emptyText={t('reports.noCancellations')}>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <CountChart
            label={t('reports.chart.cancellations', { granularity: report.granularity })}
            tableId={ids.can}
            data={canData}
            dataKey="period"
            series={[{ name: 'count', label: t('reports.cancellations'), color: 'red.6' }]}
            valueFormatter={count}
          />
          <Stack gap="xs">
            <CountTable
              id={ids.can}
              label={t('reports.table.cancellations', { granularity: report.granularity })}
              headers={[t('reports.table.period', { granularity: report.granularity }), t('reports.cancellations')]}
              rows={canData.map((x) => [x.period, x.count])}
            />
            <CountTable label={t('reports.cancellationsByReason')} headers={[t('account.col.reason'), t('reports.cancellations')]} rows={can.byReason.map((x) => [t(`reason.${x.reason}`), x.count])} total={[total, can.total]} />
          </Stack>
        </SimpleGrid>
      </Section>

      <Section title={t('reports.entriesPerEvent')} available={con.available} empty={con.entries === 0} emptyText={t('reports.noEntries')}>
        <Stack gap="md">
          <CountTable
            label={t('reports.entriesPerEventTable')}
            headers={[t('exports.event'), t('nav.entries'), t('reports.consented'), t('reports.consentRate')]}
            rows={con.events.map((e) => [e.name, e.entries, e.consented, percent(e.consentRate)])}
            total={[total, con.entries, con.consented, percent(con.consentRate)]}
          />
          {con.events.map((e) => (
            <SimpleGrid key={e.eventId} cols={{ base: 1, lg: 2 }}>
              <CountChart
                label={t('reports.chart.entries', { name: e.name })}
                tableId={`${ids.con}-${e.eventId}`}
                h={200}
                data={bucketWindow(e.days, (d) => d.entries > 0).map((d) => ({ ...d, day: f.axisDay(d.day) }))}
                dataKey="day"
                series={[
                  { name: 'entries', label: t('nav.entries'), color: 'indigo.6' },
                  { name: 'consented', label: t('reports.withConsent'), color: 'teal.6' },
                ]}
                valueFormatter={count}
              />
              <CountTable
                id={`${ids.con}-${e.eventId}`}
                label={t('reports.entriesPerDay', { name: e.name })}
                headers={[t('entries.day'), t('nav.entries'), t('reports.consented'), t('reports.consentRate')]}
                rows={e.days.map((d) => [f.date(d.day), d.entries, d.consented, percent(d.entries ? d.consented / d.entries : null)])}
              />
            </SimpleGrid>
          ))}
        </Stack>
      </Section>

      <Section title={t('leads.title')} available={leads.available} empty={leads.created === 0 && leads.converted === 0} emptyText={t('reports.noLeads', { count: leads.openNow })}>
        <SimpleGrid cols={{ base: 1, lg: 2 }}>
          <CountChart
            label={t('reports.chart.leads', { granularity: report.granularity })}
            tableId={ids.leads}
            data={leadsData}
            dataKey="period"
            series={[
              { name: 'created', label: t('reports.recorded'), color: 'indigo.6' },
              { name: 'converted', label: t('reports.convertedToAccounts'), color: 'teal.6' },
            ]}
            valueFormatter={count}
          />
          <Stack gap="xs">
            <CountTable
              id={ids.leads}
              label={t('reports.table.leads', { granularity: report.granularity })}
              headers={[t('reports.table.period', { granularity: report.granularity }), t('reports.recorded'), t('reports.convertedToAccounts')]}
              rows={leadsData.map((x) => [x.period, x.created, x.converted])}
            />
            <CountTable
              label={t('reports.leadsByMethod')}
              headers={[t('leads.how'), t('nav.leads')]}
              rows={leads.byMethod.map((x) => [isMethod(x.method) ? t(`leads.method.${x.method}`) : x.method, x.count])}
              total={[total, leads.created]}
            />
            <CountTable label={t('reports.leadsByScript')} headers={[t('reports.scriptVersion'), t('nav.leads')]} rows={leads.byScript.map((x) => [x.version, x.count])} />
            <Text size="sm">{t('reports.leadsSummary', { converted: leads.converted, open: leads.openNow })}</Text>
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
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const jobText = useJobText();
  const today = useToday();
  const monthAgo = useToday(-29);
  const [startError, setStartError] = useState<string | null>(null);
  const [shown, setShown] = useState<ReportData | null>(null);
  const job = useJob('reports.summary', 150);
  const pdf = useJob('reports.pdf', 200);
  const [pdfOpen, setPdfOpen] = useState(false);
  const [pdfNote, setPdfNote] = useState<string | null>(null);
  const summary = useChannelMutation('reports.summary');
  const { control, handleSubmit, setError } = useForm<z.input<typeof reportRange>, unknown, ReportRange>({ resolver: keyedResolver(reportRange), defaultValues: { from: monthAgo, to: today } });

  const { follow } = job;
  const { run } = summary;
  const load = async (range: ReportRange) => {
    setStartError(null);
    const r = await run(range);
    if (!r.ok) {
      setStartError(applyServerErrors(r.error, setError, errorText, fe));
      return;
    }
    follow(r.value);
  };
  const submit = useSubmitOnce(handleSubmit(load));

  useEffect(() => {
    // The last 30 days, at once: a report is a background job, started through the data layer like any other.
    void run({ from: monthAgo, to: today }).then((r) => (r.ok ? follow(r.value) : setStartError(errorText(r.error))));
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, on opening the screen
  }, []);

  // The last finished report stays on screen while the next one is built.
  const finished = job.result;
  if (finished && finished !== shown) setShown(finished);

  const running = job.status?.state === 'running';
  const printing = pdf.status?.state === 'running';
  const printed = pdf.result;
  const pdfFailed = pdf.status?.state === 'failed' ? (f.language === 'en' && pdf.status.error ? pdf.status.error : t('reports.pdfFailed')) : null;

  return (
    <Stack gap="md">
      <PageHeader
        title={t('nav.reports')}
        description={t('reports.description')}
        actions={
          <Button variant="default" onClick={() => setPdfOpen(true)} disabled={!shown || printing}>
            {t('reports.pdfButton')}
          </Button>
        }
      />
      <form onSubmit={submit} noValidate aria-label={t('reports.period')}>
        <Group align="flex-start" gap="sm">
          <Controller control={control} name="from" render={({ field, fieldState }) => <DateField label={t('exports.from')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />} />
          <Controller control={control} name="to" render={({ field, fieldState }) => <DateField label={t('exports.to')} value={field.value} onChange={field.onChange} ref={field.ref} error={fe(fieldState.error)} />} />
          <Button type="submit" mt={25} loading={running}>
            {t('reports.show')}
          </Button>
        </Group>
      </form>
      <FormError message={startError ?? job.error ?? (job.status?.state === 'failed' ? (f.language === 'en' && job.status.error ? job.status.error : t('reports.buildFailed')) : null)} title={t('reports.noReport')} />
      {running && <Progress value={Math.max(5, (job.status?.progress ?? 0) * 100)} animated aria-label={t('reports.building')} aria-valuetext={job.status ? jobText(job.status) : undefined} />}
      {printing && <Progress value={Math.max(5, (pdf.status?.progress ?? 0) * 100)} animated aria-label={t('reports.saving')} />}
      <StatusMessage message={printed ? t('reports.saved', { file: printed.fileName }) : pdfNote} onClose={() => (printed ? pdf.reset() : setPdfNote(null))} />
      <FormError message={pdfFailed ?? pdf.error} title={t('reports.notSaved')} />
      {shown && (
        <Text size="sm" c="dimmed" role="status">
          {t('reports.showing', { from: f.date(shown.range.from), to: f.date(shown.range.to), granularity: shown.granularity })}
        </Text>
      )}
      {shown && <Report report={shown} />}

      <Modal opened={pdfOpen} onClose={() => setPdfOpen(false)} title={t('reports.pdfTitle')}>
        {shown && (
          <PdfForm
            range={shown.range}
            onClose={() => setPdfOpen(false)}
            onStarted={(r) => {
              setPdfOpen(false);
              setPdfNote(null);
              if (r.started) pdf.follow(r.job);
              else setPdfNote(t('reports.noFile'));
            }}
          />
        )}
      </Modal>
    </Stack>
  );
}

type PdfValues = Pick<z.input<typeof reportPdfInput>, 'purpose'>;
type PdfStarted = OutputOf<'reports.pdf'>;

/** The purpose of a printable summary, checked with the reports.pdf schema for the range on screen. */
function PdfForm({ range, onClose, onStarted }: { range: ReportRange; onClose: () => void; onStarted: (r: PdfStarted) => void }) {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const [formError, setFormError] = useState<string | null>(null);
  const start = useChannelMutation('reports.pdf');
  const [resolver] = useState(() => mappedResolver<PdfValues, typeof reportPdfInput>(reportPdfInput, (v) => ({ ...range, purpose: v.purpose })));
  const { register, handleSubmit, setError, formState } = useForm<PdfValues, unknown, z.output<typeof reportPdfInput>>({ resolver, defaultValues: { purpose: '' } });
  const submit = useSubmitOnce(
    handleSubmit(async (input) => {
      setFormError(null);
      const r = await start.run(input);
      if (!r.ok) setFormError(applyServerErrors(r.error, setError, errorText, fe));
      else onStarted(r.value);
    }),
  );
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('reports.pdfBody', { from: f.date(range.from), to: f.date(range.to) })}</Text>
        <Textarea label={t('exports.purpose')} description={t('reports.purposeHint')} {...register('purpose')} error={fe(formState.errors.purpose)} autosize minRows={2} data-autofocus />
        <FormError message={formError} title={t('common.notSaved')} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={start.isPending}>
            {t('reports.savePdf')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
