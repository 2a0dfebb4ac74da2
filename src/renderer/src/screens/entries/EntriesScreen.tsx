import { DataTable, type SortState } from '../../components/DataTable';
import { SimpleTable } from '../../components/SimpleTable';
import { StatusBadge } from '../../components/StatusBadge';
import { CountChart } from '../reports/CountChart';
import {
  Button,
  Checkbox,
  Drawer,
  Group,
  Loader,
  NativeSelect,
  Progress,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useId, useMemo, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import type { EventSummary } from '../../../../shared/contract/events';
import { entriesListInput, type EntryDetail, type EntrySort, type EntryStats } from '../../../../shared/contract/entries';
import type { AnswerValue } from '../../../../shared/booth';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { useChannelMutation, useChannelQuery } from '../../data';
import { mappedResolver } from '../../lib/form';
import { useErrorText, useFieldText, useFormat, useT } from '../../i18n';
import { CountCard } from '../../components/CountCard';
import { dateRange } from '../events/EventsScreen';

const PAGE = 50;
/** How often the screen asks how far the audit of captures is while its reads wait for it, ms. */
const CATCH_UP_POLL_MS = 500;

/** The list's order as the table's headings show it, newest first until a heading is chosen. */
const NEWEST_FIRST: SortState = { column: 'captured', direction: 'descending' };

function entrySort(s: SortState): EntrySort {
  const dir = s.direction === 'ascending' ? 'asc' : 'desc';
  switch (s.column) {
    case 'name':
      return `name_${dir}`;
    case 'email':
      return `email_${dir}`;
    default:
      return `created_${dir}`;
  }
}

/** The filter form's fields: the event as the select holds it, and "repeats only" as a box. */
interface FilterValues {
  eventId: string;
  search: string;
  consent: 'all' | 'given' | 'not_given';
  flagged: boolean;
}
type Filter = z.output<typeof entriesListInput>;

const filterInput = ({ eventId, search, consent, flagged }: FilterValues) => ({ eventId: Number(eventId), search, consent, duplicates: flagged ? 'flagged' : 'all' });
const filterField = (path: string) => (path === 'duplicates' ? 'flagged' : path);
const filterResolver = mappedResolver(entriesListInput, filterInput, filterField);

/**
 * Managers: the entries of an event, with search, repeat-entry flags and consent status, and
 * counts by day and hour. Every load of entries or counts is audited by the core (read.*), so the
 * list loads when asked (search button, a filter, page change), not on every keystroke.
 */
export function EntriesScreen() {
  const t = useT();
  const events = useChannelQuery('entries.events', {});
  const list = events.data ?? null;
  return (
    <Stack gap="md">
      <PageHeader title={t('nav.entries')} description={t('entries.description')} />
      <FormError message={events.errorMessage} />
      {!list && !events.problem && <Loader aria-label={t('events.loading')} />}
      <CatchUpProgress waiting={!list && !events.problem} />
      {list && list.length === 0 && <Text>{t('entries.noEvents')}</Text>}
      {list && list.length > 0 && <EventEntries events={list} />}
    </Stack>
  );
}

/**
 * The filters are one form (the event, the search, consent, repeats only) checked with the list
 * channel's own schema; the list shown is always the answer for the filters applied last.
 */
function EventEntries({ events }: { events: EventSummary[] }) {
  const t = useT();
  const f = useFormat();
  const fe = useFieldText();
  const errorText = useErrorText();
  const first = events[0]!.id;
  const [applied, setApplied] = useState<Filter>(() => entriesListInput.parse({ eventId: first }));
  const [page, setPage] = useState(1);
  const [sort, setSort] = useState<SortState>(NEWEST_FIRST);
  const { register, control, handleSubmit, formState } = useForm<FilterValues, unknown, Filter>({
    resolver: filterResolver,
    defaultValues: { eventId: String(first), search: '', consent: 'all', flagged: false },
  });
  const apply = handleSubmit((filter) => {
    setApplied(filter);
    setPage(1);
  });

  const { eventId } = applied;
  const stats = useChannelQuery('entries.stats', { eventId });
  const rows = useChannelQuery(
    'entries.list',
    { eventId, search: applied.search, consent: applied.consent, duplicates: applied.duplicates, limit: PAGE, offset: (page - 1) * PAGE, sort: entrySort(sort) },
    { keepPrevious: true },
  );
  const opening = useChannelMutation('entries.get', { read: true });
  const [detailOpen, setDetailOpen] = useState(false);
  const detail: EntryDetail | null = detailOpen ? (opening.data ?? null) : null;
  const openEntry = (id: string) => {
    setDetailOpen(true);
    void opening.run({ id });
  };

  const event = events.find((e) => e.id === eventId) ?? null;
  const error = rows.errorMessage ?? stats.errorMessage ?? (opening.problem ? errorText(opening.problem) : null);

  return (
    <>
      <FormError message={error} />
      <Controller
        control={control}
        name="eventId"
        render={({ field }) => (
          <NativeSelect
            label={t('exports.event')}
            maw={480}
            data={events.map((e) => ({ value: String(e.id), label: `${e.name} (${dateRange(f, e.startsOn, e.endsOn)})` }))}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            value={field.value}
            onChange={(e) => {
              field.onChange(e.currentTarget.value);
              void apply();
            }}
            error={fe(formState.errors.eventId)}
          />
        )}
      />
      {event && stats.data && <StatsPanel stats={stats.data} />}
      {event && (
        <form onSubmit={apply} noValidate role="search" aria-label={t('entries.find')}>
          <Group align="flex-end" gap="sm">
            <TextInput label={t('entries.search')} description={t('entries.searchHint')} w={320} {...register('search')} error={fe(formState.errors.search)} />
            <Button type="submit">{t('common.search')}</Button>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="consent-filter-label">
                {t('entries.consent')}
              </Text>
              <Controller
                control={control}
                name="consent"
                render={({ field }) => (
                  <SegmentedControl
                    aria-labelledby="consent-filter-label"
                    value={field.value}
                    onChange={(v) => {
                      field.onChange(v);
                      void apply();
                    }}
                    data={[
                      { value: 'all', label: t('outbox.all') },
                      { value: 'given', label: t('entries.given') },
                      { value: 'not_given', label: t('entries.notGiven') },
                    ]}
                  />
                )}
              />
            </Stack>
            <Checkbox label={t('entries.repeatsOnly')} mb={8} {...register('flagged', { onChange: () => void apply() })} />
          </Group>
        </form>
      )}
      <CatchUpProgress waiting={!rows.data && rows.isFetching} />
      {event && rows.data && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {rows.data.total === 0 ? t('entries.noMatch') : t(rows.data.more ? 'entries.countMore' : 'entries.count', { count: rows.data.total })}
          </Text>
          {rows.data.rows.length > 0 && (
            <DataTable
              label={t('nav.entries')}
              rows={rows.data.rows}
              rowKey={(r) => r.id}
              paging={{
                page,
                pageSize: PAGE,
                total: rows.data.total,
                onPageChange: setPage,
                sort,
                onSortChange: (next) => {
                  setSort(next);
                  setPage(1);
                },
              }}
              minWidth={900}
              striped
              highlightOnHover
              verticalSpacing="xs"
              columns={[
                { id: 'captured', header: t('entries.captured'), nowrap: true, coreSortable: true, cell: (r) => f.dateTime(r.capturedAt) },
                { id: 'name', header: t('kiosk.form.name'), coreSortable: true, cell: (r) => r.name },
                { id: 'email', header: t('kiosk.form.email'), coreSortable: true, cell: (r) => r.email },
                { id: 'phone', header: t('kiosk.form.phone'), nowrap: true, cell: (r) => r.phone },
                { id: 'company', header: t('kiosk.form.company'), cell: (r) => r.company },
                { id: 'consent', header: t('entries.consent'), nowrap: true, cell: (r) => <ConsentBadge given={r.marketingConsent} /> },
                { id: 'repeat', header: t('entries.repeat'), nowrap: true, cell: (r) => r.duplicateOf && <StatusBadge color="yellow">{t('entries.repeatEntry')}</StatusBadge> },
                {
                  id: 'actions',
                  header: t('products.actions'),
                  hiddenHeader: true,
                  cell: (r) => (
                    <Button size="xs" variant="default" aria-label={t('entries.viewOf', { name: r.name })} onClick={() => openEntry(r.id)}>
                      {t('entries.view')}
                    </Button>
                  ),
                },
              ]}
            />
          )}
        </>
      )}
      <Drawer opened={detail !== null} onClose={() => setDetailOpen(false)} position="right" size="lg" title={t('entries.entry')}>
        {detail && <EntryView entry={detail} />}
      </Drawer>
    </>
  );
}

