import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '../../app/session';
import { uploadEvidence } from './upload-request';

/** A stand-in for the browser's XMLHttpRequest: answers what each test scripts. */
class FakeRequest {
  static sent: FakeRequest[] = [];
  static answers: { status: number; body: unknown; progress?: number[] }[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = '';
  upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }
  abort(): void {
    this.onabort?.();
  }
  send(body: FormData): void {
    this.body = body;
    FakeRequest.sent.push(this);
    const answer = FakeRequest.answers.shift()!;
    queueMicrotask(() => {
      for (const loaded of answer.progress ?? []) {
        this.upload.onprogress?.({ lengthComputable: true, loaded, total: 100 } as ProgressEvent);
      }
      this.status = answer.status;
      this.responseText = JSON.stringify(answer.body);
      this.onload?.();
    });
  }
}

const file = new File(['png bytes'], 'photo.png', { type: 'image/png' });

describe('the upload of a file', () => {
  beforeEach(() => {
    FakeRequest.sent = [];
    vi.stubGlobal('XMLHttpRequest', FakeRequest);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('goes to the same origin with the token from memory, and reports its progress', async () => {
    vi.spyOn(session, 'authorization').mockReturnValue('Bearer in-memory');
    vi.spyOn(session, 'fresh').mockResolvedValue();
    FakeRequest.answers = [
      { status: 201, body: { id: 'e1', sha256: 'ab' }, progress: [25, 60, 100] },
    ];
    const seen: number[] = [];
    const result = await uploadEvidence(
      'incident-1',
      file,
      { kind: 'image', description: 'Gate 2', sourceId: undefined },
      (fraction) => seen.push(fraction),
    );
    expect(result).toEqual({ ok: true, evidence: { id: 'e1', sha256: 'ab' } });
    expect(seen).toEqual([0.25, 0.6, 1]);
    const [request] = FakeRequest.sent;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/api/v1/incidents/incident-1/evidence');
    expect(request.headers).toEqual({
      Authorization: 'Bearer in-memory',
      'X-Requested-With': 'sanctions-tracker-web',
    });
    expect([...request.body!.keys()]).toEqual(['kind', 'description', 'file']);
    expect((request.body!.get('file') as File).name).toBe('photo.png');
  });

  it('answers the error body of a refusal (413, 415) for the dialog to say in words', async () => {
    vi.spyOn(session, 'authorization').mockReturnValue('Bearer in-memory');
    vi.spyOn(session, 'fresh').mockResolvedValue();
    const refusal = {
      statusCode: 415,
      code: 'unsupported_media_type',
      message: 'no',
      error: 'x',
      requestId: 'r',
    };
    FakeRequest.answers = [{ status: 415, body: refusal }];
    expect(
      await uploadEvidence('i', file, { kind: 'image', description: 'd' }, () => undefined),
    ).toEqual({
      ok: false,
      status: 415,
      body: refusal,
    });
  });

  it('refreshes an expired token once and sends again', async () => {
    vi.spyOn(session, 'authorization').mockReturnValue('Bearer old');
    vi.spyOn(session, 'fresh').mockResolvedValue();
    const recover = vi.spyOn(session, 'recover').mockResolvedValue(true);
    FakeRequest.answers = [
      { status: 401, body: { code: 'unauthenticated' } },
      { status: 201, body: { id: 'e2' } },
    ];
    const result = await uploadEvidence(
      'i',
      file,
      { kind: 'image', description: 'd' },
      () => undefined,
    );
    expect(recover).toHaveBeenCalledOnce();
    expect(FakeRequest.sent).toHaveLength(2);
    expect(result).toEqual({ ok: true, evidence: { id: 'e2' } });
  });
});
