import { zodResolver } from '@hookform/resolvers/zod';
import { Accordion, Button, Group, Paper, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { eventCreateInput, type EventDetail, type TextVersion } from '../../../../shared/contract/events';
import { FormError } from '../../components/FormError';
import { call } from '../../lib/call';
import { applyServerErrors } from '../../lib/form';
import { formatDateTime } from '../../lib/format';

type Values = z.input<typeof eventCreateInput>;

function versionNote(v: TextVersion | undefined): string {
  if (!v) return 'Becomes version 1.';
  return v.inUse ? `Version ${v.version}, used by entries: saving a change creates version ${v.version + 1}.` : `Version ${v.version}, not used by any entry yet: changes correct it in place.`;
}

/** Create or edit an event: details, the repeat-entry setting, and the two versioned texts. */
export function EventForm({ event, onSaved, onCancel }: { event?: EventDetail; onSaved(ev: EventDetail): void; onCancel(): void }) {
  const [formError, setFormError] = useState<string | null>(null);
  const { register, handleSubmit, setError, formState } = useForm<Values, unknown, z.output<typeof eventCreateInput>>({
    resolver: zodResolver(eventCreateInput),
    defaultValues: event
      ? { name: event.name, startsOn: event.startsOn, endsOn: event.endsOn, location: event.location, acceptDuplicates: event.acceptDuplicates, rulesText: event.rules.body, noticeText: event.notice.body }
      : { name: '', startsOn: '', endsOn: '', location: '', acceptDuplicates: false, rulesText: '', noticeText: '' },
  });
  const e = formState.errors;

  const submit = handleSubmit(async (v) => {
    setFormError(null);
    const r = await call(event ? window.api.events.update({ id: event.id, ...v }) : window.api.events.create(v));
    if (r.ok) onSaved(r.value);
    else setFormError(applyServerErrors(r.error, setError));
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label="Event name" data-autofocus {...register('name')} error={e.name?.message} />
        <SimpleGrid cols={2}>
          <TextInput label="Start date" type="date" {...register('startsOn')} error={e.startsOn?.message} />
          <TextInput label="End date" type="date" {...register('endsOn')} error={e.endsOn?.message} />
        </SimpleGrid>
        <TextInput label="Location" {...register('location')} error={e.location?.message} />
        <Switch
          label="Accept repeat entries"
          description="When off, an entrant whose email or phone already entered this event is told so and nothing is stored. When on, the entry is stored and flagged as a repeat."
          {...register('acceptDuplicates')}
        />
        <Textarea label="Contest rules" description={versionNote(event?.rules)} autosize minRows={5} maxRows={14} {...register('rulesText')} error={e.rulesText?.message} />
        <Textarea
          label="Marketing consent notice"
          description={`Shown beside the unticked marketing box. ${versionNote(event?.notice)}`}
          autosize
          minRows={3}
          maxRows={10}
          {...register('noticeText')}
          error={e.noticeText?.message}
        />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Close
          </Button>
          <Button type="submit" loading={formState.isSubmitting}>
            {event ? 'Save event' : 'Create event'}
          </Button>
        </Group>
        {event && (event.rulesHistory.length > 0 || event.noticeHistory.length > 0) && <History rules={event.rulesHistory} notice={event.noticeHistory} />}
      </Stack>
    </form>
  );
}

function History({ rules, notice }: { rules: TextVersion[]; notice: TextVersion[] }) {
  const item = (kind: string, v: TextVersion) => (
    <Accordion.Item key={`${kind}-${v.id}`} value={`${kind}-${v.id}`}>
      <Accordion.Control>
        {kind} version {v.version} · {formatDateTime(v.createdAt)}
      </Accordion.Control>
      <Accordion.Panel>
        <Paper withBorder p="sm">
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {v.body}
          </Text>
        </Paper>
        <Text size="xs" c="dimmed" mt={4} ff="monospace">
          SHA-256 {v.sha256}
        </Text>
      </Accordion.Panel>
    </Accordion.Item>
  );
  return (
    <Stack gap="xs" mt="md">
      <Text fw={600}>Earlier versions (kept as entrants saw them)</Text>
      <Accordion variant="separated">
        {rules.map((v) => item('Contest rules', v))}
        {notice.map((v) => item('Consent notice', v))}
      </Accordion>
    </Stack>
  );
}
