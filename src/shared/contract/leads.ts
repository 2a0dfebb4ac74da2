import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature } from './define';
import { birthDate, productId } from './customers';
import { empty, id, longText, requiredText, text, checked } from '../fields';
import { dateTime, optionalEmail, optionalText, phone } from '../restricted-fields';
import { LANGUAGES, type Language } from '../i18n';

/**
 * Telemarketing leads (policy 2b): a prospect's details are not stored unless express permission
 * was given, and the permission is recorded as evidence with the lead.
 */

export const PERMISSION_METHODS = ['call', 'callback_request', 'web_form', 'email_reply', 'in_person'] as const;
export type PermissionMethod = (typeof PERMISSION_METHODS)[number];

export const PERMISSION_METHOD_LABELS: Record<PermissionMethod, string> = {
  call: 'During a phone call',
  callback_request: 'Callback request from the prospect',
  web_form: 'Web form',
  email_reply: 'Email reply',
  in_person: 'In person',
};

/**
 * A telemarketing script or notice that was read or shown to the prospect, in one language. Each
 * language of a script is a version of its own, with its own hash.
 */
export interface LeadScript {
  version: string;
  /** The script this is a language version of: the same for all its languages. */
  script: string;
  language: Language;
  title: string;
  text: string;
  /** sha256 of the text, recorded with each permission as proof of what was said. */
  sha256: string;
}

/** The express-permission block. Every part is required; without it nothing is stored. */
export const leadPermissionInput = z
  .object({
    /** True: the signed-in staff member obtained it (recorded by the core, not taken from the form). */
    obtainedBySelf: z.boolean({ error: 'Say who obtained the permission.' }),
    /** Who obtained it when it was not the signed-in staff member (a colleague, an agency caller). */
    obtainedByName: text('Who obtained the permission', 100).optional(),
    obtainedAt: dateTime('When permission was given'),
    method: z.enum(PERMISSION_METHODS, { error: 'Choose how permission was given.' }),
    scriptVersion: requiredText('Script or notice version', 40),
    /** The prospect confirmed they agree to be contacted. Must be ticked. */
    prospectConfirmed: z.literal(true, { error: "The prospect's confirmation is required: tick it only if they agreed." }),
    /** The prospect's own words, or a reference to the recording or message that holds them. */
    confirmation: requiredText("Prospect's confirmation (their words or a recording reference)", 500),
  })
  .strict()
  .superRefine((v, issue) => {
    if (!v.obtainedBySelf && !v.obtainedByName) {
      issue.addIssue({ code: 'custom', ...rule('lead_obtained_by_required', { path: ['obtainedByName'] }) });
    }
  });

const leadContactFields = {
  name: requiredText('Name', 200),
  phone: phone('Phone'),
  email: optionalEmail,
  company: optionalText(text('Company', 200)),
  notes: optionalText(longText('Notes', 2000)),
};

export const createLeadInput = z.object({ ...leadContactFields, permission: leadPermissionInput }).strict();

/** Contact details can be corrected; the permission evidence cannot be rewritten. */
export const updateLeadInput = z.object({ id, ...leadContactFields }).strict();

export const LEAD_REMOVAL_REASONS = ['permission_withdrawn', 'not_interested', 'duplicate', 'entered_in_error'] as const;
export type LeadRemovalReason = (typeof LEAD_REMOVAL_REASONS)[number];
export const LEAD_REMOVAL_LABELS: Record<LeadRemovalReason, string> = {
  permission_withdrawn: 'The prospect withdrew permission',
  not_interested: 'Not interested',
  duplicate: 'Duplicate',
  entered_in_error: 'Entered in error',
};

export const LEAD_STATUSES = ['open', 'converted'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const listLeadsInput = z
  .object({
    status: z.enum([...LEAD_STATUSES, 'all']).default('open'),
    /** Matches name, company, email or phone (case-insensitive substring). */
    query: z.string().trim().max(100).superRefine(checked('Search', false)).default(''),
    beforeId: id.optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export interface LeadPermission {
  obtainedByStaffId: number | null;
  obtainedByName: string;
  obtainedAt: string;
  method: PermissionMethod;
  scriptVersion: string;
  scriptSha256: string;
  /** The language of the script version that was read (taken from the script registry). */
  scriptLanguage: Language;
  confirmation: string;
  recordedAt: string;
  recordedByName: string;
}

export interface Lead {
  id: number;
  name: string;
  phone: string;
  email: string | null;
  company: string | null;
  notes: string | null;
  status: LeadStatus;
  convertedAccountId: number | null;
  convertedAt: string | null;
  createdAt: string;
  updatedAt: string;
  permission: LeadPermission;
}

/**
 * Conversion of a lead into a registration (policy 2a, 2b, 6). The same fields as the registration
 * form, minus what the lead already holds (name, email): the product, the neutral birth-date
 * question, the marketing opt-in (unticked unless the prospect asked for it), and the notice
 * versions the caller read out. The lead's permission evidence goes with the consent events.
 */
export const convertLeadInput = z
  .object({
    id,
    productId,
    birthDate,
    marketingOptIn: z.boolean(),
    registrationNoticeVersion: z.string().min(1).max(20).superRefine(checked('Notice version', false)),
    marketingNoticeVersion: z.string().min(1).max(20).superRefine(checked('Notice version', false)),
    /** The customer's language for the registration email. Omitted: the language the script was read in. */
    language: z.enum(LANGUAGES).optional(),
  })
  .strict();

export type LeadConversion =
  | { outcome: 'converted'; lead: Lead; accountId: number }
  /** The neutral age screen refused: the lead was removed, nothing about the prospect is kept. */
  | { outcome: 'refused'; message: string };

export const leadsFeature = feature('leads', {
  channels: {
    'leads.scripts': channel<LeadScript[]>()('leads.read', empty),
    'leads.list': channel<{ leads: Lead[]; nextBeforeId: number | null }>()('leads.read', listLeadsInput),
    'leads.create': channel<Lead>()('leads.manage', createLeadInput),
    'leads.update': channel<Lead>()('leads.manage', updateLeadInput),
    'leads.convert': channel<LeadConversion>()('leads.manage', convertLeadInput),
    'leads.remove': channel<null>()('leads.manage', z.object({ id, reason: z.enum(LEAD_REMOVAL_REASONS, { error: 'Choose a reason.' }) }).strict()),
  },
});
