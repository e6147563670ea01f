/**
 * Keyset paging state for the log: main answers one page and an opaque cursor for the next;
 * going back re-asks with the cursor that produced the previous page. Keeping the cursors of
 * the pages seen (not offsets) keeps every page fast on a million rows.
 */
export interface Paging {
  /** cursors[i] is the cursor that fetches page i (undefined for the first page). */
  cursors: (string | undefined)[];
  index: number;
  /** The cursor for the page after the current one, from main's last answer. */
  next: string | null;
}

export const firstPage = (): Paging => ({ cursors: [undefined], index: 0, next: null });

export function currentCursor(p: Paging): string | undefined {
  return p.cursors[p.index];
}

export function withNext(p: Paging, next: string | null): Paging {
  return { ...p, next };
}

export function goNext(p: Paging): Paging {
  if (!p.next) return p;
  const cursors = [...p.cursors.slice(0, p.index + 1), p.next];
  return { cursors, index: p.index + 1, next: null };
}

export function goPrev(p: Paging): Paging {
  if (p.index === 0) return p;
  return { cursors: p.cursors, index: p.index - 1, next: null };
}

export const hasNext = (p: Paging) => p.next !== null;
export const hasPrev = (p: Paging) => p.index > 0;
