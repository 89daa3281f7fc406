/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next one (null: the end). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
