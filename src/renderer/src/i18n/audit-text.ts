import { useCallback } from 'react';
import type { AuditRow } from '../../../shared/contract/audit';
import { EXPORT_KINDS, type ExportKind } from '../../../shared/contract/exports';
import { useT } from './t';

/** Audit actions worded as a sentence. Any other action is shown by its code with its subject. */
export const AUDIT_ACTIONS = [
  'audit.verify',
  'auth.sign_in',
  'auth.sign_in_failed',
  'auth.sign_out',
  'auth.staff_password_verified',
  'billing.create',
  'billing.update',
  'billing.remove',
  'customers.resubscribe',
  'subscribe',
  'unsubscribe',
  'deny',
  'dsr.erase',
  'dsr.erase_started',
  'entries.capture',
  'events.create',
  'events.update',
  'events.set_survey',
  'export.dsr_access',
  'export.report_summary',
  'lead.convert',
  'lead.create',
  'lead.update',
  'lead.remove',
  'note.add',
  'note.update',
  'note.remove',
  'optouts.import',
  'optouts.import_start',
  'products.create',
  'products.update',
  'read.access_log',
  'read.account',
  'read.account_search',
  'read.billing',
  'read.dsr_summary',
  'read.entries',
  'read.entry',
  'read.entry_counts',
  'read.import_preview',
  'read.leads',
  'read.notes',
  'read.outbox',
  'settings.update',
  'staff.change_own_password',
  'staff.create',
  'staff.create_first_admin',
  'staff.reset_password',
  'staff.set_role',
  'staff.disable',
  'staff.enable',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AUDIT_SUBJECTS = ['account', 'entry', 'event', 'lead', 'mail_outbox', 'optout_file', 'optout_import', 'product', 'staff'] as const;
type AuditSubject = (typeof AUDIT_SUBJECTS)[number];

const isAction = (a: string): a is AuditAction => (AUDIT_ACTIONS as readonly string[]).includes(a);
const isSubject = (s: string): s is AuditSubject => (AUDIT_SUBJECTS as readonly string[]).includes(s);
const isExportKind = (k: string): k is ExportKind => (EXPORT_KINDS as readonly string[]).includes(k);

/** "Matti Heikkinen" -> "Matti H.": enough to tell colleagues apart in a sentence. */
export function shortName(name: string): string {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name.trim();
  return `${parts[0]} ${parts[parts.length - 1]!.charAt(0).toUpperCase()}.`;
}

type Row = Pick<AuditRow, 'actorName' | 'action' | 'subjectType' | 'subjectId'>;

/** Says in words what an audit (or access log) row records: "Matti H. opened account 10423". */
export function useAuditText(): { sentence(row: Row): string; subject(row: Row): string } {
  const t = useT();
  const subject = useCallback(
    (r: Row) => {
      if (!r.subjectType) return '—';
      const id = r.subjectId ?? '';
      if (isSubject(r.subjectType)) return r.subjectId ? t(`audit.subject.${r.subjectType}`, { id }) : t(`audit.subjects.${r.subjectType}`);
      return `${r.subjectType} ${id}`.trim();
    },
    [t],
  );
  const sentence = useCallback(
    (r: Row) => {
      const actor = shortName(r.actorName);
      const id = r.subjectId ?? '';
      if (isAction(r.action)) return t(`audit.action.${r.action}`, { actor, id, subject: subject(r) });
      if (r.action.startsWith('export.')) {
        const kind = r.action.slice('export.'.length);
        return t('audit.exported', { actor, what: isExportKind(kind) ? t(`exports.kind.${kind}`) : kind });
      }
      return t('audit.unknown', { actor, action: r.action, subject: subject(r) });
    },
    [t, subject],
  );
  return { sentence, subject };
}
