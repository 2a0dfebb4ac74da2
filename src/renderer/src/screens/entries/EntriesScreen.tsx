import { BarChart } from '@mantine/charts';
import { DataTable } from '../../components/DataTable';
import {
  Badge,
  Button,
  Checkbox,
  Drawer,
  Group,
  Loader,
  NativeSelect,
  Pagination,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import type { EntryDetail, EntryRow, EntryStats } from '../../../../shared/contract/entries';
import type { EventSummary } from '../../../../shared/contract/events';
import type { AnswerValue } from '../../../../shared/booth';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { call } from '../../lib/call';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';
import { CountCard } from '../../components/CountCard';
import { dateRange } from '../events/EventsScreen';

const PAGE = 50;

type Consent = 'all' | 'given' | 'not_given';

/**
 * Managers: the entries of an event, with search, repeat-entry flags and consent status, and
 * counts by day and hour. Every load of entries or counts is audited by the core (read.*), so the
 * list loads when asked (search button, page change), not on every keystroke.
 */
export function EntriesScreen() {
  const [events, setEvents] = useState<EventSummary[] | null>(null);
  const [eventId, setEventId] = useState<number | null>(null);
  const [stats, setStats] = useState<EntryStats | null>(null);
  const [rows, setRows] = useState<{ total: number; rows: EntryRow[] } | null>(null);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState({ search: '', consent: 'all' as Consent, flagged: false, page: 1 });
  const [detail, setDetail] = useState<EntryDetail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void (async () => {
      const r = await call(window.api.entries.events({}));
      if (!r.ok) return setError(r.error.message);
      setEvents(r.value);
      if (r.value.length > 0) setEventId(r.value[0]!.id);
    })();
  }, []);

  useEffect(() => {
    if (eventId === null) return;
    setStats(null);
    void (async () => {
      const r = await call(window.api.entries.stats({ eventId }));
      if (r.ok) setStats(r.value);
      else setError(r.error.message);
    })();
  }, [eventId]);

  const loadRows = useCallback(async () => {
    if (eventId === null) return;
    const r = await call(
      window.api.entries.list({ eventId, search: query.search, consent: query.consent, duplicates: query.flagged ? 'flagged' : 'all', limit: PAGE, offset: (query.page - 1) * PAGE }),
    );
    if (r.ok) {
      setRows(r.value);
      setError(null);
    } else setError(r.error.message);
  }, [eventId, query]);
  useEffect(() => {
    void loadRows();
  }, [loadRows]);

  const submitSearch = (e: FormEvent) => {
    e.preventDefault();
    setQuery((q) => ({ ...q, search: search.trim(), page: 1 }));
  };

  const openEntry = async (id: string) => {
    const r = await call(window.api.entries.get({ id }));
    if (r.ok) setDetail(r.value);
    else setError(r.error.message);
  };

  const event = events?.find((e) => e.id === eventId) ?? null;

  return (
    <Stack gap="md">
      <PageHeader title="Entries" description="Contest and survey entries collected at the booth. Opening this screen, searching and viewing an entry are recorded in the audit log." />
      <FormError message={error} />
      {!events && !error && <Loader aria-label="Loading events" />}
      {events && events.length === 0 && <Text>No events yet.</Text>}
      {events && events.length > 0 && (
        <NativeSelect
          label="Event"
          maw={480}
          data={events.map((e) => ({ value: String(e.id), label: `${e.name} (${dateRange(e.startsOn, e.endsOn)})` }))}
          value={eventId === null ? '' : String(eventId)}
          onChange={(e) => {
            setEventId(Number(e.currentTarget.value));
            setQuery((q) => ({ ...q, page: 1 }));
          }}
        />
      )}
      {event && stats && <StatsPanel stats={stats} />}
      {event && (
        <form onSubmit={submitSearch} role="search" aria-label="Find entries">
          <Group align="flex-end" gap="sm">
            <TextInput label="Search entries" description="Name, email, phone or company" w={320} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
            <Button type="submit">Search</Button>
            <Stack gap={4}>
              <Text size="sm" fw={500} id="consent-filter-label">
                Marketing consent
              </Text>
              <SegmentedControl
                aria-labelledby="consent-filter-label"
                value={query.consent}
                onChange={(v) => setQuery((q) => ({ ...q, consent: v as Consent, page: 1 }))}
                data={[
                  { value: 'all', label: 'All' },
                  { value: 'given', label: 'Given' },
                  { value: 'not_given', label: 'Not given' },
                ]}
              />
            </Stack>
            <Checkbox label="Repeat entries only" mb={8} checked={query.flagged} onChange={(e) => setQuery((q) => ({ ...q, flagged: e.currentTarget.checked, page: 1 }))} />
          </Group>
        </form>
      )}
      {event && rows && (
        <>
          <Text size="sm" c="dimmed" role="status">
            {rows.total === 0 ? 'No entries match.' : `${formatCount(rows.total)} ${rows.total === 1 ? 'entry' : 'entries'}`}
          </Text>
          {rows.rows.length > 0 && (
            <DataTable label="Entries" headers={['Captured', 'Name', 'Email', 'Phone', 'Company', 'Marketing consent', 'Repeat', <VisuallyHidden key="h">Actions</VisuallyHidden>]} minWidth={900} striped highlightOnHover verticalSpacing="xs">
              {rows.rows.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>{formatDateTime(r.capturedAt)}</Table.Td>
                  <Table.Td>{r.name}</Table.Td>
                  <Table.Td>{r.email}</Table.Td>
                  <Table.Td>{r.phone}</Table.Td>
                  <Table.Td>{r.company}</Table.Td>
                  <Table.Td>
                    <ConsentBadge given={r.marketingConsent} />
                  </Table.Td>
                  <Table.Td>{r.duplicateOf && <Badge color="yellow" variant="light">Repeat entry</Badge>}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" aria-label={`View entry of ${r.name}`} onClick={() => void openEntry(r.id)}>
                      View
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )}
          {rows.total > PAGE && <Pagination total={Math.ceil(rows.total / PAGE)} value={query.page} onChange={(page) => setQuery((q) => ({ ...q, page }))} aria-label="Pages of entries" />}
        </>
      )}
      <Drawer opened={detail !== null} onClose={() => setDetail(null)} position="right" size="lg" title="Entry">
        {detail && <EntryView entry={detail} />}
      </Drawer>
    </Stack>
  );
}

