import { Title } from '@mantine/core';

export function SettingsScreen() {
  return <Title order={2}>Settings</Title>;
}
