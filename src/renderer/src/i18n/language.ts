import { create } from 'zustand';

export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(v: unknown): v is Language {
  return v === 'fi' || v === 'en';
}

/** The operating system's language (through the browser's list), Finnish or else English. */
export function systemLanguage(languages: readonly string[] = navigator.languages ?? [navigator.language]): Language {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

interface LanguageState {
  /** The staff side's language: the signed-in member's choice, else the system's. */
  language: Language;
  setLanguage(language: Language): void;
}

/** Owner of the language the staff screens are shown in. The kiosk overrides it for its own subtree only. */
export const useLanguage = create<LanguageState>((set) => ({
  language: systemLanguage(),
  setLanguage: (language) => set({ language }),
}));
