import { createHash } from 'node:crypto';
import type { LeadScript } from '../../shared/contract/leads';

/**
 * The telemarketing scripts and permission notices callers read to prospects, each in Finnish and
 * English: a language version is a version of its own with its own hash. Each permission
 * records the version and the sha256 of the exact text, so the evidence still says what was said
 * after a script changes. Append new versions; never edit a published text (its hash would no
 * longer match the evidence that cites it).
 */
const TEXTS: readonly Omit<LeadScript, 'sha256'>[] = [
  {
    version: 'TM-2026-01',
    script: 'TM-2026-01',
    language: 'en',
    title: 'Outbound call: permission to register and contact',
    text: [
      'Hello, my name is … and I am calling from IXO Systems Oy.',
      'May we record your name, phone number, email address and company so that we can contact you about our products and services?',
      'We do not sell, rent or distribute your details.',
      'You can withdraw this permission at any time by telling us, or by emailing support@ixo.fi.',
      'Do you give us permission to do this?',
    ].join('\n'),
  },
  {
    version: 'TM-2026-01-CB',
    script: 'TM-2026-01-CB',
    language: 'en',
    title: 'Callback request: confirming permission',
    text: [
      'Thank you for asking us to call you back.',
      'Before we continue: may we record your name, phone number, email address and company so that we can contact you about our products and services?',
      'We do not sell, rent or distribute your details.',
      'You can withdraw this permission at any time by telling us, or by emailing support@ixo.fi.',
      'Do you give us permission to do this?',
    ].join('\n'),
  },
  {
    version: 'TM-2026-01-FI',
    script: 'TM-2026-01',
    language: 'fi',
    title: 'Soitto asiakkaalle: lupa tietojen tallentamiseen ja yhteydenottoon',
    text: [
      'Hei, nimeni on … ja soitan IXO Systems Oy:stä.',
      'Saammeko tallentaa nimesi, puhelinnumerosi, sähköpostiosoitteesi ja yrityksesi, jotta voimme ottaa sinuun yhteyttä tuotteistamme ja palveluistamme?',
      'Emme myy, vuokraa emmekä luovuta tietojasi muille.',
      'Voit perua tämän luvan milloin tahansa kertomalla siitä meille tai lähettämällä sähköpostia osoitteeseen support@ixo.fi.',
      'Annatko meille tähän luvan?',
    ].join('\n'),
  },
  {
    version: 'TM-2026-01-CB-FI',
    script: 'TM-2026-01-CB',
    language: 'fi',
    title: 'Takaisinsoittopyyntö: luvan vahvistaminen',
    text: [
      'Kiitos, että pyysit meitä soittamaan sinulle takaisin.',
      'Ennen kuin jatkamme: saammeko tallentaa nimesi, puhelinnumerosi, sähköpostiosoitteesi ja yrityksesi, jotta voimme ottaa sinuun yhteyttä tuotteistamme ja palveluistamme?',
      'Emme myy, vuokraa emmekä luovuta tietojasi muille.',
      'Voit perua tämän luvan milloin tahansa kertomalla siitä meille tai lähettämällä sähköpostia osoitteeseen support@ixo.fi.',
      'Annatko meille tähän luvan?',
    ].join('\n'),
  },
];

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export const LEAD_SCRIPTS: readonly LeadScript[] = TEXTS.map((s) => ({ ...s, sha256: sha256(s.text) }));

export function findScript(version: string): LeadScript | null {
  return LEAD_SCRIPTS.find((s) => s.version === version) ?? null;
}
