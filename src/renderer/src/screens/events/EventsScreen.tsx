import { Button, Drawer, Loader, Stack, Table, Tabs, Text, VisuallyHidden } from '@mantine/core';
import { BadgeCell, DataTable } from '../../components/DataTable';
import { useCallback, useEffect, useState } from 'react';
import type { EventDetail, EventSummary } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { LANGUAGES, useErrorText, useFormat, useT, type Formats } from '../../i18n';
import { EventForm } from './EventForm';
import { SurveyEditor } from './SurveyEditor';

type Editing = { kind: 'new' } | { kind: 'edit'; event: EventDetail } | null;

export const dateRange = (f: Formats, startsOn: string, endsOn: string) => (startsOn === endsOn ? f.date(startsOn) : `${f.date(startsOn)}–${f.date(endsOn)}`);

/** Managers: events, their versioned contest rules and consent notice, and their survey. */
export function EventsScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const [events, setEvents] = useState<EventSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);

  const load = useCallback(async () => {
    const r = await call(window.api.events.list({}));
    if (r.ok) {
      setEvents(r.value);
      setError(null);
    } else setError(errorText(r.error));
  }, [errorText]);
  useEffect(() => {
    void load();
  }, [load]);

  const open = async (id: number) => {
    const r = await call(window.api.events.get({ id }));
    if (r.ok) setEditing({ kind: 'edit', event: r.value });
    else setError(errorText(r.error));
  };

  const saved = (ev: EventDetail, message: string) => {
    setStatus(message);
    setEditing({ kind: 'edit', event: ev });
    void load();
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.events')} description={t('events.description')} actions={<Button onClick={() => setEditing({ kind: 'new' })}>{t('events.new')}</Button>} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      {!events && !error && <Loader aria-label={t('events.loading')} />}
      {events && events.length === 0 && <Text c="dimmed">{t('events.empty')}</Text>}
      {events && events.length > 0 && (
        <DataTable
          label={t('nav.events')}
          headers={[t('exports.event'), t('events.dates'), t('events.location'), t('nav.entries'), t('events.repeats'), <VisuallyHidden key="h">{t('products.actions')}</VisuallyHidden>]} minWidth={720} striped highlightOnHover verticalSpacing="sm">
          {events.map((ev) => (
            <Table.Tr key={ev.id}>
              <Table.Td>{ev.name}</Table.Td>
              <Table.Td>{dateRange(f, ev.startsOn, ev.endsOn)}</Table.Td>
              <Table.Td>{ev.location}</Table.Td>
              <Table.Td>{f.number(ev.entryCount)}</Table.Td>
              <BadgeCell color={ev.acceptDuplicates ? 'yellow' : 'gray'}>{t(ev.acceptDuplicates ? 'events.repeatsAccepted' : 'events.repeatsRefused')}</BadgeCell>
              <Table.Td>
                <Button size="xs" variant="default" aria-label={t('events.editName', { name: ev.name })} onClick={() => void open(ev.id)}>
                  {t('common.edit')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}

      <Drawer opened={editing !== null} onClose={() => setEditing(null)} position="right" size="xl" title={editing?.kind === 'edit' ? editing.event.name : t('events.new')}>
        {editing?.kind === 'new' && <EventForm onSaved={(ev) => saved(ev, t('events.created', { name: ev.name }))} onCancel={() => setEditing(null)} />}
        {editing?.kind === 'edit' && (
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">{t('events.tab.details')}</Tabs.Tab>
              <Tabs.Tab value="survey">{t('events.tab.survey', { count: editing.event.questions.length })}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">
              <EventForm key={[editing.event.id, ...LANGUAGES.flatMap((l) => [editing.event.rules[l]?.id, editing.event.notice[l]?.id])].join('-')} event={editing.event} onSaved={(ev) => saved(ev, t('events.saved', { name: ev.name }))} onCancel={() => setEditing(null)} />
            </Tabs.Panel>
            <Tabs.Panel value="survey">
              <SurveyEditor key={editing.event.questions.map((q) => q.id).join(',')} event={editing.event} onSaved={(ev) => saved(ev, t('events.surveySaved', { name: ev.name }))} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Drawer>
    </Stack>
  );
}
