import { AppShell, Badge, Button, Group, NavLink, ScrollArea, Stack, Text, Title } from '@mantine/core';
import { LanguageSwitch } from './components/LanguageSwitch';
import { useErrorText, useT } from './i18n';
import { useChannelMutation } from './data';
import { StatusMessage } from './components/StatusMessage';
import { ChangePasswordDialog } from './screens/auth/ChangePasswordDialog';
import { useCallback, useMemo, useState, type MouseEvent } from 'react';
import type { SessionInfo } from '../../shared/contract/auth';
import { useSession } from './lib/session-store';
import { useIdle } from './lib/use-idle';
import { useKioskMode } from './screens/booth/kiosk-store';
import { SCREENS, type ScreenDef } from './screens/registry';
import { SyncIndicator } from './screens/sync/SyncIndicator';

/** Moves focus to the screen itself, past the header and the navigation. */
function skipToMain(e: MouseEvent<HTMLAnchorElement>) {
  e.preventDefault();
  document.getElementById('main-content')?.focus();
}

const GROUP_ORDER: ScreenDef['group'][] = ['customers', 'events', 'records', 'reports', 'administration', 'help'];

export function Shell({ session }: { session: SessionInfo }) {
  const t = useT();
  const { lockNow, signOut, setSession } = useSession();
  const errorText = useErrorText();
  const saveLanguage = useChannelMutation('staff.setMyLanguage');
  const visible = useMemo(() => SCREENS.filter((s) => s.permission === null || session.permissions.includes(s.permission)), [session.permissions]);
  const [currentId, setCurrentId] = useState(visible[0]?.id ?? 'about');
  // A window running the booth kiosk (say, after a reload) shows it, whatever screen was open.
  const current = (session.kioskEventId !== null ? visible.find((s) => s.id === 'booth') : undefined) ?? visible.find((s) => s.id === currentId) ?? visible[0];
  const onIdle = useCallback(() => void lockNow(), [lockNow]);
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  // The booth kiosk is its own lock (entry form only, staff password to leave), so a kiosk left
  // alone between entrants must not fall to the staff lock screen.
  const kioskActive = useKioskMode((s) => s.active);
  useIdle(session.lockAfterMs, onIdle, !session.locked && !kioskActive);

  return (
    <AppShell navbar={{ width: 240, breakpoint: 0 }} header={{ height: 56 }} padding="lg">
      <a className="skip-link" href="#main-content" onClick={skipToMain}>
        {t('shell.skipToMain')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="sm">
            <Title order={1} size="h4">
              {t('common.appName')}
            </Title>
          </Group>
          <Group gap="sm">
            <SyncIndicator onOpen={() => setCurrentId('sync')} />
            <LanguageSwitch
              onChange={(language) =>
                void saveLanguage.run({ language }).then((r) => {
                  if (r.ok) setSession(r.value);
                  else setNotice(t('shell.languageSaveFailed', { reason: errorText(r.error) }));
                })
              }
            />
            <Text size="sm" aria-label={t('shell.signedInAs')}>
              {session.displayName}
            </Text>
            <Badge variant="light">{t(`role.${session.role}`)}</Badge>
            <Button variant="subtle" onClick={() => setPasswordOpen(true)}>
              {t('shell.changePassword')}
            </Button>
            <Button variant="subtle" onClick={() => void lockNow()}>
              {t('shell.lock')}
            </Button>
            <Button variant="default" onClick={() => void signOut()}>
              {t('shell.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('shell.mainNavigation')} component="nav">
        <ScrollArea>
          <Stack gap={4}>
            {GROUP_ORDER.map((group) => {
              const items = visible.filter((s) => s.group === group);
              if (items.length === 0) return null;
              return (
                <Stack key={group} gap={2} mb="sm">
                  <Text size="xs" c="dimmed" tt="uppercase" fw={600} px="sm">
                    {t(`nav.group.${group}`)}
                  </Text>
                  {items.map((s) => (
                    <NavLink
                      key={s.id}
                      component="button"
                      label={t(s.label)}
                      active={s.id === current?.id}
                      aria-current={s.id === current?.id ? 'page' : undefined}
                      onClick={() => setCurrentId(s.id)}
                    />
                  ))}
                </Stack>
              );
            })}
          </Stack>
        </ScrollArea>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1}>
        {notice && (
          <Stack mb="md">
            <StatusMessage message={notice} onClose={() => setNotice(null)} />
          </Stack>
        )}
        {current && <current.component key={current.id} />}
      </AppShell.Main>
      <ChangePasswordDialog opened={passwordOpen} onClose={() => setPasswordOpen(false)} onChanged={() => setNotice(t('shell.passwordChanged'))} />
    </AppShell>
  );
}
