import { Button, Drawer, Loader, Stack, Table, Tabs, Text, VisuallyHidden } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import type { EventDetail, EventSummary } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatCount, formatDate } from '../../lib/format';
import { EventForm } from './EventForm';
import { SurveyEditor } from './SurveyEditor';

type Editing = { kind: 'new' } | { kind: 'edit'; event: EventDetail } | null;

export const dateRange = (startsOn: string, endsOn: string) => (startsOn === endsOn ? formatDate(startsOn) : `${formatDate(startsOn)} – ${formatDate(endsOn)}`);

/** Managers: events, their versioned contest rules and consent notice, and their survey. */
export function EventsScreen() {
  const [events, setEvents] = useState<EventSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const load = useCallback(async () => {
    const r = await call(window.api.events.list({}));
    if (r.ok) {
      setEvents(r.value);
      setError(null);
    } else setError(r.error.message);
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = async (id: number) => {
    const r = await call(window.api.events.get({ id }));
    if (r.ok) setEditing({ kind: 'edit', event: r.value });
    else setError(r.error.message);
  };

  const saved = (ev: EventDetail, message: string) => {
    setStatus(message);
    setEditing({ kind: 'edit', event: ev });
    void load();
  };

  return (
    <Stack gap="md">
      <PageHeader
        title="Events"
        description="Events where the booth collects contest and survey entries. Rules and the marketing consent notice are versioned: once an entry has used a version, editing the text creates a new version."
        actions={<Button onClick={() => setEditing({ kind: 'new' })}>New event</Button>}
      />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      {!events && !error && <Loader aria-label="Loading events" />}
      {events && events.length === 0 && <Text c="dimmed">No events yet. Create one with “New event”.</Text>}
      {events && events.length > 0 && (
        <DataTable label="Events" headers={['Event', 'Dates', 'Location', 'Entries', 'Repeat entries', <VisuallyHidden key="h">Actions</VisuallyHidden>]} minWidth={720} striped highlightOnHover verticalSpacing="sm">
          {events.map((ev) => (
            <Table.Tr key={ev.id}>
              <Table.Td>{ev.name}</Table.Td>
              <Table.Td>{dateRange(ev.startsOn, ev.endsOn)}</Table.Td>
              <Table.Td>{ev.location}</Table.Td>
              <Table.Td>{formatCount(ev.entryCount)}</Table.Td>
              <BadgeCell color={ev.acceptDuplicates ? 'yellow' : 'gray'}>{ev.acceptDuplicates ? 'Accepted, flagged' : 'Refused'}</BadgeCell>
              <Table.Td>
                <Button size="xs" variant="default" aria-label={`Edit ${ev.name}`} onClick={() => void open(ev.id)}>
                  Edit
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}

      <Drawer opened={editing !== null} onClose={() => setEditing(null)} position="right" size="xl" title={editing?.kind === 'edit' ? editing.event.name : 'New event'}>
        {editing?.kind === 'new' && <EventForm onSaved={(ev) => saved(ev, `Created ${ev.name}. Add survey questions on its Survey tab if you need them.`)} onCancel={() => setEditing(null)} />}
        {editing?.kind === 'edit' && (
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">Details and texts</Tabs.Tab>
              <Tabs.Tab value="survey">Survey ({editing.event.questions.length})</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">
              <EventForm key={`${editing.event.id}-${editing.event.rules.id}-${editing.event.notice.id}`} event={editing.event} onSaved={(ev) => saved(ev, `Saved ${ev.name}.`)} onCancel={() => setEditing(null)} />
            </Tabs.Panel>
            <Tabs.Panel value="survey">
              <SurveyEditor key={editing.event.questions.map((q) => q.id).join(',')} event={editing.event} onSaved={(ev) => saved(ev, `Saved the survey of ${ev.name}.`)} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Drawer>
    </Stack>
  );
}
