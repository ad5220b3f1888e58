/**
 * The broadcast languages a new studio starts with (DOMAIN.md): Vietnamese and the minority
 * languages most stations air, by ISO 639-3 code. Main keeps each station's own list in its
 * settings; the renderer names a language taken off that list from here. Plain data with no
 * imports at run time, so that the sandboxed renderer may import it (see eslint.config.js).
 */
import type { StationLanguage } from './models';

/**
 * The language of what has no speech (music, jingles): ISO 639-2 "zxx", no linguistic content.
 * Shown as "Không lời"; never on a station's list nor a programme's; counts in no language's airtime.
 */
export const NO_SPEECH = 'zxx';

export const DEFAULT_STATION_LANGUAGES: readonly StationLanguage[] = [
  { code: 'vie', vi: 'Tiếng Việt', en: 'Vietnamese', short: 'Việt' },
  { code: 'tyz', vi: 'Tày', en: 'Tày', short: 'Tày' },
  { code: 'nut', vi: 'Nùng', en: 'Nùng', short: 'Nùng' },
  { code: 'ium', vi: 'Dao (Iu Mien)', en: 'Dao (Iu Mien)', short: 'Iu Mien' },
  { code: 'mji', vi: 'Dao (Kim Mun)', en: 'Dao (Kim Mun)', short: 'Kim Mun' },
  { code: 'hnj', vi: 'Mông', en: 'Hmong (Njua)', short: 'Mông' },
  { code: 'mtq', vi: 'Mường', en: 'Mường', short: 'Mường' },
  { code: 'blt', vi: 'Thái Đen', en: 'Tai Dam', short: 'Thái Đen' },
  { code: 'twh', vi: 'Thái (Tai Dón)', en: 'Tai Dón', short: 'Thái Dón' },
  { code: 'sed', vi: 'Xơ Đăng', en: 'Sedang', short: 'Xơ Đăng' },
  { code: 'bdq', vi: 'Ba Na', en: 'Bahnar', short: 'Ba Na' },
  { code: 'jra', vi: 'Gia Rai', en: 'Jarai', short: 'Gia Rai' },
  { code: 'rog', vi: 'Raglai', en: 'Raglai', short: 'Raglai' },
];
