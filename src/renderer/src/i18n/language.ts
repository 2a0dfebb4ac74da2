import { create } from 'zustand';

import { isLanguage, LANGUAGES, type Language } from '../../../shared/i18n';

export { isLanguage, LANGUAGES, type Language };

/** The operating system's language (through the browser's list), Finnish or else English. */
export function systemLanguage(languages: readonly string[] = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language])): Language {
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
