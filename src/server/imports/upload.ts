/**
 * Receives the uploaded file (multipart field `file`) into a temporary file, hashing it on the way. The size
 * limit is enforced before anything is read (a declared length over it) and while it streams in.
 */
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type {} from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import {
  EMPTY_FILE_MESSAGE,
  FILE_TOO_LARGE_MESSAGE,
  MAX_IMPORT_FILE_BYTES,
} from "../../common/imports/limits.ts";
import { badRequest, HttpProblem } from "../http/problem.ts";

export interface StoredUpload {
  dir: string;
  path: string;
  fileName: string;
  size: number;
  sha256: string;
}

/** Room for the multipart boundaries and headers around the file itself. */
const ENVELOPE_BYTES = 64 * 1024;

const tooLarge = () => new HttpProblem(413, FILE_TOO_LARGE_MESSAGE);

/** The name as the user's computer gave it: no folders, no control characters, at most 255 characters. */
export function cleanFileName(name: string | undefined): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return clean.slice(0, 255) || "upload";
}

/** Deletes a received file that will not be read. */
export async function discardUpload(upload: StoredUpload): Promise<void> {
  await fs.rm(upload.dir, { recursive: true, force: true });
}

export async function receiveUpload(request: FastifyRequest): Promise<StoredUpload> {
  const declared = Number(request.headers["content-length"] ?? Number.NaN);
  if (declared > MAX_IMPORT_FILE_BYTES + ENVELOPE_BYTES) throw tooLarge();
  if (!request.isMultipart()) {
    if (!declared) throw badRequest(EMPTY_FILE_MESSAGE, [{ field: "file", message: EMPTY_FILE_MESSAGE }]);
    throw new HttpProblem(415, "Send the file as multipart/form-data, in a field named file.");
  }
  const part = await request.file({ limits: { fileSize: MAX_IMPORT_FILE_BYTES, files: 1 } });
  if (part?.fieldname !== "file") {
    part?.file.resume();
    throw badRequest("Choose a file to upload (multipart field file).", [
      { field: "file", message: "file is required" },
    ]);
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "crewdesk-import-"));
  const target = path.join(dir, "upload");
  const hash = createHash("sha256");
  let size = 0;
  try {
    await pipeline(
      part.file,
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          size += chunk.length;
          hash.update(chunk);
          done(null, chunk);
        },
      }),
      createWriteStream(target),
    );
    if (part.file.truncated || size > MAX_IMPORT_FILE_BYTES) throw tooLarge();
    if (size === 0) throw badRequest(EMPTY_FILE_MESSAGE, [{ field: "file", message: EMPTY_FILE_MESSAGE }]);
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
    throw error;
  }
  return { dir, path: target, fileName: cleanFileName(part.filename), size, sha256: hash.digest("hex") };
}
