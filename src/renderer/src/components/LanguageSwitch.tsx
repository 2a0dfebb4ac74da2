import { SegmentedControl } from '@mantine/core';
import { LANGUAGES, useLanguage, useT, type Language } from '../i18n';

/**
 * Finnish or English for the staff screens. Each language is named in itself, so it can be found
 * whatever is on screen now. Signed in, the choice is saved with the staff member's account.
 */
export function LanguageSwitch({ onChange }: { onChange?: (language: Language) => void }) {
  const t = useT();
  const { language, setLanguage } = useLanguage();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      value={language}
      onChange={(v) => {
        const l = v as Language;
        setLanguage(l);
        onChange?.(l);
      }}
      data={LANGUAGES.map((l) => ({ value: l, label: <span lang={l}>{t(`common.language.${l}`)}</span> }))}
    />
  );
}
