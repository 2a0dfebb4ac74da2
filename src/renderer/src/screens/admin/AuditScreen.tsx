import { Title } from '@mantine/core';

export function AuditScreen() {
  return <Title order={2}>Audit</Title>;
}
