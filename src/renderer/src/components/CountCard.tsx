import { Card, Text } from '@mantine/core';
import { useFormat } from '../i18n';

/** One labelled count, readable by a screen reader as a group named by its label. */
export function CountCard({ label, value }: { label: string; value: number }) {
  const f = useFormat();
  return (
    <Card withBorder padding="md" role="group" aria-label={label}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {f.number(value)}
      </Text>
    </Card>
  );
}
