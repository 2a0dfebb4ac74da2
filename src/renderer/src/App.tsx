import { Center, Loader } from '@mantine/core';
import { useEffect } from 'react';
import { useSession } from './lib/session-store';
import { FirstRunScreen } from './screens/auth/FirstRunScreen';
import { LockScreen } from './screens/auth/LockScreen';
import { SignInScreen } from './screens/auth/SignInScreen';
import { StoreErrorScreen } from './screens/auth/StoreErrorScreen';
import { Shell } from './Shell';

export function App() {
  const { status, session, refresh } = useSession();
  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!status) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
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
