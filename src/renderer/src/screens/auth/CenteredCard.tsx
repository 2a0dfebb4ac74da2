import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

export function CenteredCard({ title, subtitle, aside, children, width = 420 }: { title: string; subtitle?: ReactNode; aside?: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Center mih="100vh" bg="gray.0" p="md">
      <Paper withBorder shadow="sm" p="xl" w={width} component="main">
        <Stack gap="md">
          {aside && <Group justify="flex-end">{aside}</Group>}
          <div>
            <Title order={1} size="h2">
              {title}
            </Title>
            {subtitle && (
              <Text c="dimmed" size="sm" mt={4}>
                {subtitle}
              </Text>
            )}
          </div>
          {children}
        </Stack>
      </Paper>
    </Center>
  );
}
