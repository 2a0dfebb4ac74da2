import type { z } from 'zod';
import type { createLeadInput, leadPermissionInput } from '../../shared/contract/leads';
import { appError, fieldIssue } from '../../shared/errors';
import type { Ctx, FeatureHandlers } from '../context';
import { can } from '../../shared/roles';
import { PERMISSION_METHOD_LABELS, type Lead } from '../../shared/contract/leads';
import { registerCustomer } from '../customers/register';
import { deleteLead, findLead, insertLead, listLeads, markConverted, updateLeadContact, type PermissionRecord } from './repo';
import { findScript, LEAD_SCRIPTS } from './scripts';
import { shareLeadConverted, shareLeadCreated, shareLeadEdited, shareLeadRemoved } from '../replica/leads';

/** Clock skew allowed between the caller's "when" and the core's clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * Turns the permission block of the form into the evidence that is stored. Who obtained it is
 * taken from the session when it was the signed-in staff member; the script hash comes from the
 * script registry, never from the caller.
 */
export function permissionEvidence(ctx: Ctx, p: z.output<typeof leadPermissionInput>): PermissionRecord {
  const script = findScript(p.scriptVersion);
  if (!script) {
    throw appError('leads.script_unknown', { version: p.scriptVersion }, [fieldIssue('permission.scriptVersion', 'lead_script_unknown')]);
  }
  const at = new Date(p.obtainedAt);
  if (at.getTime() > ctx.clock.now().getTime() + FUTURE_TOLERANCE_MS) {
    throw appError('leads.permission_in_future', {}, [fieldIssue('permission.obtainedAt', 'lead_permission_future')]);
  }
  return {
    obtainedByStaffId: p.obtainedBySelf ? ctx.actor.staffId : null,
    obtainedByName: p.obtainedBySelf ? ctx.actor.displayName : p.obtainedByName!,
    obtainedAt: at.toISOString(),
    method: p.method,
    scriptVersion: script.version,
    scriptSha256: script.sha256,
    scriptLanguage: script.language,
    confirmation: p.confirmation,
  };
}

function mustFindLead(ctx: Ctx, id: number) {
  const lead = findLead(ctx.stores.customers, id);
  if (!lead) throw appError('leads.not_found');
  return lead;
}

const contactOf = (input: Pick<z.output<typeof createLeadInput>, 'name' | 'phone' | 'email' | 'company' | 'notes'>) => ({
  name: input.name,
  phone: input.phone,
  email: input.email,
  company: input.company,
  notes: input.notes,
});

/**
 * The lead's permission, written into the consent events of the registration it becomes: who
 * obtained it, when, how, under which script (version and sha256 of its text), and the prospect's
 * own confirmation. This is the "permission carries over as consent evidence" of policy 2b.
 */
export function consentNoteOf(lead: Lead): string {
  const p = lead.permission;
  return [
    `Telemarketing lead ${lead.id}: express permission given ${p.obtainedAt} (${PERMISSION_METHOD_LABELS[p.method]}),`,
    `obtained by ${p.obtainedByName}${p.obtainedByStaffId !== null ? ` (staff ${p.obtainedByStaffId})` : ''},`,
    `script ${p.scriptVersion} (language ${p.scriptLanguage}) sha256 ${p.scriptSha256}; prospect's confirmation: ${p.confirmation}`,
  ].join(' ');
}

export const leadsHandlers = {
  'leads.scripts': () => [...LEAD_SCRIPTS],

  'leads.list': (ctx, input) =>
    ctx.tx(() => {
      const page = listLeads(ctx.stores.customers, input);
      if (page.leads.length > 0) {
        ctx.audit({ action: 'read.leads', subjectType: 'lead', details: { leadIds: page.leads.map((l) => l.id), status: input.status, searched: input.query !== '' } });
      }
      return page;
    }),

  'leads.create': (ctx, input) => {
    const evidence = permissionEvidence(ctx, input.permission);
    const id = ctx.tx(() => {
      const leadId = insertLead(ctx.stores.customers, contactOf(input), evidence, ctx.actor.staffId, ctx.now());
      shareLeadCreated(ctx.stores.customers, leadId, ctx.now());
      ctx.audit({
        action: 'lead.create',
        subjectType: 'lead',
        subjectId: leadId,
        details: { method: evidence.method, scriptVersion: evidence.scriptVersion, scriptLanguage: evidence.scriptLanguage, obtainedBy: evidence.obtainedByStaffId ?? 'named' },
      });
      return leadId;
    });
    return mustFindLead(ctx, id);
  },

  'leads.update': (ctx, input) => {
    ctx.tx(() => {
      const before = mustFindLead(ctx, input.id);
      if (before.status === 'converted') throw appError('leads.converted_no_edit');
      updateLeadContact(ctx.stores.customers, input.id, contactOf(input), ctx.now());
      const changed = (['name', 'phone', 'email', 'company', 'notes'] as const).filter((k) => before[k] !== input[k]);
      shareLeadEdited(ctx.stores.customers, input.id, changed, ctx.now());
      ctx.audit({ action: 'lead.update', subjectType: 'lead', subjectId: input.id, details: { changed } });
    });
    return mustFindLead(ctx, input.id);
  },

  'leads.remove': (ctx, input) => {
    ctx.tx(() => {
      mustFindLead(ctx, input.id);
      shareLeadRemoved(ctx.stores.customers, input.id, ctx.now());
      deleteLead(ctx.stores.customers, input.id);
      ctx.audit({ action: 'lead.remove', subjectType: 'lead', subjectId: input.id, details: { reason: input.reason } });
    });
    return null;
  },

  'leads.convert': async (ctx, input) => {
    if (!can(ctx.actor.role, 'customers.register')) throw appError('leads.convert_forbidden');
    const lead = mustFindLead(ctx, input.id);
    if (lead.status === 'converted') throw appError('leads.already_converted', { accountId: lead.convertedAccountId });
    if (lead.email === null) {
      throw appError('leads.email_required', {}, [fieldIssue('email', 'lead_email_required')]);
    }
    const result = await registerCustomer(
      ctx,
      {
        name: lead.name,
        email: lead.email,
        productId: input.productId,
        birthDate: input.birthDate,
        marketingOptIn: input.marketingOptIn,
        registrationNoticeVersion: input.registrationNoticeVersion,
        marketingNoticeVersion: input.marketingNoticeVersion,
        language: input.language,
      },
      { method: 'telemarketing', note: consentNoteOf(lead), auditDetails: { leadId: lead.id }, defaultLanguage: lead.permission.scriptLanguage },
    );
    if (result.outcome === 'refused') {
      // Policy 6: nothing about a person under 13 is kept; the age screen keeps only its count.
      ctx.tx(() => {
        shareLeadRemoved(ctx.stores.customers, lead.id, ctx.now());
        if (deleteLead(ctx.stores.customers, lead.id)) ctx.audit({ action: 'lead.remove', subjectType: 'lead', subjectId: lead.id, details: { reason: 'age_screen' } });
      });
      return { outcome: 'refused', message: result.message };
    }
    const accountId = result.account.id;
    ctx.tx(() => {
      markConverted(ctx.stores.customers, lead.id, accountId, ctx.now());
      shareLeadConverted(ctx.stores.customers, lead.id, ctx.now());
      ctx.audit({ action: 'lead.convert', subjectType: 'lead', subjectId: lead.id, details: { accountId } });
    });
    return { outcome: 'converted', lead: mustFindLead(ctx, lead.id), accountId };
  },
} satisfies FeatureHandlers<'leads'>;
