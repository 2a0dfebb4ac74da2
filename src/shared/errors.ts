/**
 * Errors that cross IPC, as data the renderer can word in the staff member's language.
 *
 * An error has a `code` (the category renderers switch on: locked, forbidden, conflict…), a `key`
 * naming the exact situation, typed `params` for the wording, and an English `message` kept for
 * logs and as the fallback. Field-level problems carry the same triple per field path.
 *
 * Every key and its parameters are declared once below; `appError(key, params)` is the only way
 * the core builds a keyed error, so a key used in the core always exists here with matching params.
 */

/** Error categories. Renderers switch on these; `key` says which situation of the category it is. */
export const ERROR_CODES = [
  'unauthenticated',
  'locked',
  'forbidden',
  'invalid_input',
  'unknown_channel',
  'not_found',
  'conflict',
  'rate_limited',
  'store_unavailable',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

type NoParams = Record<string, never>;
type Entry<C extends ErrorCode, P> = { code: C; en: (p: P) => string };
const e = <P = NoParams>() => <C extends ErrorCode>(code: C, en: (p: P) => string): Entry<C, P> => ({ code, en });

/**
 * The catalogue of keyed errors: key -> category and English fallback. The English text is what
 * the core logs and what a renderer shows when it has no wording for the key.
 */
export const ERRORS = {
  // One generic key per category, for errors built without a specific key.
  unauthenticated: e()('unauthenticated', () => 'Please sign in.'),
  locked: e()('locked', () => 'The session is locked. Enter your password to continue.'),
  forbidden: e()('forbidden', () => 'Your role does not allow this.'),
  invalid_input: e()('invalid_input', () => 'The input is not valid.'),
  unknown_channel: e<{ channel: string }>()('unknown_channel', (p) => `There is no channel named ${JSON.stringify(p.channel).slice(0, 80)}.`),
  not_found: e()('not_found', () => 'Not found.'),
  conflict: e()('conflict', () => 'This cannot be done in the current state. Nothing was changed.'),
  rate_limited: e()('rate_limited', () => 'Too many attempts. Wait a moment and try again.'),
  store_unavailable: e()('store_unavailable', () => 'The data stores are not open. Restart the app and follow the instructions on the start screen.'),
  cancelled: e()('cancelled', () => 'Cancelled.'),
  internal: e()('internal', () => 'Something went wrong and nothing was saved. Try again; if it keeps happening, contact support.'),

  'input.card_number': e()('invalid_input', () => 'This looks like a full card number. Card numbers are never stored: keep only the card brand and last four digits.'),
  'app.links_unavailable': e()('internal', () => 'Links cannot be opened in this build.'),
  'files.save_unavailable': e()('internal', () => 'Saving files is not available in this build of the app.'),
  'files.no_path': e()('invalid_input', () => 'The save dialog returned no usable file path. Try again.'),
  'files.folder_unwritable': e()('invalid_input', () => 'That folder does not exist or cannot be written to. Choose another folder.'),
  'files.in_data_folder': e()('invalid_input', () => "Files cannot be saved in the app's data folder. Choose another folder."),
  'files.is_folder': e()('invalid_input', () => 'That name belongs to a folder. Choose a file name.'),

  'auth.sign_in_failed': e()('unauthenticated', () => 'The username or password is not correct.'),
  'auth.first_admin_exists': e()('conflict', () => 'The first admin already exists. Sign in instead.'),
  'auth.wrong_password': e()('unauthenticated', () => 'That password is not correct.'),
  'auth.current_password_wrong': e()('invalid_input', () => 'The current password is not correct.'),

  'jobs.unavailable': e()('internal', () => 'Background work is not available in this build.'),
  'jobs.not_found': e()('not_found', () => 'No such task. It may have finished more than ten minutes ago.'),
  'jobs.read_failed': e()('internal', () => 'The data could not be read. Try again; if it keeps failing, restart the app.'),
  'store.not_durable': e()('internal', () => 'The disk did not confirm that the change was saved. Check that the disk is not full or failing, restart the app, and check whether the change is there before you make it again.'),

  'staff.not_found': e()('not_found', () => 'No staff member with that id.'),
  'staff.last_admin_demote': e()('conflict', () => 'This is the only active admin. Make another staff member admin first.'),
  'staff.last_admin_disable': e()('conflict', () => 'This is the only active admin and cannot be disabled. Make another staff member admin first.'),
  'staff.username_taken': e<{ username: string }>()('conflict', (p) => `The username "${p.username}" is taken. Choose another.`),

  'products.not_found': e()('not_found', () => 'No product with that id.'),
  'products.name_taken': e<{ name: string }>()('conflict', (p) => `There is already a product named "${p.name}".`),

  'accounts.not_found': e<{ accountId: number | null }>()('not_found', (p) => (p.accountId === null ? 'No customer account with that id.' : `There is no account ${p.accountId}.`)),
  'accounts.erased': e()('conflict', () => "This customer's data was erased on request. Nothing can be added to the account."),
  'accounts.closed': e<{ accountId: number }>()(
    'conflict',
    (p) => `Account ${p.accountId} is cancelled. Nothing can be changed on a cancelled account; it comes back only through a new registration.`,
  ),
  'accounts.cancelled_no_resubscribe': e<{ accountId: number }>()(
    'conflict',
    (p) => `Account ${p.accountId} is cancelled. A cancelled account comes back only through a new registration.`,
  ),
  'accounts.already_subscribed': e()('conflict', () => 'The customer is already on this list. Nothing was changed.'),
  'register.email_taken': e<{ accountId: number }>()(
    'conflict',
    (p) => `This email is already registered to account ${p.accountId}. Open that account instead: one email never gets a second account.`,
  ),
  'register.email_cancelled': e<{ accountId: number }>()(
    'conflict',
    (p) =>
      `This email belongs to account ${p.accountId}, which was cancelled. A cancelled account comes back only through a new registration: choose "Reopen account ${p.accountId}" and register again.`,
  ),
  'register.product_required': e()('invalid_input', () => 'Choose a product from the list.'),
  'register.reopen_mismatch': e<{ accountId: number }>()('invalid_input', (p) => `Account ${p.accountId} is not a cancelled account with this email.`),
  'register.notice_changed': e()('conflict', () => 'The consent notice text has changed since this form was opened. Reload the form, show the new text, and try again.'),
  'birth_date.future': e()('invalid_input', () => 'The date of birth cannot be in the future.'),
  'birth_date.implausible': e()('invalid_input', () => 'Check the date of birth.'),
  'request_date.future': e()('invalid_input', () => 'The request date cannot be in the future.'),
  'request_date.too_old': e()('invalid_input', () => 'Check the request date.'),

  'optouts.confirm_cancellation': e<{ accountId: number }>()(
    'invalid_input',
    (p) => `Unsubscribing from technical advisories cancels account ${p.accountId} and unsubscribes it from all three lists. Confirm the cancellation to continue.`,
  ),
  'optouts.suppression_key_mismatch': e()(
    'store_unavailable',
    () => 'The suppression list key in the system keychain does not match this data. Opt-outs cannot be checked, so nothing was changed. Restore the keychain entry "suppression-hmac-key" from backup.',
  ),
  'optouts.suppression_key_missing': e()(
    'store_unavailable',
    () => 'The suppression list key is missing from the system keychain. Opt-outs cannot be checked, so nothing was changed. Restore the keychain entry "suppression-hmac-key" from backup.',
  ),
  'optouts.suppression_key_not_kept': e()('store_unavailable', () => 'The system keychain did not keep the suppression list key. Check the keychain and try again.'),
  'import.file': e<{ reason: ImportFileReason; detail?: string; max?: number }>()('invalid_input', (p) => importFileMessage(p.reason, p)),

  'notes.not_found': e()('not_found', () => 'No service note with that id. It may have been removed.'),
  'billing.erased': e()('not_found', () => "This customer's data was erased on request; there are no billing details."),
  'billing.none': e()('not_found', () => 'This customer has no billing details to remove.'),

  'leads.not_found': e()('not_found', () => 'No lead with that id. It may have been removed.'),
  'leads.script_unknown': e<{ version: string }>()('invalid_input', (p) => `There is no script or notice with version "${p.version}". Choose one from the list.`),
  'leads.permission_in_future': e()('invalid_input', () => 'The time permission was given is in the future. Enter when the prospect actually agreed.'),
  'leads.converted_no_edit': e()('conflict', () => 'This lead has been converted into a registration. Correct the details on the customer account instead.'),
  'leads.convert_forbidden': e()('forbidden', () => 'Your role does not allow registering customers.'),
  'leads.already_converted': e<{ accountId: number | null }>()('conflict', (p) => `This lead was already converted into account ${p.accountId ?? '?'}.`),
  'leads.email_required': e()('invalid_input', () => 'A registration needs an email address (policy 2a). Add the email the prospect gave, then convert.'),

  'dsr.nothing_stored': e()('not_found', () => 'Nothing is stored about this email (or phone number). There is nothing to erase.'),

  'exports.event_gone': e()('not_found', () => 'That event no longer exists. Choose another event.'),
  'exports.product_gone': e()('not_found', () => 'That product no longer exists. Choose another product.'),
  'exports.kind_unavailable': e<{ kind: string; label: string }>()('conflict', (p) => `"${p.label}" cannot be exported yet: this version of the app does not hold that data.`),

  'sync.booth_events': e()('forbidden', () => 'This device is enrolled as a booth, so events are set up on an office device and reach it through the hub.'),
  'sync.booth_staff': e()('forbidden', () => 'This device is enrolled as a booth, so staff accounts and passwords are changed on an office device and reach it through the hub.'),

  'booth.event_not_found': e()('not_found', () => 'That event does not exist. Pick another event.'),
  'booth.entry_not_found': e()('not_found', () => 'That entry does not exist.'),
  'booth.question_not_in_survey': e<{ questionId: number }>()(
    'conflict',
    (p) => `Question #${p.questionId} is not part of this event's current survey. Reload the event and try again.`,
  ),
  'booth.event_not_today': e()('conflict', () => 'This event is not running today, so the kiosk cannot take entries for it. Ask the booth staff to pick today’s event.'),
  'booth.birth_date': e()('invalid_input', () => 'Enter your date of birth as day, month and year.'),
  'booth.texts_changed': e()('conflict', () => 'The event’s texts have changed since this kiosk started. Nothing was saved. Ask the booth staff to restart the kiosk.'),
  'booth.survey_changed': e()('conflict', () => 'The survey has changed since this kiosk started. Nothing was saved. Ask the booth staff to restart the kiosk.'),
  'kiosk.not_running': e()('conflict', () => 'The booth kiosk is not running in this window.'),
  'audit.central_office_only': e()('forbidden', () => 'The audit of every device is shown on office devices only; open it on an office laptop.'),
  'sync.not_enrolled': e()('conflict', () => 'This device is not enrolled with a hub yet. An admin can enroll it on the Sync screen.'),
  'sync.revoked': e()('conflict', () => 'This device was revoked by the hub. Enroll it again.'),
  // What the hub answered, in words a person can act on; the hub's own code and text go to the log only.
  'sync.hub_unreachable': e()('conflict', () => 'The hub cannot be reached. Check the network connection; this device keeps trying.'),
  'sync.hub_unavailable': e()('conflict', () => 'The hub has a temporary problem. This device keeps trying.'),
  'sync.hub_slow_down': e()('rate_limited', () => 'The hub asked this device to slow down. It tries again shortly.'),
  'sync.client_too_old': e()('conflict', () => 'The hub needs a newer version of this app. Install the update, then sync again.'),
  'sync.profile_forbidden': e()('forbidden', () => 'The hub does not allow this kind of device to do that.'),
  'sync.revoked_kept': e()('conflict', () => 'The hub no longer accepts this device. Everything not yet sent is kept on this device. An admin must enroll it again.'),
  'sync.device_not_accepted': e()('conflict', () => 'The hub no longer accepts this device. An admin must enroll it again.'),
  'sync.token_expired': e()('conflict', () => 'The device’s sign-in to the hub expired; it renews it by itself.'),
  'sync.hub_mismatch': e()('conflict', () => 'The hub and this app do not understand each other. Check that the hub address is right and both are up to date.'),
  'sync.enrollment_code_invalid': e()('invalid_input', () => 'The hub did not accept that code: it may be mistyped, already used or expired. Ask an admin for a new code.'),
  'sync.enroll_rate_limited': e<{ seconds: number }>()('rate_limited', (p) => `Too many enrollment attempts. Wait ${p.seconds} seconds and try again.`),
  'kiosk.running': e()('forbidden', () => 'The booth kiosk is running in this window. A staff password ends it.'),
  'booth.answers_invalid': e()('invalid_input', () => 'Check the answers marked below.'),
} as const;

export type ErrorKey = keyof typeof ERRORS;
export type ErrorParams<K extends ErrorKey> = Parameters<(typeof ERRORS)[K]['en']>[0];
export type ErrorCodeOf<K extends ErrorKey> = (typeof ERRORS)[K]['code'];

export const IMPORT_FILE_REASONS = ['not_utf8', 'utf16', 'not_text', 'empty', 'bad_header', 'no_rows', 'too_many_rows', 'csv'] as const;
export type ImportFileReason = (typeof IMPORT_FILE_REASONS)[number];

export function importFileMessage(reason: ImportFileReason, p: { detail?: string; max?: number }): string {
  switch (reason) {
    case 'not_utf8':
      return 'The file is not valid UTF-8 text. Save it from your spreadsheet as "CSV UTF-8" and choose it again. Nothing was imported.';
    case 'utf16':
      return 'The file is saved as UTF-16 (Unicode text). Save it as "CSV UTF-8 (comma delimited)" and choose it again. Nothing was imported.';
    case 'not_text':
      return 'The file is not a text file. Choose the CSV file with the columns email, list, reason and date.';
    case 'empty':
      return 'The file is empty. It needs the header "email,list,reason,date" and one row per opt-out.';
    case 'bad_header':
      return 'The first line must be the header "email,list,reason,date". Nothing was imported.';
    case 'no_rows':
      return 'The file has a header but no rows.';
    case 'too_many_rows':
      return `The file has more than ${(p.max ?? 0).toLocaleString('en')} rows. Split it into smaller files.`;
    case 'csv':
      return `${p.detail ?? 'The file cannot be read as CSV.'} Nothing was imported.`;
  }
}

/* ------------------------------------------------------------------------------------------------
 * Field-level problems: one key per rule, with the parameters the wording needs. The English text
 * of a field problem is the schema's own message (it names the field); the renderer words the key
 * with its own label for the field at `path`.
 */
type F<P = NoParams> = (p: P) => string;
const f = <P = NoParams>(en: F<P>) => en;

export const FIELD_ERRORS = {
  // Generic zod rules, mapped in zodIssueToField.
  required: f(() => 'This field is required.'),
  invalid_type: f<{ expected: string }>(() => 'This value has the wrong type.'),
  too_long: f<{ max: number }>((p) => `At most ${p.max} characters.`),
  too_short: f<{ min: number }>((p) => `At least ${p.min} characters.`),
  too_small: f<{ min: number }>((p) => `At least ${p.min}.`),
  too_large: f<{ max: number }>((p) => `At most ${p.max}.`),
  too_few: f<{ min: number }>((p) => `Choose at least ${p.min}.`),
  too_many: f<{ max: number }>((p) => `At most ${p.max}.`),
  not_integer: f(() => 'Enter a whole number.'),
  invalid_choice: f<{ options: string[] }>(() => 'Choose one of the options.'),
  /** A box that must be ticked (a literal `true`), such as accepting contest rules. */
  must_accept: f(() => 'Tick this box to continue.'),
  invalid_format: f(() => 'This value is not in the expected format.'),
  unknown_keys: f<{ keys: string[] }>((p) => `Unexpected fields: ${p.keys.join(', ')}.`),
  invalid: f(() => 'This value is not valid.'),

  // Shared field rules (src/shared/fields.ts, email.ts, restricted-fields.ts).
  control_chars: f(() => 'This field cannot contain control characters.'),
  line_breaks: f(() => 'This field cannot contain line breaks or control characters.'),
  broken_character: f(() => 'This field contains a broken character (half of an emoji or symbol). Type or paste it again.'),
  username_chars: f(() => 'Username may contain only letters, digits, dot, dash and underscore.'),
  date_format: f(() => 'Enter a date (YYYY-MM-DD).'),
  date_unreal: f(() => 'This is not a real date.'),
  datetime_format: f(() => 'Enter a date and time.'),
  datetime_unreal: f(() => 'This is not a real date and time.'),
  phone_chars: f(() => 'A phone number may contain only digits, spaces, brackets, dots, dashes and a leading +.'),
  phone_digits: f<{ min: number; max: number }>((p) => `A phone number has ${p.min} to ${p.max} digits.`),
  email_required: f(() => 'Enter an email address.'),
  email_too_long: f<{ max: number }>((p) => `An email address can be at most ${p.max} characters.`),
  email_spaces: f(() => 'An email address cannot contain spaces or line breaks.'),
  email_no_at: f(() => 'An email address needs an @, as in name@example.com.'),
  email_many_at: f(() => 'An email address has exactly one @.'),
  email_local_empty: f(() => 'Enter the part before the @.'),
  email_local_too_long: f<{ max: number }>((p) => `The part before the @ can be at most ${p.max} characters.`),
  email_local_chars: f(() => 'The part before the @ contains characters an email address cannot have.'),
  email_domain_empty: f(() => 'Enter the domain after the @, as in example.com.'),
  email_domain_chars: f(() => 'The domain after the @ may contain only letters, digits, hyphens and dots, as in example.com.'),
  card_number: f(() => 'This looks like a full card number. Card numbers are never stored: keep only the card brand and last four digits.'),
  card_last4: f(() => 'Enter only the last four digits of the card, never the full number.'),

  // Rules of particular forms.
  time_zone_unknown: f(() => 'Enter a time zone name such as Europe/Helsinki.'),
  smtp_host: f(() => 'The SMTP server must be a host name such as smtp.example.com, or an IP address.'),
  smtp_port: f(() => 'Enter a port number from 1 to 65535, usually 587 or 465.'),
  smtp_sender_name_long: f<{ max: number }>((p) => `The sender name must be at most ${p.max} characters.`),
  smtp_sender_name_chars: f(() => 'The sender name cannot contain quotes or backslashes.'),
  passwords_differ: f(() => 'Passwords do not match.'),
  current_password_wrong: f(() => 'The current password is not correct.'),
  username_taken: f(() => 'This username is taken.'),
  product_name_taken: f(() => 'A product with this name exists.'),
  product_required: f(() => 'Choose a product from the list.'),
  email_registered: f<{ accountId: number }>((p) => `Already registered to account ${p.accountId}.`),
  email_registered_cancelled: f<{ accountId: number }>((p) => `Registered to cancelled account ${p.accountId}.`),
  reopen_mismatch: f(() => 'This account cannot be reopened with this email.'),
  birth_date_future: f(() => 'The date of birth cannot be in the future.'),
  birth_date_implausible: f(() => 'Check the year of the date of birth.'),
  birth_date_parts: f(() => 'Enter your date of birth as day, month and year, for example 24 5 1990.'),
  request_date_future: f(() => 'The request date cannot be in the future.'),
  request_date_too_old: f(() => 'Check the year of the request date.'),
  date_range_order: f(() => 'The end date must be on or after the start date.'),
  date_range_too_long: f<{ maxDays: number }>(() => 'Choose a period of at most three years.'),
  event_dates_order: f(() => 'The end date cannot be before the start date.'),
  options_too_few: f(() => 'A choice question needs at least two options.'),
  options_not_allowed: f(() => 'Only choice questions have options.'),
  options_duplicate: f(() => 'Each option must be different.'),
  confirm_email_differs: f(() => 'Type the same email again to confirm.'),
  optout_note_required: f(() => 'Describe the reason when choosing "Other".'),
  optout_confirm_cancellation: f<{ accountId: number }>(
    (p) => `Unsubscribing from technical advisories cancels account ${p.accountId} and unsubscribes it from all three lists. Confirm the cancellation to continue.`,
  ),
  lists_unique: f(() => 'Each list can be chosen once.'),
  lead_obtained_by_required: f(() => 'Enter who obtained the permission.'),
  lead_script_unknown: f(() => 'Choose a script or notice from the list.'),
  lead_permission_future: f(() => 'This time is in the future.'),
  lead_email_required: f(() => 'Add an email address first.'),
  search_too_short: f<{ min: number }>(() => 'Type at least two characters.'),
  export_purpose_short: f<{ min: number }>((p) => `Say what the export is for, in at least ${p.min} characters.`),
  dsr_reference_chars: f(() => 'Use letters, digits, dots, dashes and slashes only, as in DSR-2026-014.'),
  import_file: f<{ reason: ImportFileReason; detail?: string; max?: number }>((p) => importFileMessage(p.reason, p)),
  answer_not_in_survey: f(() => 'This question is not part of the survey.'),
  answer_required: f(() => 'Please answer this question.'),
  answer_text: f(() => 'Type your answer.'),
  answer_control_chars: f(() => 'The answer cannot contain control characters.'),
  answer_choice: f(() => 'Choose one of the options.'),
  answer_choices: f(() => 'Choose from the options shown.'),
  answer_rating: f<{ max: number }>((p) => `Choose a rating from 1 to ${p.max}.`),
} as const;

export type FieldKey = keyof typeof FIELD_ERRORS;
export type FieldParams<K extends FieldKey> = Parameters<(typeof FIELD_ERRORS)[K]>[0];

export type ParamsArg<P> = [P] extends [NoParams] ? [params?: P] : [params: P];

export interface FieldIssue {
  path: string;
  key: FieldKey;
  params: Record<string, unknown>;
  /** English, for logs and as the fallback wording. */
  message: string;
}

export interface AppErrorData {
  code: ErrorCode;
  /** The exact situation; absent only on errors built outside the core (then word by `code`). */
  key?: ErrorKey;
  params?: Record<string, unknown>;
  /** English, for logs and as the fallback wording. */
  message: string;
  /** Per-field problems for forms, when the error comes from input validation. */
  fields?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** A field problem for `AppError`/`appError`, worded in English from the catalogue unless a message is given. */
export function fieldIssue<K extends FieldKey>(path: string, key: K, ...rest: [...ParamsArg<FieldParams<K>>, string?]): FieldIssue {
  const params = (rest[0] ?? {}) as FieldParams<K> & Record<string, unknown>;
  const message = typeof rest[1] === 'string' ? rest[1] : (FIELD_ERRORS[key] as (p: unknown) => string)(params);
  return { path, key, params, message };
}

/**
 * The params object for a zod `refine`/`addIssue` of a shared rule: the English message plus the key,
 * which `zodIssueToField` reads back. Use as `.refine(fn, rule('passwords_differ', { path: [...] }))`.
 */
export function rule<K extends FieldKey>(key: K, opts: { params?: FieldParams<K>; path?: PropertyKey[]; message?: string; abort?: boolean } = {}) {
  const params = (opts.params ?? {}) as Record<string, unknown>;
  const message = opts.message ?? (FIELD_ERRORS[key] as (p: unknown) => string)(params);
  return { message, params: { fieldKey: key, fieldParams: params }, ...(opts.path ? { path: opts.path } : {}), ...(opts.abort ? { abort: true } : {}) };
}

/** Thrown inside the core; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly key: ErrorKey;
  readonly params: Record<string, unknown>;
  readonly fields?: FieldIssue[];
  /** A category-only error; prefer `appError(key, params)`, which the renderer can word. */
  constructor(code: ErrorCode, message: string, fields?: FieldIssue[], key: ErrorKey = code, params: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.key = key;
    this.params = params;
    this.fields = fields;
  }
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, key: this.key, params: this.params, message: this.message };
    if (this.fields) data.fields = this.fields;
    return data;
  }
}

