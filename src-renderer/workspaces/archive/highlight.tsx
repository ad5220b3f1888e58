import type { ReactNode } from 'react';

/** Vietnamese folded as the archive's index folds it: no diacritics, đ as d, lower case. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

/**
 * The snippet with the words the search matched marked (`<mark>`): a word is marked when, folded,
 * it starts with a folded word of the query, so "doi song" marks "Đời sống" as the index found it.
 */
export function Highlighted({ text, query }: { text: string; query: string }): ReactNode {
  const wanted = fold(query)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 2);
  if (wanted.length === 0) return text;
  return text
    .split(/([\p{L}\p{N}]+)/u)
    .map((part, i) =>
      i % 2 === 1 && wanted.some((w) => fold(part).startsWith(w)) ? <mark key={i}>{part}</mark> : part,
    );
}
