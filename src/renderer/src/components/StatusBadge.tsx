import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import type { LIGHT_VARIANT_COLORS } from '../theme';

/** The colours a state badge may take: the ones the theme test proves readable (4.5:1). */
export type StatusColor = (typeof LIGHT_VARIANT_COLORS)[number];

/**
 * A state (status, subscription, delivery...) drawn the same way everywhere: a light badge that
 * is as wide as its words, never cut short with an ellipsis.
 */
export function StatusBadge({ color, size, children }: { color: StatusColor; size?: 'sm' | 'md' | 'lg'; children: ReactNode }) {
  return (
    <Badge variant="light" color={color} size={size} styles={{ root: { maxWidth: 'none', flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } }}>
      {children}
    </Badge>
  );
}
