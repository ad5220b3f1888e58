/**
 * Folds Vietnamese text for search: NFD, strip combining marks, đ/Đ → d, lower case, collapse spaces.
 * "Tin tức Đắk Lắk" and "tin tuc dak lak" fold to the same string.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** The words of a query, folded; empty words dropped. */
export function foldedWords(query: string): string[] {
  return foldVietnamese(query)
    .split(' ')
    .filter((w) => w.length > 0);
}
