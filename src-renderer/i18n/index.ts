import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { UiLanguage } from '../../src-main/contract';
import { en } from './en';
import { vi } from './vi';

export async function initI18n(language: UiLanguage): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { vi: { translation: vi }, en: { translation: en } },
    lng: language,
    fallbackLng: 'vi',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function setUiLanguage(language: UiLanguage): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

export function formatBytes(bytes: number, language: UiLanguage): string {
  const gb = bytes / 1024 ** 3;
  return `${gb.toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 1 })} GB`;
}

const LANGUAGE_KEY = 'studio.uiLanguage';

/**
 * The language the studio last spoke on this computer: the sign-in screen speaks it before anyone
 * may read the settings (which need a signed-in user).
 */
export function lastUiLanguage(): UiLanguage {
  try {
    return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function rememberUiLanguage(language: UiLanguage): void {
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // Storage refused: the sign-in screen speaks Vietnamese, the studio's first language.
  }
}
