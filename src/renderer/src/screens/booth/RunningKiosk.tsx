import { Alert, Center } from '@mantine/core';
import { useT } from '../../i18n';
import { useSession } from '../../lib/session-store';
import { ExitDialog, Kiosk } from './Kiosk';
import { useKioskConfig } from './use-kiosk-session';

/** The booth kiosk this window runs, as the core has it (after a start, a reload or a crash). */
export function RunningKiosk({ eventId }: { eventId: number }) {
  const t = useT();
  const { config, error } = useKioskConfig(eventId);
  const refresh = useSession((s) => s.refresh);
  const onExit = () => void refresh();
  if (config) return <Kiosk config={config} onExit={onExit} />;
  if (!error) return null;
  // The event can no longer run (it ended, or was changed): staff leave with their password.
  return (
    <Center pos="fixed" inset={0} bg="var(--mantine-color-body)" style={{ zIndex: 1000 }}>
      <Alert color="red" title={t('kiosk.cannotContinue')}>
        {error}
      </Alert>
      <ExitDialog opened onCancel={() => {}} onExit={onExit} />
    </Center>
  );
}
