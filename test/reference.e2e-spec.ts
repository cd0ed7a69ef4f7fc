import request from 'supertest';
import reference from '../demo/reference.json';
import { ErrorBody } from '../src/common/error-body';
import { DomainError } from '../src/common/errors';
import { CategoryDto, ProvisionDto, RegimeDto } from '../src/reference/dto/reference.dto';
import { ReferenceService } from '../src/reference/reference.service';
import { createTestApp, TestApp } from './helpers/app';
import { Caller, signIn } from './helpers/users';
import { expectError } from './helpers/errors';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BAD_ACCESS = 'Missing, invalid, expired or revoked access token';
const ADMIN_ONLY = 'This action needs one of the roles: admin';
const fieldsOf = (body: ErrorBody): string[] =>
  (body.details as { field: string }[]).map((detail) => detail.field);

type Kind = 'regime' | 'category' | 'provision';
const PATH: Record<Kind, string> = {
  regime: '/api/v1/reference/regimes',
  category: '/api/v1/reference/categories',
  provision: '/api/v1/reference/provisions',
};
const TABLE: Record<Kind, string> = {
  regime: 'regimes',
  category: 'categories',
  provision: 'provisions',
};
const KINDS: Kind[] = ['regime', 'category', 'provision'];

let counter = 0;
const unique = (): string => `${Date.now().toString(36).toUpperCase()}${(counter += 1)}`;

const newRegime = (): { code: string; name: string; resolution: string } => ({
  code: `TEST-${unique()}`,
  name: 'Test regime',
  resolution: '9999 (2030)',
});
const newCategory = (): { code: string; name: string } => ({
  code: `test_${unique().toLowerCase()}`,
  name: 'Test category',
});
const newProvision = (
  regime = 'UN-1718',
): { code: string; regime: string; resolution: string; paragraph: string; summary: string } => ({
  code: `UNSCR-9999-${unique()}`,
  regime,
  resolution: '9999 (2030)',
  paragraph: 'OP1',
  summary: 'A test provision.',
});
const NEW: Record<Kind, () => { code: string }> = {
  regime: newRegime,
  category: newCategory,
  provision: () => newProvision(),
};

interface AuditRow {
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
}

