/** One wrong field (or CSV cell) of a problem document. */
export interface ProblemDetail {
  field?: string;
  row?: number;
  column?: string;
  message: string;
}

/** An RFC 9457 problem document, as every error of the API is answered. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ProblemDetail[];
  allowed?: string[];
}
