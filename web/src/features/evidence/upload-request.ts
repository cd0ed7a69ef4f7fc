import type { ErrorBody } from '../../api/client';
import type { components } from '../../api/schema';
import { CLIENT_HEADER, session } from '../../app/session';

type Evidence = components['schemas']['EvidenceDto'];

export type UploadResult =
  { ok: true; evidence: Evidence } | { ok: false; status: number; body: ErrorBody | null };

export interface UploadFields {
  kind: string;
  description: string;
  sourceId?: string;
  capturedAt?: string;
}

function send(
  incidentId: string,
  form: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress. A relative URL: same origin only.
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/incidents/${encodeURIComponent(incidentId)}/evidence`);
    for (const [name, value] of Object.entries(CLIENT_HEADER))
      request.setRequestHeader(name, value);
    const authorization = session.authorization();
    if (authorization) request.setRequestHeader('Authorization', authorization);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    request.onload = () => resolve({ status: request.status, text: request.responseText });
    request.onerror = () => reject(new Error('network'));
    request.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => request.abort(), { once: true });
    request.send(form);
  });
}

/**
 * Uploads one file with its fields, reporting progress (0..1). The access token comes from the
 * session's memory; a 401 gets one refresh and one retry, as every other call does.
 */
export async function uploadEvidence(
  incidentId: string,
  file: File,
  fields: UploadFields,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<UploadResult> {
  const form = (): FormData => {
    const data = new FormData();
    // The fields first: the server checks them before it reads the file.
    for (const [name, value] of Object.entries(fields) as [string, string | undefined][]) {
      if (value) data.append(name, value);
    }
    data.append('file', file, file.name);
    return data;
  };
  await session.fresh();
  let answer = await send(incidentId, form(), onProgress, signal);
  if (answer.status === 401 && session.authorization() && (await session.recover())) {
    onProgress(0);
    answer = await send(incidentId, form(), onProgress, signal);
  }
  let body: unknown = null;
  try {
    body = answer.text ? JSON.parse(answer.text) : null;
  } catch {
    body = null;
  }
  if (answer.status === 201) return { ok: true, evidence: body as Evidence };
  const error = body && typeof body === 'object' && 'code' in body ? (body as ErrorBody) : null;
  return { ok: false, status: answer.status, body: error };
}
