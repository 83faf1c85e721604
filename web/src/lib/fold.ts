// Search folding for Vietnamese: "Bá Thước" and "ba thuoc" match. The same rule as the server:
// decompose, drop combining marks, map đ/Đ to d, lower-case.
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .normalize('NFC');
}

// True when every word of `query` occurs in `text`, both folded.
export function matchesSearch(text: string, query: string): boolean {
  const haystack = foldVietnamese(text);
  return foldVietnamese(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

// Vietnamese collation for sorting names (A Ă Â … Đ … O Ô Ơ … U Ư).
const collator = new Intl.Collator('vi');
export function compareVietnamese(a: string, b: string): number {
  return collator.compare(a, b);
}
