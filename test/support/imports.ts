/** Helpers of the import suites: uploading a file as a browser does, and waiting for its reading. */
import { expect } from "vitest";
import type { TaskImport } from "../../src/common/wire/imports.ts";
import type { TestClient, TestResponse } from "./test-app.ts";

/** A multipart/form-data body with one file field, as a browser's FormData sends it. */
export function multipartBody(
  fileName: string,
  bytes: Buffer,
  field = "file",
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----crewdesk${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, bytes, tail]),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

export function uploadFile(
  client: TestClient,
  companyId: string,
  fileName: string,
  bytes: Buffer,
): Promise<TestResponse> {
  const { payload, headers } = multipartBody(fileName, bytes);
  return client.request({
    method: "POST",
    url: `/api/companies/${companyId}/task-imports`,
    payload,
    headers,
  });
}

/** The import once its reading has ended (validated or failed). */
export async function waitForImport(
  client: TestClient,
  companyId: string,
  id: string,
  timeoutMs = 170_000,
): Promise<TaskImport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/companies/${companyId}/task-imports/${id}`);
    expect(res.status, res.body).toBe(200);
    if (res.json.status !== "parsing") return res.json;
    if (Date.now() > deadline) throw new Error(`import ${id} still parsing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads a file and waits for its preview. */
export async function importFile(
  client: TestClient,
  companyId: string,
  fileName: string,
  bytes: Buffer,
): Promise<TaskImport> {
  const res = await uploadFile(client, companyId, fileName, bytes);
  expect(res.status, res.body).toBe(202);
  return waitForImport(client, companyId, res.json.id);
}

/** Commits an import as the preview's button does; answers the 202's import (or the refusal). */
export function commitImportRequest(
  client: TestClient,
  companyId: string,
  id: string,
  body: { skipInvalidRows?: boolean; send?: boolean; allowSameFile?: boolean } = {},
): Promise<TestResponse> {
  return client.post(`/api/companies/${companyId}/task-imports/${id}/commit`, body);
}

/** The import once its commit has ended (done, or no longer committing). */
export async function waitForCommit(
  client: TestClient,
  companyId: string,
  id: string,
  timeoutMs = 170_000,
): Promise<TaskImport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await client.get(`/api/companies/${companyId}/task-imports/${id}`);
    expect(res.status, res.body).toBe(200);
    if (res.json.status !== "committing") return res.json;
    if (Date.now() > deadline) throw new Error(`import ${id} still committing`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
