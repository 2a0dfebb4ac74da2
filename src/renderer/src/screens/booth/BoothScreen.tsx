import { Button, Group, Loader, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { BoothCounts, BoothEvent } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
import { formatDate } from '../../lib/format';
import { CountCard } from '../../components/CountCard';
import { useSession } from '../../lib/session-store';
import { RunningKiosk } from './RunningKiosk';
import { useKioskEnded } from './use-kiosk-session';

/**
 * Booth staff: pick today's event, see its counts, start the kiosk. Counts only: booth staff never
 * see an entrant's data, and nothing here can show it.
 */
export function BoothScreen() {
  const [events, setEvents] = useState<BoothEvent[] | null>(null);
  const [eventId, setEventId] = useState<number | null>(null);
  const [counts, setCounts] = useState<BoothCounts | null>(null);
  const setSession = useSession((s) => s.setSession);
  const kioskEventId = useSession((s) => s.session?.kioskEventId ?? null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);

  useEffect(() => {
    void (async () => {
      const r = await call(window.api.booth.events({}));
      if (!r.ok) {
        setError(r.error.message);
        return;
      }
      setEvents(r.value);
      if (r.value.length === 1) setEventId(r.value[0]!.id);
    })();
  }, []);

  const loadCounts = useCallback(async (id: number) => {
    const r = await call(window.api.booth.counts({ eventId: id }));
    if (r.ok) setCounts(r.value);
    else setError(r.error.message);
  }, []);
  useEffect(() => {
    setCounts(null);
    if (eventId !== null) void loadCounts(eventId);
  }, [eventId, loadCounts]);

  const start = async () => {
    if (eventId === null) return;
    setStarting(true);
    setError(null);
    setStatus(null);
    const r = await call(window.api.kiosk.enter({ eventId }));
    setStarting(false);
    if (r.ok) setSession(r.value);
    else setError(r.error.message);
  };

  useKioskEnded(
    useCallback(() => {
      setStatus('Kiosk mode ended.');
      if (eventId !== null) void loadCounts(eventId);
    }, [eventId, loadCounts]),
  );

  if (kioskEventId !== null) return <RunningKiosk eventId={kioskEventId} />;

  return (
    <Stack gap="lg">
      <PageHeader title="Booth" description="Pick today’s event and start the kiosk. Entrants fill in the form on their own; leaving the kiosk needs a staff password. You see counts here, never entrants’ details." />
      <StatusMessage message={status} onClose={() => setStatus(null)} />
      <FormError message={error} />
      {!events && !error && <Loader aria-label="Loading today’s events" />}
      {events && events.length === 0 && <Text>There is no event today. A manager adds events on the Events screen.</Text>}
      {events && events.length > 0 && (
        <Radio.Group label="Today’s event" value={eventId === null ? null : String(eventId)} onChange={(v) => setEventId(Number(v))} size="md">
          <Stack gap="sm" mt="xs">
            {events.map((ev) => (
              <Radio
                key={ev.id}
                value={String(ev.id)}
                size="md"
                label={ev.name}
                description={`${ev.location} · ${ev.startsOn === ev.endsOn ? formatDate(ev.startsOn) : `${formatDate(ev.startsOn)} – ${formatDate(ev.endsOn)}`}`}
              />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {counts && (
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md" aria-label="Entry counts">
          <CountCard label="Entries today" value={counts.today} />
          <CountCard label="Entries in total" value={counts.total} />
          <CountCard label="Repeat entries accepted" value={counts.flaggedDuplicates} />
          <CountCard label="Not eligible (age screen)" value={counts.notEligible} />
        </SimpleGrid>
      )}
      {events && events.length > 0 && (
        <Group>
          <Button size="xl" onClick={() => void start()} disabled={eventId === null} loading={starting}>
            Start kiosk
          </Button>
          {eventId !== null && (
            <Button variant="default" size="xl" onClick={() => void loadCounts(eventId)}>
              Refresh counts
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
