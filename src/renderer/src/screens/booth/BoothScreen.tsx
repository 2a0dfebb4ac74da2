import { Button, Group, Loader, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useState } from 'react';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useChannelMutation, useChannelQuery } from '../../data';
import { useErrorText, useFormat, useT } from '../../i18n';
import { CountCard } from '../../components/CountCard';
import { useSession } from '../../lib/session-store';
import { RunningKiosk } from './RunningKiosk';
import { useKioskEnded } from './use-kiosk-session';

/**
 * Booth staff: pick today's event, see its counts, start the kiosk. Counts only: booth staff never
 * see an entrant's data, and nothing here can show it.
 */
export function BoothScreen() {
  const t = useT();
  const f = useFormat();
  const errorText = useErrorText();
  const eventsQuery = useChannelQuery('booth.events', {});
  const events = eventsQuery.data ?? null;
  const [chosen, setChosen] = useState<number | null>(null);
  // With a single event on offer it is the one; otherwise the one staff picked.
  const eventId = chosen ?? (events?.length === 1 ? events[0]!.id : null);
  // Keyed by event: counts for an event chosen earlier never show for the one chosen now.
  const countsQuery = useChannelQuery('booth.counts', { eventId: eventId ?? 0 }, { enabled: eventId !== null });
  const counts = eventId !== null ? (countsQuery.data ?? null) : null;
  const setSession = useSession((s) => s.setSession);
  const kioskEventId = useSession((s) => s.session?.kioskEventId ?? null);
  const enter = useChannelMutation('kiosk.enter', { invalidates: ['booth'] });
  const [status, setStatus] = useState<string | null>(null);
  const problem = enter.problem;
  const error = eventsQuery.errorMessage ?? countsQuery.errorMessage ?? (problem ? errorText(problem) : null);

  const start = async () => {
    if (eventId === null) return;
    setStatus(null);
    const r = await enter.run({ eventId });
    if (r.ok) setSession(r.value);
  };

  const { refetch } = countsQuery;
  useKioskEnded(
    useCallback(() => {
      setStatus(t('booth.kioskEnded'));
      if (eventId !== null) void refetch();
    }, [eventId, refetch, t]),
  );

  if (kioskEventId !== null) return <RunningKiosk eventId={kioskEventId} />;

  return (
    <Stack gap="lg">
      <PageHeader title={t('nav.booth')} description={t('booth.description')} />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      {!events && !error && <Loader aria-label={t('booth.loading')} />}
      {events && events.length === 0 && <Text>{t('booth.noEvent')}</Text>}
      {events && events.length > 0 && (
        <Radio.Group label={t('booth.todaysEvent')} value={eventId === null ? null : String(eventId)} onChange={(v) => setChosen(Number(v))} size="md">
          <Stack gap="sm" mt="xs">
            {events.map((ev) => (
              <Radio
                key={ev.id}
                value={String(ev.id)}
                size="md"
                label={ev.name}
                description={`${ev.location} · ${ev.startsOn === ev.endsOn ? f.date(ev.startsOn) : `${f.date(ev.startsOn)}–${f.date(ev.endsOn)}`}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {counts && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" aria-label={t('booth.counts')}>
          <CountCard label={t('booth.count.today')} value={counts.today} />
          <CountCard label={t('booth.count.total')} value={counts.total} />
          <CountCard label={t('booth.count.duplicates')} value={counts.flaggedDuplicates} />
          <CountCard label={t('booth.count.notEligible')} value={counts.notEligible} />
        </SimpleGrid>
      )}
      {events && events.length > 0 && (
        <Group>
          <Button size="xl" onClick={() => void start()} disabled={eventId === null} loading={enter.isPending}>
            {t('booth.start')}
          </Button>
          {eventId !== null && (
            <Button variant="default" size="xl" onClick={() => void countsQuery.refetch()} loading={countsQuery.isFetching}>
              {t('booth.refresh')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
