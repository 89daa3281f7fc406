/** Something in the file that stops it being read: the import fails with this message, meant for the user. */
export class ImportFileError extends Error {
  override readonly name = "ImportFileError";
}
