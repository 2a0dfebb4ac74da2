import type { ComponentType } from 'react';
import type { Permission } from '../../../shared/roles';
import type { MessageKey } from '../i18n';

/** One entry of the navigation, declared by its feature in screens/<feature>/index.ts. */
export interface ScreenDef {
  id: string;
  label: MessageKey;
  /** Section heading in the navigation. */
  group: 'customers' | 'events' | 'records' | 'reports' | 'administration' | 'help';
  /** Shown only to roles with this permission; null means every signed-in user. */
  permission: Permission | null;
  component: ComponentType;
}
