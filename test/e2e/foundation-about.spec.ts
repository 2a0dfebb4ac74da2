import fs from 'node:fs';
import path from 'node:path';
import { CONTACT } from '../../src/main/app/handlers';
import { RESOURCES } from '../support/core';
import { expect, test } from './support/fixtures';

const policy = fs.readFileSync(path.join(RESOURCES, 'privacy-policy.md'), 'utf8');
const sectionHeadings = [...policy.matchAll(/^##\s+(.+)$/gm)].map((m) => m[1]!.trim());
const lastUpdated = /Last Updated:\s*(.+)/.exec(policy)![1]!.trim();

test('About shows the whole policy and the contact details; contact links go to the system', async ({ app }) => {
  expect(sectionHeadings.length).toBeGreaterThan(3);
  await app.signInAs('booth_staff');
  await app.openScreen('About & privacy');
  const page = app.page;
  const policyRegion = page.getByRole('region', { name: 'Privacy policy' });
  for (const heading of sectionHeadings) await expect(policyRegion.getByRole('heading', { name: heading })).toBeVisible();
  await expect(page.getByText(`Policy last updated ${lastUpdated}`)).toBeVisible();

  const contact = page.getByRole('region', { name: 'Contact' });
  await expect(contact).toContainText(CONTACT.phone);
  await contact.getByRole('button', { name: CONTACT.email }).click();
  await expect.poll(() => app.openedUrls()).toEqual([`mailto:${CONTACT.email}`]);
});

test('the sign-in screen links to the policy before anyone signs in', async ({ app }) => {
  await app.ensureAdmin();
  await app.page.reload();
  await app.page.getByRole('button', { name: 'About and privacy policy' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'About IXO Back Office' });
  await expect(dialog.getByRole('heading', { name: sectionHeadings[0]! })).toBeVisible();
  await expect(dialog).toContainText(CONTACT.email);
});
