import { z } from 'zod';
import { channel, feature } from './define';
import { empty, id, newPassword, requiredText, username } from '../fields';
import { ROLES, type Role } from '../roles';
import { LANGUAGES } from '../i18n';
import type { SessionInfo } from './auth';

export interface StaffMember {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const role = z.enum(ROLES, { error: 'Choose a role.' });

export const createStaffInput = z
  .object({ username, displayName: requiredText('Display name', 100), role, password: newPassword })
  .strict();

export const staffFeature = feature('staff', {
  channels: {
    'staff.list': channel<StaffMember[]>()('staff.manage', empty),
    'staff.create': channel<StaffMember>()('staff.manage', createStaffInput),
    'staff.setRole': channel<StaffMember>()('staff.manage', z.object({ id, role }).strict()),
    'staff.setDisabled': channel<StaffMember>()('staff.manage', z.object({ id, disabled: z.boolean() }).strict()),
    'staff.resetPassword': channel<null>()('staff.manage', z.object({ id, password: newPassword }).strict()),
    /** The signed-in staff member's own language; any role. */
    'staff.setMyLanguage': channel<SessionInfo>()('signed_in', z.object({ language: z.enum(LANGUAGES) }).strict()),
  },
});