/**
 * The core answers reads of entries only once every entry's capture is audited. After a crash or a
 * large pull that takes seconds, so while a read waits this asks how far the audit is and shows it.
 */
function CatchUpProgress({ waiting }: { waiting: boolean }) {
  const t = useT();
  const progress = useChannelQuery('entries.auditProgress', {}, { enabled: waiting, refetchInterval: CATCH_UP_POLL_MS });
  // An answer from an earlier wait (the cache keeps it) would show a count from before.
  const p = progress.isFetchedAfterMount ? progress.data : undefined;
  if (!waiting || p?.state !== 'catching_up') return null;
  return (
    <Stack gap="xs" maw={480}>
      <Text size="sm" role="status">
        {t('entries.auditCatchUp', { audited: p.audited, total: p.total })}
      </Text>
      <Progress value={p.total > 0 ? (100 * p.audited) / p.total : 0} aria-label={t('entries.auditProgress')} />
    </Stack>
  );
}

function ConsentBadge({ given }: { given: boolean }) {
  const t = useT();
  return (
    <StatusBadge color={given ? 'teal' : 'gray'}>{t(given ? 'entries.given' : 'entries.notGiven')}</StatusBadge>
  );
}

function StatsPanel({ stats }: { stats: EntryStats }) {
  const t = useT();
  const f = useFormat();
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day ?? stats.byDay.at(-1)?.day ?? null;
  const hours = useMemo(() => {
    const counts = new Map(stats.byHour.filter((h) => h.day === shownDay).map((h) => [h.hour, h.count]));
    return Array.from({ length: 24 }, (_, hour) => ({ hour: f.axisHour(hour), entries: counts.get(hour) ?? 0 }));
  }, [stats.byHour, shownDay, f]);
  const busyHours = hours.filter((h) => h.entries > 0);
  const hourTableId = useId();
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <CountCard label={t('nav.entries')} value={stats.total} />
        <CountCard label={t('entries.consented')} value={stats.consented} />
        <CountCard label={t('events.repeats')} value={stats.flaggedDuplicates} />
        <CountCard label={t('booth.count.notEligible')} value={stats.notEligible} />
      </SimpleGrid>
      {stats.byDay.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {t('entries.byDay')}
            </Title>
            <SimpleTable label={t('entries.byDay')} headers={[t('entries.day'), t('nav.entries')]} withTableBorder>
              {stats.byDay.map((d) => (
                <Table.Tr key={d.day} bg={d.day === shownDay ? 'var(--mantine-color-indigo-0)' : undefined}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setDay(d.day)} aria-pressed={d.day === shownDay}>
                      {f.date(d.day)}
                    </Button>
                  </Table.Td>
                  <Table.Td>{f.number(d.count)}</Table.Td>
                </Table.Tr>
              ))}
            </SimpleTable>
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h4">
              {shownDay ? t('entries.byHourOn', { day: f.date(shownDay) }) : t('entries.byHour')}
            </Title>
            <CountChart
              label={shownDay ? t('entries.chartByHourOn', { day: f.date(shownDay) }) : t('entries.chartByHour')}
              tableId={hourTableId}
              h={180}
              data={hours}
              dataKey="hour"
              series={[{ name: 'entries', label: t('nav.entries'), color: 'indigo.6' }]}
              valueFormatter={(v) => f.number(v)}
            />
            <SimpleTable id={hourTableId} label={t('entries.byHour')} headers={[t('entries.hour'), t('nav.entries')]} withTableBorder>
              {busyHours.map((h) => (
                <Table.Tr key={h.hour}>
                  <Table.Td>{h.hour}</Table.Td>
                  <Table.Td>{f.number(h.entries)}</Table.Td>
                </Table.Tr>
              ))}
            </SimpleTable>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}