describe('reference data (e2e)', () => {
  let t: TestApp;
  let admin: Caller;
  let monitor: Caller;
  let verifier: Caller;
  let writer: Caller;
  let service: ReferenceService;
  const http = (): ReturnType<typeof request> => request(t.app.getHttpServer());
  const auditOf = (kind: Kind, code: string): Promise<AuditRow[]> =>
    t.dataSource.query(
      `SELECT actor_id, action, entity_type, entity_id, data FROM audit_events
       WHERE entity_type = $1 AND entity_id = $2 ORDER BY seq`,
      [kind, code],
    );
  const rowOf = async (kind: Kind, code: string): Promise<Record<string, unknown> | undefined> => {
    const [row] = await t.dataSource.query<Record<string, unknown>[]>(
      `SELECT * FROM ${TABLE[kind]} WHERE code = $1`,
      [code],
    );
    return row;
  };
  const create = async (kind: Kind, body: { code: string }): Promise<Record<string, unknown>> => {
    const response = await http().post(PATH[kind]).set(admin.auth).send(body);
    expect(response.status).toBe(201);
    return response.body as Record<string, unknown>;
  };
  const rejection = async (promise: Promise<void>): Promise<DomainError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('validateCodes accepted the codes');
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await signIn(t, 'admin');
    monitor = await signIn(t, 'monitor');
    verifier = await signIn(t, 'verifier');
    writer = await signIn(t, 'writer');
    service = t.app.get(ReferenceService);
  });

  afterAll(async () => {
    await t?.close();
  });

  describe('seed', () => {
    it('serves every seeded regime, sorted by code, to any staff user', async () => {
      for (const caller of [monitor, verifier, writer, admin]) {
        const response = await http().get(PATH.regime).set(caller.auth);

        expect(response.status).toBe(200);
        const regimes = response.body as RegimeDto[];
        const codes = regimes.map((regime) => regime.code);
        expect(codes).toEqual([...codes].sort());
        expect(codes).toEqual(expect.arrayContaining(['UN-1718', 'UN-1267', 'UN-2713']));
        expect(regimes.find((regime) => regime.code === 'UN-1718')).toEqual({
          code: 'UN-1718',
          name: "Democratic People's Republic of Korea",
          resolution: '1718 (2006)',
          active: true,
          version: 1,
          createdAt: expect.stringMatching(ISO),
          updatedAt: expect.stringMatching(ISO),
        });
      }
    });

    it('holds exactly the rows of demo/reference.json', async () => {
      const regimes = await t.dataSource.query<unknown[]>(
        'SELECT code, name, resolution FROM regimes WHERE code = ANY($1) ORDER BY code',
        [reference.regimes.map((regime) => regime.code)],
      );
      const categories = await t.dataSource.query<unknown[]>(
        'SELECT code, name FROM categories WHERE code = ANY($1) ORDER BY code',
        [reference.categories.map((category) => category.code)],
      );
      const provisions = await t.dataSource.query<unknown[]>(
        `SELECT code, regime_code AS regime, resolution, paragraph, summary FROM provisions
         WHERE code = ANY($1) ORDER BY code`,
        [reference.provisions.map((provision) => provision.code)],
      );
      const byCode = (a: { code: string }, b: { code: string }): number =>
        a.code < b.code ? -1 : 1;

      expect(regimes).toEqual([...reference.regimes].sort(byCode));
      expect(categories).toEqual([...reference.categories].sort(byCode));
      expect(provisions).toEqual([...reference.provisions].sort(byCode));
    });

    it('serves the seeded categories and provisions', async () => {
      const categories = await http().get(PATH.category).set(monitor.auth);
      const provisions = await http().get(PATH.provision).set(monitor.auth);

      expect(categories.status).toBe(200);
      expect(provisions.status).toBe(200);
      const categoryCodes = (categories.body as CategoryDto[]).map((category) => category.code);
      expect(categoryCodes).toEqual([...categoryCodes].sort());
      expect((categories.body as CategoryDto[]).find((c) => c.code === 'overseas_labor')).toEqual({
        code: 'overseas_labor',
        name: 'Overseas workers earning income abroad',
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      const list = provisions.body as ProvisionDto[];
      const provisionCodes = list.map((provision) => provision.code);
      expect(provisionCodes).toEqual([...provisionCodes].sort());
      expect(list.find((provision) => provision.code === 'UNSCR-2397-OP8')).toEqual({
        code: 'UNSCR-2397-OP8',
        regime: 'UN-1718',
        resolution: '2397 (2017)',
        paragraph: 'OP8',
        summary: expect.stringMatching(/repatriated within 24 months/),
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(list.find((provision) => provision.code === 'UNSCR-2375-OP17')).toMatchObject({
        regime: 'UN-1718',
        resolution: '2375 (2017)',
        paragraph: 'OP17',
      });
      expect(list.find((provision) => provision.code === 'UNSCR-1718')).toMatchObject({
        paragraph: null,
      });
    });

    it('filters provisions by regime', async () => {
      const response = await http()
        .get(PATH.provision)
        .query({ regime: 'UN-1267' })
        .set(monitor.auth);

      expect(response.status).toBe(200);
      expect(
        (response.body as ProvisionDto[]).filter((provision) => provision.regime !== 'UN-1267'),
      ).toEqual([]);
    });
  });

  describe('access', () => {
    it.each(KINDS)('refuses a caller without a token with 401 (%s)', async (kind) => {
      const body = NEW[kind]();

      expectError(await http().get(PATH[kind]), 401, BAD_ACCESS);
      expectError(await http().post(PATH[kind]).send(body), 401, BAD_ACCESS);
      expectError(
        await http().patch(`${PATH[kind]}/${body.code}`).send({ name: 'x', version: 1 }),
        401,
        BAD_ACCESS,
      );
      expect(await rowOf(kind, body.code)).toBeUndefined();
    });

    it.each(KINDS)(
      'refuses staff other than admins with 403 on POST and PATCH (%s)',
      async (kind) => {
        const existing = await create(kind, NEW[kind]());
        const code = existing.code as string;
        const before = await rowOf(kind, code);

        for (const caller of [monitor, verifier, writer]) {
          const body = NEW[kind]();
          expectError(await http().post(PATH[kind]).set(caller.auth).send(body), 403, ADMIN_ONLY);
          expect(await rowOf(kind, body.code)).toBeUndefined();
          expectError(
            await http()
              .patch(`${PATH[kind]}/${code}`)
              .set(caller.auth)
              .send({ active: false, version: 1 }),
            403,
            ADMIN_ONLY,
          );
        }

        expect(await rowOf(kind, code)).toEqual(before);
        expect((await auditOf(kind, code)).map((event) => event.action)).toEqual([
          'reference.created',
        ]);
      },
    );
  });

  describe('POST', () => {
    it('creates a regime (201) and audits it once, with the admin as actor', async () => {
      const input = newRegime();

      const response = await http().post(PATH.regime).set(admin.auth).send(input);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        ...input,
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(await auditOf('regime', input.code)).toEqual([
        {
          actor_id: admin.user.id,
          action: 'reference.created',
          entity_type: 'regime',
          entity_id: input.code,
          data: input,
        },
      ]);
      const list = await http().get(PATH.regime).set(monitor.auth);
      expect(list.body).toContainEqual(response.body);
    });

    it('creates a category (201) and audits it once', async () => {
      const input = newCategory();

      const response = await http().post(PATH.category).set(admin.auth).send(input);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        ...input,
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(await auditOf('category', input.code)).toEqual([
        {
          actor_id: admin.user.id,
          action: 'reference.created',
          entity_type: 'category',
          entity_id: input.code,
          data: input,
        },
      ]);
    });

    it('creates a provision (201), with or without a paragraph, and audits it once', async () => {
      const input = newProvision();
      const whole = { ...newProvision('UN-1267'), paragraph: undefined };

      const response = await http().post(PATH.provision).set(admin.auth).send(input);
      const wholeResponse = await http().post(PATH.provision).set(admin.auth).send(whole);

      expect(response.status).toBe(201);
      expect(response.body).toEqual({
        ...input,
        active: true,
        version: 1,
        createdAt: expect.stringMatching(ISO),
        updatedAt: expect.stringMatching(ISO),
      });
      expect(wholeResponse.status).toBe(201);
      expect(wholeResponse.body).toMatchObject({ regime: 'UN-1267', paragraph: null });
      expect(await auditOf('provision', input.code)).toEqual([
        {
          actor_id: admin.user.id,
          action: 'reference.created',
          entity_type: 'provision',
          entity_id: input.code,
          data: input,
        },
      ]);
      expect(await rowOf('provision', input.code)).toMatchObject({ regime_code: 'UN-1718' });
    });

    it.each([
      ['regime', 'UN-1718'],
      ['category', 'overseas_labor'],
      ['provision', 'UNSCR-2397-OP8'],
    ] as const)('answers 409 to a duplicate %s code and changes nothing', async (kind, code) => {
      const before = await rowOf(kind, code);
      const input = { ...NEW[kind](), code };

      const response = await http().post(PATH[kind]).set(admin.auth).send(input);

      expectError(response, 409, `A ${kind} with code "${code}" already exists`);
      expect(await rowOf(kind, code)).toEqual(before);
      expect(await auditOf(kind, code)).toEqual([]);
    });

    it.each([
      ['regime', 'a lower-case code', { code: 'un-4242' }, ['code']],
      ['regime', 'a code without a number part', { code: 'UN' }, ['code']],
      [
        'regime',
        'a code over 40 characters',
        { code: `UNSCTEST-${'1'.repeat(16)}-${'2'.repeat(16)}` },
        ['code'],
      ],
      ['regime', 'a malformed resolution', { resolution: '1718' }, ['resolution']],
      ['regime', 'an empty name', { name: '   ' }, ['name']],
      ['regime', 'an unknown field', { active: false }, ['active']],
      ['category', 'a kebab-case code', { code: 'overseas-labor-2' }, ['code']],
      ['category', 'an upper-case code', { code: 'Overseas_Labor_2' }, ['code']],
      ['category', 'a code over 40 characters', { code: 'a'.repeat(41) }, ['code']],
      ['category', 'a missing name', { name: undefined }, ['name']],
      ['category', 'an unknown field', { description: 'x' }, ['description']],
      ['provision', 'a code without a resolution number', { code: 'UNSCR-OP8' }, ['code']],
      ['provision', 'a lower-case code', { code: 'unscr-2397-op9' }, ['code']],
      ['provision', 'a missing regime', { regime: undefined }, ['regime']],
      ['provision', 'a missing summary', { summary: undefined }, ['summary']],
      ['provision', 'an unknown field', { regimeCode: 'UN-1718' }, ['regimeCode']],
    ] as const)(
      'answers 400 to a %s with %s, naming the field',
      async (kind, _label, over, fields) => {
        const input = { ...NEW[kind](), ...over };

        const response = await http().post(PATH[kind]).set(admin.auth).send(input);

        const body = expectError(response, 400, 'Validation failed');
        expect(fieldsOf(body)).toEqual(fields);
        expect(await rowOf(kind, input.code)).toBeUndefined();
        expect(await auditOf(kind, input.code)).toEqual([]);
      },
    );

    it('answers 400 to a provision of an unknown regime, naming the regime', async () => {
      const input = newProvision('UN-4242');

      const response = await http().post(PATH.provision).set(admin.auth).send(input);

      const body = expectError(response, 400, 'Unknown regime code');
      expect(body.details).toEqual([
        {
          field: 'regime',
          errors: ['unknown regime "UN-4242": see GET /api/v1/reference/regimes'],
        },
      ]);
      expect(await rowOf('provision', input.code)).toBeUndefined();
      expect(await auditOf('provision', input.code)).toEqual([]);
    });

    it('answers 400 to malformed JSON', async () => {
      const response = await http()
        .post(PATH.category)
        .set(admin.auth)
        .set('content-type', 'application/json')
        .send('{"code": ');

      expectError(response, 400, /not valid JSON/);
    });
  });

  describe('PATCH', () => {
    it('updates a regime, bumps the version and audits the change once', async () => {
      const created = await create('regime', newRegime());
      const code = created.code as string;

      const response = await http()
        .patch(`${PATH.regime}/${code}`)
        .set(admin.auth)
        .send({ name: 'Renamed regime', version: 1 });

      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        ...created,
        name: 'Renamed regime',
        version: 2,
        updatedAt: expect.stringMatching(ISO),
      });
      expect(await rowOf('regime', code)).toMatchObject({ name: 'Renamed regime', version: 2 });
      const audit = await auditOf('regime', code);
      expect(audit.map((event) => event.action)).toEqual([
        'reference.created',
        'reference.updated',
      ]);
      expect(audit[1]).toEqual({
        actor_id: admin.user.id,
        action: 'reference.updated',
        entity_type: 'regime',
        entity_id: code,
        data: { changes: { name: { old: 'Test regime', new: 'Renamed regime' } } },
      });
    });

    it('updates a provision: clears its paragraph and rewrites its summary', async () => {
      const created = await create('provision', newProvision());
      const code = created.code as string;

      const response = await http()
        .patch(`${PATH.provision}/${code}`)
        .set(admin.auth)
        .send({ paragraph: null, summary: 'Rewritten.', version: 1 });

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        code,
        regime: 'UN-1718',
        paragraph: null,
        summary: 'Rewritten.',
        version: 2,
      });
      const audit = await auditOf('provision', code);
      expect(audit).toHaveLength(2);
      expect(audit[1]).toMatchObject({
        actor_id: admin.user.id,
        action: 'reference.updated',
        data: {
          changes: {
            paragraph: { old: 'OP1', new: null },
            summary: { old: 'A test provision.', new: 'Rewritten.' },
          },
        },
      });
    });

    it.each(KINDS)('answers 404 to an unknown %s code', async (kind) => {
      const { code } = NEW[kind]();

      const response = await http()
        .patch(`${PATH[kind]}/${code}`)
        .set(admin.auth)
        .send({ active: false, version: 1 });

      expectError(response, 404, /not found$/);
      expect(await auditOf(kind, code)).toEqual([]);
    });

    it.each(KINDS)('answers 409 to a stale version of a %s and changes nothing', async (kind) => {
      const { code } = await create(kind, NEW[kind]());
      const first = await http()
        .patch(`${PATH[kind]}/${code as string}`)
        .set(admin.auth)
        .send({ active: false, version: 1 });
      expect(first.status).toBe(200);
      const before = await rowOf(kind, code as string);

      const response = await http()
        .patch(`${PATH[kind]}/${code as string}`)
        .set(admin.auth)
        .send({ active: true, version: 1 });

      expectError(response, 409, /changed by someone else/);
      expect(await rowOf(kind, code as string)).toEqual(before);
      expect(before).toMatchObject({ active: false, version: 2 });
      expect(await auditOf(kind, code as string)).toHaveLength(2);
    });

    it.each([
      ['regime', 'no version', { name: 'X' }, ['version']],
      ['regime', 'a new code', { code: 'UN-4243', version: 1 }, ['code']],
      ['regime', 'a null name', { name: null, version: 1 }, ['name']],
      ['regime', 'a non-boolean active', { active: 'no', version: 1 }, ['active']],
      ['category', 'no version', { active: false }, ['version']],
      ['category', 'an unknown field', { resolution: '1 (2000)', version: 1 }, ['resolution']],
      ['provision', 'a new regime', { regime: 'UN-1267', version: 1 }, ['regime']],
      ['provision', 'a null summary', { summary: null, version: 1 }, ['summary']],
    ] as const)('answers 400 to a %s PATCH with %s', async (kind, _label, body, fields) => {
      const { code } = await create(kind, NEW[kind]());
      const before = await rowOf(kind, code as string);

      const response = await http()
        .patch(`${PATH[kind]}/${code as string}`)
        .set(admin.auth)
        .send(body);

      expect(fieldsOf(expectError(response, 400, 'Validation failed'))).toEqual(fields);
      expect(await rowOf(kind, code as string)).toEqual(before);
    });
  });

  describe('deactivation', () => {
    it.each(KINDS)(
      'hides a %s from ?active=true, shows it under ?active=false, and validateCodes refuses it',
      async (kind) => {
        const { code } = (await create(kind, NEW[kind]())) as { code: string };
        const codes =
          kind === 'provision' ? { regime: 'UN-1718', provisions: [code] } : { [kind]: code };
        // Warm the cache first: the write must invalidate it in this process at once.
        await expect(service.validateCodes(codes)).resolves.toBeUndefined();

        const response = await http()
          .patch(`${PATH[kind]}/${code}`)
          .set(admin.auth)
          .send({ active: false, version: 1 });

        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ code, active: false, version: 2 });
        const listed = async (query: object): Promise<string[]> => {
          const list = await http().get(PATH[kind]).query(query).set(monitor.auth);
          expect(list.status).toBe(200);
          return (list.body as { code: string; active: boolean }[]).map((entry) => entry.code);
        };
        expect(await listed({ active: 'true' })).not.toContain(code);
        expect(await listed({ active: 'false' })).toContain(code);
        expect(await listed({})).toContain(code);
        const error = await rejection(service.validateCodes(codes));
        expect(error.details).toEqual([
          {
            field: kind === 'provision' ? 'provisions' : kind,
            errors: [`inactive ${kind} "${code}": see GET ${PATH[kind]}?active=true`],
          },
        ]);
        const audit = await auditOf(kind, code);
        expect(audit.slice(1)).toEqual([
          {
            actor_id: admin.user.id,
            action: 'reference.updated',
            entity_type: kind,
            entity_id: code,
            data: { changes: { active: { old: true, new: false } } },
          },
        ]);

        const reactivated = await http()
          .patch(`${PATH[kind]}/${code}`)
          .set(admin.auth)
          .send({ active: true, version: 2 });
        expect(reactivated.status).toBe(200);
        await expect(service.validateCodes(codes)).resolves.toBeUndefined();
        expect(await listed({ active: 'true' })).toContain(code);
      },
    );

    it('lists only active or only inactive entries', async () => {
      const active = await http().get(PATH.category).query({ active: 'true' }).set(writer.auth);
      const inactive = await http().get(PATH.category).query({ active: 'false' }).set(writer.auth);

      expect(active.status).toBe(200);
      expect(inactive.status).toBe(200);
      expect((active.body as CategoryDto[]).every((category) => category.active)).toBe(true);
      expect((inactive.body as CategoryDto[]).every((category) => !category.active)).toBe(true);
      expect((active.body as CategoryDto[]).map((category) => category.code)).toContain(
        'overseas_labor',
      );
    });

    it.each([
      ['active=yes', { active: 'yes' }, ['active']],
      ['active=1', { active: '1' }, ['active']],
      ['an unknown query parameter', { limit: 10 }, ['limit']],
    ])('answers 400 to %s', async (_label, query, fields) => {
      for (const kind of KINDS) {
        const response = await http().get(PATH[kind]).query(query).set(monitor.auth);

        expect(fieldsOf(expectError(response, 400, 'Validation failed'))).toEqual(fields);
      }
    });
  });

  describe('ReferenceService.validateCodes', () => {
    it('accepts the seeded codes of the DPRK overseas-labour case', async () => {
      await expect(
        service.validateCodes({
          regime: 'UN-1718',
          category: 'overseas_labor',
          provisions: ['UNSCR-2397-OP8', 'UNSCR-2375-OP17'],
        }),
      ).resolves.toBeUndefined();
      await expect(service.validateCodes({})).resolves.toBeUndefined();
    });

    it('refuses unknown codes with a 400 domain error naming each field', async () => {
      const error = await rejection(
        service.validateCodes({
          regime: 'UN-0001',
          category: 'no_such_category',
          provisions: ['UNSCR-2397-OP8', 'UNSCR-0001-OP1'],
        }),
      );

      expect(error.code).toBe('bad_request');
      expect(error.message).toBe('Unknown or inactive reference codes');
      expect(error.details).toEqual([
        {
          field: 'regime',
          errors: ['unknown regime "UN-0001": see GET /api/v1/reference/regimes'],
        },
        {
          field: 'category',
          errors: ['unknown category "no_such_category": see GET /api/v1/reference/categories'],
        },
        {
          field: 'provisions',
          errors: ['unknown provision "UNSCR-0001-OP1": see GET /api/v1/reference/provisions'],
        },
      ]);
    });

    it('refuses a provision that belongs to another regime', async () => {
      const error = await rejection(
        service.validateCodes({
          regime: 'UN-1267',
          category: 'overseas_labor',
          provisions: ['UNSCR-2397-OP8'],
        }),
      );

      expect(error.details).toEqual([
        {
          field: 'provisions',
          errors: [
            'provision "UNSCR-2397-OP8" belongs to regime "UN-1718", not "UN-1267": see GET /api/v1/reference/provisions?regime=UN-1267',
          ],
        },
      ]);
    });

    it('knows a code at once after an admin creates it', async () => {
      const regime = newRegime();
      await expect(service.validateCodes({ regime: 'UN-1718' })).resolves.toBeUndefined();
      await expect(service.validateCodes({ regime: regime.code })).rejects.toBeInstanceOf(
        DomainError,
      );

      await create('regime', regime);
      const provision = (await create('provision', newProvision(regime.code))) as { code: string };

      await expect(
        service.validateCodes({ regime: regime.code, provisions: [provision.code] }),
      ).resolves.toBeUndefined();
    });
  });
});
