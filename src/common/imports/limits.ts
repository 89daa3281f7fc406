/** The limits of one task import file; the upload page states them and the server enforces them. */
export const MAX_IMPORT_FILE_BYTES = 50 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 100_000;
/** Excel's own limit for one cell. */
export const MAX_CELL_CHARS = 32_767;
/** The import object carries this many errors; the rest are paged from /errors. */
export const IMPORT_ERRORS_INLINE = 100;
export const IMPORT_ERRORS_PAGE = 100;

export const FILE_TOO_LARGE_MESSAGE = "The file is larger than 50 MB. Split it into smaller files.";
export const EMPTY_FILE_MESSAGE = "The file is empty. Choose a CSV or XLSX file with a header row and tasks.";

export const IMPORT_FILE_ACCEPT = [".csv", ".tsv", ".txt", ".xlsx"] as const;
