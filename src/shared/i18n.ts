/** The languages of the app, its staff and its public side. */
export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export const isLanguage = (v: unknown): v is Language => v === 'fi' || v === 'en';

/** A BCP 47 locale (an OS or browser locale such as "fi-FI") as one of the app's languages; English otherwise. */
export function languageOfLocale(locale: string | null | undefined): Language {
  return typeof locale === 'string' && /^fi\b/i.test(locale) ? 'fi' : 'en';
}
