/** How many items match a list's filters; counting stops at a cap, then `capped` says "this many or more". */
export interface ListTotal {
  count: number;
  capped: boolean;
}

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next one (null: the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Only when asked for (`total=true`), on the first page. */
  total?: ListTotal;
}
