import { type TSchema, Type } from "@sinclair/typebox";

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next one (null: the end). */
export const PageSchema = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

/** The same page for any item type (`Static<typeof PageSchema(X)>` is `Page<Static<typeof X>>`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
