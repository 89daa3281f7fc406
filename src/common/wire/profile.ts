import { type Static, Type } from "@sinclair/typebox";

const values = {
  firstName: Type.String(),
  lastName: Type.String(),
  country: Type.String({ description: "ISO 3166-1 alpha-2, e.g. DE" }),
  city: Type.String(),
  address: Type.String(),
  postalCode: Type.String(),
  taxId: Type.String(),
  phone: Type.String(),
  agreementAccepted: Type.Boolean(),
};

/** The required information (product.md), as GET/PUT /api/me/profile carry it. */
export const ProfileValuesSchema = Type.Object(values);
export type ProfileValues = Static<typeof ProfileValuesSchema>;

/** GET/PUT /api/me/profile answer: the values and whether they are complete. */
export const ProfileSchema = Type.Object({
  ...values,
  complete: Type.Boolean(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
});
export type Profile = Static<typeof ProfileSchema>;