/** A keyed error with its category and English fallback taken from the catalogue. */
export function appError<K extends ErrorKey>(key: K, ...args: [...ParamsArg<ErrorParams<K>>, FieldIssue[]?]): AppError {
  const params = (args[0] ?? {}) as Record<string, unknown>;
  const fields = args[1] as FieldIssue[] | undefined;
  const entry = ERRORS[key] as Entry<ErrorCode, unknown>;
  return new AppError(entry.code, entry.en(params), fields, key, params);
}

/** The data of a keyed error, for code that returns `{ ok: false, error }` without throwing. */
export const errorData = <K extends ErrorKey>(key: K, ...args: [...ParamsArg<ErrorParams<K>>, FieldIssue[]?]): AppErrorData => appError(key, ...args).toData();

interface ZodIssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  expected?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  params?: Record<string, unknown>;
}

const num = (v: number | bigint | undefined) => Number(v ?? 0);

/** A zod issue as a keyed field problem. Shared rules carry their key in `params` (see `rule`). */
export function zodIssueToField(issue: ZodIssueLike): FieldIssue {
  const path = issue.path.map(String).join('.');
  const out = (key: FieldKey, params: Record<string, unknown> = {}): FieldIssue => ({ path, key, params, message: issue.message });
  switch (issue.code) {
    case 'custom': {
      const key = issue.params?.fieldKey;
      if (typeof key === 'string' && key in FIELD_ERRORS) return out(key as FieldKey, (issue.params?.fieldParams as Record<string, unknown>) ?? {});
      return out('invalid');
    }
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? out('required') : out('invalid_type', { expected: issue.expected ?? '' });
    case 'too_small': {
      const min = num(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? out('required') : out('too_short', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return out('too_few', { min });
      return out('too_small', { min });
    }
    case 'too_big': {
      const max = num(issue.maximum);
      if (issue.origin === 'string') return out('too_long', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return out('too_many', { max });
      return out('too_large', { max });
    }
    case 'invalid_value':
      if (issue.values?.length === 1 && issue.values[0] === true) return out('must_accept');
      return out('invalid_choice', { options: (issue.values ?? []).map(String) });
    case 'invalid_format':
      return out('invalid_format');
    case 'unrecognized_keys':
      return out('unknown_keys', { keys: issue.keys ?? [] });
    default:
      return out('invalid');
  }
}

/** Every error key and field key, for catalogue completeness tests. */
export const ERROR_KEYS = Object.keys(ERRORS) as ErrorKey[];
export const FIELD_KEYS = Object.keys(FIELD_ERRORS) as FieldKey[];
