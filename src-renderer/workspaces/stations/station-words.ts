import type { TFunction } from 'i18next';
import type { StationReach } from '../../../src-main/contract';

/** How a station is reached, in a few words: "Tự kéo luồng", "Icecast /xa-a.mp3", "SRT 10.0.0.5:9000". */
export function reachLabel(t: TFunction, reach: StationReach): string {
  if (reach.kind === 'pull') return t('stations.reach.pull');
  if (reach.kind === 'icecast') return `${t('stations.reach.icecast')} ${reach.mount}`;
  return `${t(`stations.reach.${reach.protocol}`)} ${reach.host}:${reach.port}`;
}

/** Text as the list's search compares it: no diacritics, đ as d, lower case. */
export function foldSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase();
}
