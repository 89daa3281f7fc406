/** The required information (product.md), as GET/PUT /api/me/profile carry it. */
// A type, not an interface: Mantine's form helpers want a record type.
export type ProfileValues = {
  firstName: string;
  lastName: string;
  country: string;
  city: string;
  address: string;
  postalCode: string;
  taxId: string;
  phone: string;
  agreementAccepted: boolean;
};

/** GET/PUT /api/me/profile answer: the values and whether they are complete. */
export type Profile = ProfileValues & {
  complete: boolean;
  completedAt: string | null;
};
