import { Button, Group, Loader, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import type { BoothCounts, BoothEvent } from '../../../../shared/contract/booth';
import { FormError } from '../../components/FormError';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { call } from '../../lib/call';
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
        setError(errorText(r.error));
        return;
      }
      setEvents(r.value);
      if (r.value.length === 1) setEventId(r.value[0]!.id);
    })();
  }, [errorText]);

  const loadCounts = useCallback(async (id: number) => {
    const r = await call(window.api.booth.counts({ eventId: id }));
    if (r.ok) setCounts(r.value);
    else setError(errorText(r.error));
  }, [errorText]);
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
    else setError(errorText(r.error));
  };

  useKioskEnded(
    useCallback(() => {
      setStatus(t('booth.kioskEnded'));
      if (eventId !== null) void loadCounts(eventId);
    }, [eventId, loadCounts, t]),
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
        <Radio.Group label={t('booth.todaysEvent')} value={eventId === null ? null : String(eventId)} onChange={(v) => setEventId(Number(v))} size="md">
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
          <Button size="xl" onClick={() => void start()} disabled={eventId === null} loading={starting}>
            {t('booth.start')}
          </Button>
          {eventId !== null && (
            <Button variant="default" size="xl" onClick={() => void loadCounts(eventId)}>
              {t('booth.refresh')}
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
