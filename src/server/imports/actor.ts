/** Who acts in a company's imports: an owner or manager of that company. */
export interface CompanyActor {
  companyId: string;
  userId: string;
}

/** An import, addressed within its company. */
export interface ImportRef {
  companyId: string;
  importId: string;
}
