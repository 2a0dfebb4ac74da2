import { Center, Loader } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { createQueryClient } from './data';
import { useSession } from './lib/session-store';
import { FirstRunScreen } from './screens/auth/FirstRunScreen';
import { LockScreen } from './screens/auth/LockScreen';
import { SignInScreen } from './screens/auth/SignInScreen';
import { StoreErrorScreen } from './screens/auth/StoreErrorScreen';
import { Shell } from './Shell';
import { useLanguage, useT } from './i18n';

export function App() {
  const { session, refresh } = useSession();
  useEffect(() => {
    void refresh();
  }, [refresh]);
  // Signed in, the screens speak the staff member's language (their choice, else the OS's).
  const sessionLanguage = session?.language;
  const setLanguage = useLanguage((s) => s.setLanguage);
  useEffect(() => {
    if (sessionLanguage) setLanguage(sessionLanguage);
  }, [sessionLanguage, setLanguage]);
  // One cache per signed-in staff member: signing out (or in as someone else) starts an empty
  // one, so nothing one person loaded is ever shown to the next. Locking keeps it.
  return <SessionCache key={session?.staffId ?? 'signed-out'} />;
}

function SessionCache() {
  // Left to the garbage collector when signed out: an answer still on its way lands in a cache no screen reads.
  const [client] = useState(createQueryClient);
  return (
    <QueryClientProvider client={client}>
      <Screens />
    </QueryClientProvider>
  );
}

function Screens() {
  const t = useT();
  const { status, session } = useSession();
  if (!status) {
    return (
      <Center h="100vh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  switch (status.state) {
    case 'store_error':
      return <StoreErrorScreen failure={status.failure} />;
    case 'first_run':
      return <FirstRunScreen />;
    case 'ready':
      if (!session) return <SignInScreen />;
      return (
        <>
          <Shell session={session} />
          {session.locked && <LockScreen session={session} />}
        </>
      );
  }
}
