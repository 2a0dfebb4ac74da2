import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/roles';

/** One entry of the navigation, declared by its feature in screens/<feature>/index.ts. */
export interface ScreenDef {
  id: string;
  label: string;
  /** Section heading in the navigation. */
  group: 'Customers' | 'Events' | 'Records' | 'Reports' | 'Administration' | 'Help';
  /** Shown only to roles with this permission; null means every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}
