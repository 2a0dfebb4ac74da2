import { Button, Drawer, Loader, Stack, Tabs, Text } from '@mantine/core';
import { badgeCell, DataTable } from '../../components/DataTable';
import { useState } from 'react';
import type { EventDetail } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useQueryClient } from '@tanstack/react-query';
import { channelKey, useChannelQuery } from '../../data';
import { LANGUAGES, useFormat, useT, type Formats } from '../../i18n';
import { EventForm } from './EventForm';
import { SurveyEditor } from './SurveyEditor';

type Editing = { kind: 'new' } | { kind: 'edit'; id: number } | null;

export const dateRange = (f: Formats, startsOn: string, endsOn: string) => (startsOn === endsOn ? f.date(startsOn) : `${f.date(startsOn)}–${f.date(endsOn)}`);

/** Managers: events, their versioned contest rules and consent notice, and their survey. */
export function EventsScreen() {
  const t = useT();
  const f = useFormat();
  const [status, setStatus] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const list = useChannelQuery('events.list', {});
  // The event open in the drawer is read through the cache too: saving it (a change to 'events') reads it again.
  const editedId = editing?.kind === 'edit' ? editing.id : null;
  const opened = useChannelQuery('events.get', { id: editedId ?? 0 }, { enabled: editedId !== null });
  const edited = editedId !== null && opened.data?.id === editedId ? opened.data : null;
  const events = list.data ?? null;
  const error = list.errorMessage ?? opened.errorMessage;

  const client = useQueryClient();
  const saved = (ev: EventDetail, message: string) => {
    // The core answered a save with the event as it now is: the drawer shows that at once.
    client.setQueryData(channelKey('events.get', { id: ev.id }), ev);
    setStatus(message);
    setEditing({ kind: 'edit', id: ev.id });
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('nav.events')} description={t('events.description')} actions={<Button onClick={() => setEditing({ kind: 'new' })}>{t('events.new')}</Button>} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      {!events && !list.problem && <Loader aria-label={t('events.loading')} />}
      {events && events.length === 0 && <Text c="dimmed">{t('events.empty')}</Text>}
      {events && events.length > 0 && (
        <DataTable
          label={t('nav.events')}
          rows={events}
          rowKey={(ev) => ev.id}
          minWidth={720}
          striped
          highlightOnHover
          verticalSpacing="sm"
          columns={[
            { id: 'name', header: t('exports.event'), cell: (ev) => ev.name, sortValue: (ev) => ev.name },
            { id: 'dates', header: t('events.dates'), cell: (ev) => dateRange(f, ev.startsOn, ev.endsOn), sortValue: (ev) => ev.startsOn },
            { id: 'location', header: t('events.location'), cell: (ev) => ev.location, sortValue: (ev) => ev.location },
            { id: 'entries', header: t('nav.entries'), cell: (ev) => f.number(ev.entryCount), sortValue: (ev) => ev.entryCount },
            { id: 'repeats', header: t('events.repeats'), nowrap: true, cell: (ev) => badgeCell(ev.acceptDuplicates ? 'yellow' : 'gray', t(ev.acceptDuplicates ? 'events.repeatsAccepted' : 'events.repeatsRefused')) },
            {
              id: 'actions',
              header: t('products.actions'),
              hiddenHeader: true,
              cell: (ev) => (
                <Button size="xs" variant="default" aria-label={t('events.editName', { name: ev.name })} onClick={() => setEditing({ kind: 'edit', id: ev.id })}>
                  {t('common.edit')}
                </Button>
              ),
            },
          ]}
        />
      )}

      <Drawer opened={editing?.kind === 'new' || edited !== null} onClose={() => setEditing(null)} position="right" size="xl" title={edited ? edited.name : t('events.new')}>
        {editing?.kind === 'new' && <EventForm onSaved={(ev) => saved(ev, t('events.created', { name: ev.name }))} onCancel={() => setEditing(null)} />}
        {edited && (
          <Tabs defaultValue="details" keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details">{t('events.tab.details')}</Tabs.Tab>
              <Tabs.Tab value="survey">{t('events.tab.survey', { count: edited.questions.length })}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="details">
              <EventForm key={[edited.id, ...LANGUAGES.flatMap((l) => [edited.rules[l]?.id, edited.notice[l]?.id])].join('-')} event={edited} onSaved={(ev) => saved(ev, t('events.saved', { name: ev.name }))} onCancel={() => setEditing(null)} />
            </Tabs.Panel>
            <Tabs.Panel value="survey">
              <SurveyEditor key={edited.questions.map((q) => q.id).join(',')} event={edited} onSaved={(ev) => saved(ev, t('events.surveySaved', { name: ev.name }))} />
            </Tabs.Panel>
          </Tabs>
        )}
      </Drawer>
    </Stack>
  );
}
