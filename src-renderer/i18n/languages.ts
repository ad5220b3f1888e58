/**
 * Languages of programmes (ISO 639-3), as DOMAIN.md lists them. A station will edit its own list
 * (a later issue moves it into the station's settings); until then this is the default list.
 */
export interface ProgrammeLanguage {
  code: string;
  vi: string;
  en: string;
}

export const DEFAULT_LANGUAGES: ProgrammeLanguage[] = [
  { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese' },
  { code: 'tyz', vi: 'Tày', en: 'Tày' },
  { code: 'nut', vi: 'Nùng', en: 'Nùng' },
  { code: 'ium', vi: 'Dao (Iu Mien)', en: 'Dao (Iu Mien)' },
  { code: 'mji', vi: 'Dao (Kim Mun)', en: 'Dao (Kim Mun)' },
  { code: 'hnj', vi: 'Mông', en: 'Hmong (Njua)' },
  { code: 'mtq', vi: 'Mường', en: 'Mường' },
  { code: 'blt', vi: 'Thái Đen', en: 'Tai Dam' },
  { code: 'twh', vi: 'Thái (Tai Dón)', en: 'Tai Dón' },
  { code: 'sed', vi: 'Xơ Đăng', en: 'Sedang' },
  { code: 'bdq', vi: 'Ba Na', en: 'Bahnar' },
  { code: 'jra', vi: 'Gia Rai', en: 'Jarai' },
  { code: 'rog', vi: 'Raglai', en: 'Raglai' },
];

export function languageName(code: string, ui: 'vi' | 'en'): string {
  return DEFAULT_LANGUAGES.find((l) => l.code === code)?.[ui] ?? code;
}
