import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { DomainError } from '../common/errors';
import { Transactions } from '../database/transactions';
import { ReferenceRepository } from './reference.repository';
import { CACHE_TTL_MS, ReferenceService } from './reference.service';

type Row = { kind: string; code: string; active: boolean; regime: string | null };

const SEED: Row[] = [
  { kind: 'regime', code: 'UN-1718', active: true, regime: null },
  { kind: 'category', code: 'overseas_labor', active: true, regime: null },
  { kind: 'provision', code: 'UNSCR-2397-OP8', active: true, regime: 'UN-1718' },
];

/** The cache logic alone, over a stand-in for the one query it makes. */
function setup(): { service: ReferenceService; rows: Row[]; query: jest.Mock } {
  const rows = SEED.map((row) => ({ ...row }));
  const query = jest.fn(async () => rows.map((row) => ({ ...row })));
  const service = new ReferenceService(
    new ReferenceRepository({ query } as unknown as DataSource),
    {} as unknown as AuditService,
    {} as unknown as Transactions,
  );
  return { service, rows, query };
}

const valid = { regime: 'UN-1718', category: 'overseas_labor', provisions: ['UNSCR-2397-OP8'] };

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('ReferenceService.validateCodes cache', () => {
  afterEach(() => jest.useRealTimers());

  it('loads once for many concurrent validations', async () => {
    const { service, query } = setup();

    await Promise.all(Array.from({ length: 20 }, () => service.validateCodes(valid)));
    await service.validateCodes(valid);

    expect(query).toHaveBeenCalledTimes(1);
  });

  it('throws a 400 domain error with field details', async () => {
    const { service } = setup();

    const error = await rejection(service.validateCodes({ regime: 'UN-0', category: 'x' }));

    expect(error.code).toBe('bad_request');
    expect(error.message).toBe('Unknown or inactive reference codes');
    expect(error.details).toEqual([
      { field: 'regime', errors: ['unknown regime "UN-0": see GET /api/v1/reference/regimes'] },
      { field: 'category', errors: ['unknown category "x": see GET /api/v1/reference/categories'] },
    ]);
  });

  it('serves a stale view for at most the TTL, then reloads', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const { service, rows, query } = setup();
    await service.validateCodes(valid);
    rows[1].active = false; // another process deactivates the category

    jest.setSystemTime(1_000_000 + CACHE_TTL_MS - 1);
    await service.validateCodes(valid);
    jest.setSystemTime(1_000_000 + CACHE_TTL_MS);
    const error = await rejection(service.validateCodes(valid));

    expect(error.details).toEqual([
      {
        field: 'category',
        errors: [
          'inactive category "overseas_labor": see GET /api/v1/reference/categories?active=true',
        ],
      },
    ]);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('reloads at once after invalidate()', async () => {
    const { service, rows, query } = setup();
    await service.validateCodes(valid);
    rows[2].active = false;

    service.invalidate();

    await expect(service.validateCodes(valid)).rejects.toBeInstanceOf(DomainError);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('does not keep what a load read before a write that invalidated it', async () => {
    const { service, rows, query } = setup();
    let release: () => void = () => undefined;
    query.mockImplementationOnce(async () => {
      const snapshot = rows.map((row) => ({ ...row }));
      await new Promise<void>((resolve) => (release = resolve));
      return snapshot;
    });
    const early = service.validateCodes(valid);
    await Promise.resolve();
    rows[0].active = false;
    service.invalidate();
    release();
    await early; // read before the write: it may pass

    const error = await rejection(service.validateCodes(valid));

    expect(error.details).toEqual([
      {
        field: 'regime',
        errors: ['inactive regime "UN-1718": see GET /api/v1/reference/regimes?active=true'],
      },
    ]);
    expect(query).toHaveBeenCalledTimes(2);
  });

  it('retries the load after a failed one', async () => {
    const { service, query } = setup();
    query.mockRejectedValueOnce(new Error('connection lost'));

    await expect(service.validateCodes(valid)).rejects.toThrow('connection lost');
    await expect(service.validateCodes(valid)).resolves.toBeUndefined();
    expect(query).toHaveBeenCalledTimes(2);
  });
});