function ConsentBadge({ given }: { given: boolean }) {
  return (
    <Badge color={given ? 'teal' : 'gray'} variant="light">
      {given ? 'Given' : 'Not given'}
    </Badge>
  );
}

function StatsPanel({ stats }: { stats: EntryStats }) {
  const [day, setDay] = useState<string | null>(null);
  const shownDay = day ?? stats.byDay.at(-1)?.day ?? null;
  const hours = useMemo(() => {
    const counts = new Map(stats.byHour.filter((h) => h.day === shownDay).map((h) => [h.hour, h.count]));
    return Array.from({ length: 24 }, (_, hour) => ({ hour: `${String(hour).padStart(2, '0')}:00`, entries: counts.get(hour) ?? 0 }));
  }, [stats.byHour, shownDay]);
  const busyHours = hours.filter((h) => h.entries > 0);
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 2, md: 4 }}>
        <CountCard label="Entries" value={stats.total} />
        <CountCard label="Consented to marketing" value={stats.consented} />
        <CountCard label="Repeat entries" value={stats.flaggedDuplicates} />
        <CountCard label="Not eligible (age screen)" value={stats.notEligible} />
      </SimpleGrid>
      {stats.byDay.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <Stack gap="xs">
            <Title order={3} size="h4">
              Entries by day
            </Title>
            <DataTable label="Entries by day" headers={['Day', 'Entries']} withTableBorder>
              {stats.byDay.map((d) => (
                <Table.Tr key={d.day} bg={d.day === shownDay ? 'var(--mantine-color-indigo-0)' : undefined}>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setDay(d.day)} aria-pressed={d.day === shownDay}>
                      {formatDate(d.day)}
                    </Button>
                  </Table.Td>
                  <Table.Td>{formatCount(d.count)}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </Stack>
          <Stack gap="xs">
            <Title order={3} size="h4">
              Entries by hour{shownDay ? `, ${formatDate(shownDay)}` : ''}
            </Title>
            <BarChart h={180} data={hours} dataKey="hour" series={[{ name: 'entries', label: 'Entries', color: 'indigo.6' }]} tickLine="y" aria-hidden />
            <DataTable label="Entries by hour" headers={['Hour', 'Entries']} withTableBorder>
              {busyHours.map((h) => (
                <Table.Tr key={h.hour}>
                  <Table.Td>{h.hour}</Table.Td>
                  <Table.Td>{formatCount(h.entries)}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          </Stack>
        </SimpleGrid>
      )}
    </Stack>
  );
}

const answerText = (a: AnswerValue): string => (a === null ? '(no answer)' : Array.isArray(a) ? (a.length ? a.join(', ') : '(no answer)') : String(a));

function EntryView({ entry }: { entry: EntryDetail }) {
  const row = (label: string, value: string) => (
    <Table.Tr key={label}>
      <Table.Th w={200}>{label}</Table.Th>
      <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{value || '—'}</Table.Td>
    </Table.Tr>
  );
  return (
    <Stack>
      <Table aria-label="Entry details">
        <Table.Tbody>
          {row('Name', entry.name)}
          {row('Email', entry.email)}
          {row('Phone', entry.phone)}
          {row('Address', entry.address)}
          {row('Title', entry.title)}
          {row('Company', entry.company)}
          {row('Captured', formatDateTime(entry.capturedAt))}
          {row('Device', entry.device)}
          {row('Contest rules', `version ${entry.rules.version} (accepted)`)}
          {row('Marketing consent', `${entry.marketingConsent ? 'Given' : 'Not given'} · notice version ${entry.notice.version}`)}
          {row('Repeat entry', entry.duplicateOf ? `Yes, after entry ${entry.duplicateOf}` : 'No')}
          {row('Entry id', entry.id)}
        </Table.Tbody>
      </Table>
      {entry.answers.length > 0 && (
        <>
          <Title order={3} size="h4">
            Survey answers
          </Title>
          <Table aria-label="Survey answers">
            <Table.Tbody>{entry.answers.map((a) => row(a.prompt, answerText(a.answer)))}</Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
