import { Title } from '@mantine/core';

export function StaffScreen() {
  return <Title order={2}>Staff</Title>;
}
