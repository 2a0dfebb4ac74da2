import { describe, expect, it } from 'vitest';
import { settingsInput, smtpFromProblem, smtpHostProblem } from '../../src/shared/contract/settings';
import { FIELD_ERRORS, zodIssueToField } from '../../src/shared/errors';

describe('SMTP settings', () => {
  const base = { lockAfterMinutes: 5, kioskIdleSeconds: 60, smtp: { host: 'smtp.example.com', port: 587, secure: false, user: 'mailer', from: 'IXO Systems <noreply@ixo.fi>' } };
  const withSmtp = (over: Record<string, unknown>) => settingsInput.safeParse({ ...base, smtp: { ...base.smtp, ...over } });

  it('accept host names, IP addresses, user names and an address with an optional display name', () => {
    for (const host of ['', 'smtp.example.com', 'localhost', 'mail-1.ixo.fi', '127.0.0.1', '::1']) expect(smtpHostProblem(host), host).toBeNull();
    for (const from of ['', 'noreply@ixo.fi', 'IXO Systems <noreply@ixo.fi>', '"IXO Systems Oy" <noreply@ixo.fi>', '<noreply@ixo.fi>']) expect(smtpFromProblem(from), from).toBeNull();
    expect(withSmtp({}).success).toBe(true);
    expect(withSmtp({ user: 'mailer@ixo.fi' }).success).toBe(true);
  });

  it('refuse line breaks, NUL and anything that is not a host name or an address', () => {
    for (const host of ['smtp.example.com\r\nX: y', 'smtp\u0000.example.com', 'smtp example.com', 'smtp..example.com', '-smtp.example.com', 'smtp.example.com/path', '999.1.1.1']) {
      expect(withSmtp({ host }).success, JSON.stringify(host)).toBe(false);
    }
    for (const user of ['mailer\r\n', 'mai\u0000ler', 'a\tb']) expect(withSmtp({ user }).success, JSON.stringify(user)).toBe(false);
    for (const from of ['noreply@ixo.fi\r\nBcc: victim@example.com', 'IXO <noreply@ixo.fi>\nBcc: x@y.fi', 'noreply@ixo.fi\u0000', 'IXO Systems', 'IXO <not an address>', 'a@b.fi, c@d.fi', 'IXO <a@b.fi> <c@d.fi>']) {
      expect(withSmtp({ from }).success, JSON.stringify(from)).toBe(false);
    }
  });

  it('name the exact rule each bad value breaks, as a field key the renderer words in either language', () => {
    const keyOf = (over: Record<string, unknown>) => {
      const r = withSmtp(over);
      if (r.success) return null;
      return r.error.issues.map((i) => zodIssueToField(i)).map((f) => `${f.path}:${f.key}`);
    };
    expect(keyOf({ host: 'smtp example.com' })).toEqual(['smtp.host:smtp_host']);
    expect(keyOf({ port: 0 })).toEqual(['smtp.port:smtp_port']);
    expect(keyOf({ port: 70000 })).toEqual(['smtp.port:smtp_port']);
    expect(keyOf({ port: 25.5 })).toEqual(['smtp.port:smtp_port']);
    expect(keyOf({ from: `${'x'.repeat(201)} <noreply@ixo.fi>` })).toEqual(['smtp.from:smtp_sender_name_long']);
    expect(keyOf({ from: 'IXO "Systems" <noreply@ixo.fi>' })).toEqual(['smtp.from:smtp_sender_name_chars']);
    expect(keyOf({ from: 'IXO-Systems' })).toEqual(['smtp.from:email_no_at']);
    expect(keyOf({ from: 'IXO <noreply@>' })).toEqual(['smtp.from:email_domain_empty']);
    expect(keyOf({ from: 'a@b.fi, c@d.fi' })).toEqual(['smtp.from:email_spaces']);
    // Every key the rules use is worded in the catalogue of errors.
    for (const key of ['smtp_host', 'smtp_port', 'smtp_sender_name_long', 'smtp_sender_name_chars'] as const) expect(FIELD_ERRORS[key]).toBeTypeOf('function');
  });
});
