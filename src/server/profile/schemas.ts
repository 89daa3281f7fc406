import { Type } from "@sinclair/typebox";

// The answer is the wire Profile (src/common/wire/profile.ts); the rules and their messages are
// src/common/profile.ts'. Lengths here only bound the work a request can cause.
const text = (description: string) => Type.Optional(Type.String({ maxLength: 1000, description }));

export const ProfileBody = Type.Object({
  firstName: text("Latin letters, spaces, hyphens, apostrophes"),
  lastName: text("Latin letters, spaces, hyphens, apostrophes"),
  country: text("ISO 3166-1 alpha-2, e.g. DE"),
  city: text("City"),
  address: text("Street address"),
  postalCode: text("Postal code"),
  taxId: text("Tax identification number"),
  phone: text("Phone number, e.g. +49 30 1234567"),
  agreementAccepted: Type.Optional(Type.Boolean({ description: "Must be true" })),
});
