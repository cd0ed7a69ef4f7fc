import { NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { changeLanguage, Language, LANGUAGES } from '../i18n';

/** Each language named in itself, so anyone can find theirs. */
export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('language.label')}
      value={i18n.language}
      onChange={(event) => void changeLanguage(event.currentTarget.value as Language)}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`language.${language}`) }))}
      size="xs"
      w={110}
    />
  );
}
