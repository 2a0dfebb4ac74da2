import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import type { LIGHT_VARIANT_COLORS } from '../theme';

/** The colours a state badge may take: the ones the theme test proves readable (4.5:1). */
export type StatusColor = (typeof LIGHT_VARIANT_COLORS)[number];

/**
 * A state (status, subscription, delivery...) drawn the same way everywhere: a light badge that
 * is as wide as its words, never cut short with an ellipsis. With `label`, a screen reader reads
 * the label ("Status: Active") instead of the bare word.
 */
export function StatusBadge({ color, size, label, children }: { color: StatusColor; size?: 'sm' | 'md' | 'lg'; label?: string; children: ReactNode }) {
  const named = label === undefined ? {} : { role: 'img', 'aria-label': label };
  return (
    <Badge variant="light" color={color} size={size} {...named} styles={{ root: { maxWidth: 'none', flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible', textOverflow: 'clip' } }}>
      {children}
    </Badge>
  );
}