function EntryView({ entry }: { entry: EntryDetail }) {
  const t = useT();
  const f = useFormat();
  const answerText = (a: AnswerValue): string => (a === null ? t('entries.noAnswer') : Array.isArray(a) ? (a.length ? a.join(', ') : t('entries.noAnswer')) : String(a));
  const row = (label: string, value: string) => (
    <Table.Tr key={label}>
      <Table.Th w={200}>{label}</Table.Th>
      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{value || '—'}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Table aria-label={t('entries.details')}>
        <Table.Tbody>
          {row(t('kiosk.form.name'), entry.name)}
          {row(t('kiosk.form.email'), entry.email)}
          {row(t('kiosk.form.phone'), entry.phone)}
          {row(t('kiosk.form.address'), entry.address)}
          {row(t('kiosk.form.jobTitle'), entry.title)}
          {row(t('kiosk.form.company'), entry.company)}
          {row(t('entries.captured'), f.dateTime(entry.capturedAt))}
          {row(t('entries.device'), entry.device)}
          {row(t('entries.language'), t(`common.language.${entry.language}`))}
          {row(t('kiosk.form.rules'), t('entries.rulesAcceptedIn', { language: t(`common.language.${entry.rules.lang}`), version: entry.rules.version }))}
          {row(t('entries.rulesHash'), entry.rules.sha256)}
          {row(t('entries.consent'), t('entries.consentLineIn', { state: t(entry.marketingConsent ? 'entries.given' : 'entries.notGiven'), language: t(`common.language.${entry.notice.lang}`), version: entry.notice.version }))}
          {row(t('entries.noticeHash'), entry.notice.sha256)}
          {row(t('entries.repeatEntry'), entry.duplicateOf ? t('entries.repeatOf', { id: entry.duplicateOf }) : t('common.no'))}
          {row(t('entries.id'), entry.id)}
        </Table.Tbody>
      </Table>
      {entry.answers.length > 0 && (
        <>
          <Title order={3} size="h4">
            {t('entries.answers')}
          </Title>
          <Table aria-label={t('entries.answers')}>
            <Table.Tbody>{entry.answers.map((a) => row(a.prompt, answerText(a.answer)))}</Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
