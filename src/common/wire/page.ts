import { type Static, type TSchema, Type } from "@sinclair/typebox";

/** How many items match a list's filters; counting stops at a cap, then `capped` says "this many or more". */
export const ListTotalSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  capped: Type.Boolean({ description: "true: counting stopped at `count`; there are this many or more" }),
});
export type ListTotal = Static<typeof ListTotalSchema>;

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` for the next one (null: the end). */
export const PageSchema = <T extends TSchema>(item: T) =>
  Type.Object({
    items: Type.Array(item),
    nextCursor: Type.Union([Type.String(), Type.Null()]),
    total: Type.Optional(ListTotalSchema),
  });

/** The same page for any item type (`Static<typeof PageSchema(X)>` is `Page<Static<typeof X>>`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  /** Only when asked for (`total=true`), on the first page. */
  total?: ListTotal;
}
