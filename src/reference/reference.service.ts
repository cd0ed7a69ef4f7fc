import { Injectable } from '@nestjs/common';
import { EntityTarget, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { AuditService } from '../audit/audit.service';
import { DomainError, notFound, staleVersion, duplicate } from '../common/errors';
import { pgCode, UNIQUE_VIOLATION } from '../database/pg-errors';
import { Transactions } from '../database/transactions';
import { Category } from './category.entity';
import {
  CategoryDto,
  CreateCategoryDto,
  CreateProvisionDto,
  CreateRegimeDto,
  mapCategory,
  mapProvision,
  mapRegime,
  ProvisionDto,
  ProvisionQuery,
  RegimeDto,
  UpdateCategoryDto,
  UpdateProvisionDto,
  UpdateRegimeDto,
} from './dto/reference.dto';
import { Provision } from './provision.entity';
import {
  CodesToValidate,
  CodeState,
  findCodeErrors,
  ProvisionState,
  ReferenceKind,
  REFERENCE_LIST,
  ReferenceSnapshot,
} from './reference-codes';
import { provisionName, ReferenceNames, regimeName } from './reference-names';
import { Regime } from './regime.entity';
import { ReferenceRepository } from './reference.repository';

const FOREIGN_KEY_VIOLATION = '23503';

/** How long another process's admin write may go unnoticed by this process's cache. */
export const CACHE_TTL_MS = 30_000;

interface ReferenceRow {
  code: string;
  active: boolean;
  version: number;
}

interface KindInfo<E> {
  kind: ReferenceKind;
  label: string;
  target: EntityTarget<E>;
}

const REGIME: KindInfo<Regime> = { kind: 'regime', label: 'Regime', target: Regime };
const CATEGORY: KindInfo<Category> = { kind: 'category', label: 'Category', target: Category };
const PROVISION: KindInfo<Provision> = {
  kind: 'provision',
  label: 'Provision',
  target: Provision,
};

@Injectable()
export class ReferenceService {
  private cached: { value: ReferenceSnapshot; loadedAt: number } | null = null;
  private loading: Promise<ReferenceSnapshot> | null = null;
  /** Bumped by every write, so a load that raced the write does not store what it read. */
  private generation = 0;

  constructor(
    private readonly repository: ReferenceRepository,
    private readonly audit: AuditService,
    private readonly transactions: Transactions,
  ) {}

  async listRegimes(active?: boolean): Promise<RegimeDto[]> {
    return (await this.list(REGIME, active)).map(mapRegime);
  }

  async listCategories(active?: boolean): Promise<CategoryDto[]> {
    return (await this.list(CATEGORY, active)).map(mapCategory);
  }

  async listProvisions(query: ProvisionQuery): Promise<ProvisionDto[]> {
    return (await this.list(PROVISION, query.active, query.regime)).map(mapProvision);
  }

  async createRegime(actorId: string, dto: CreateRegimeDto): Promise<RegimeDto> {
    const row = { code: dto.code, name: dto.name, resolution: dto.resolution };
    return mapRegime(await this.create(REGIME, actorId, row, row));
  }

  async createCategory(actorId: string, dto: CreateCategoryDto): Promise<CategoryDto> {
    const row = { code: dto.code, name: dto.name };
    return mapCategory(await this.create(CATEGORY, actorId, row, row));
  }

  async createProvision(actorId: string, dto: CreateProvisionDto): Promise<ProvisionDto> {
    const fields = {
      code: dto.code,
      regime: dto.regime,
      resolution: dto.resolution,
      paragraph: dto.paragraph ?? null,
      summary: dto.summary,
    };
    const { regime, ...rest } = fields;
    try {
      return mapProvision(
        await this.create(PROVISION, actorId, { ...rest, regimeCode: regime }, fields),
      );
    } catch (error) {
      // The foreign key decides, so a regime cannot vanish between a check and the insert.
      if (pgCode(error) === FOREIGN_KEY_VIOLATION) {
        throw new DomainError('bad_request', 'Unknown regime code', [
          {
            field: 'regime',
            errors: [`unknown regime "${dto.regime}": see ${REFERENCE_LIST.regime}`],
          },
        ]);
      }
      throw error;
    }
  }

  async updateRegime(actorId: string, code: string, dto: UpdateRegimeDto): Promise<RegimeDto> {
    const { version, ...changes } = dto;
    return mapRegime(await this.update(REGIME, actorId, code, version, changes));
  }

  async updateCategory(
    actorId: string,
    code: string,
    dto: UpdateCategoryDto,
  ): Promise<CategoryDto> {
    const { version, ...changes } = dto;
    return mapCategory(await this.update(CATEGORY, actorId, code, version, changes));
  }

  async updateProvision(
    actorId: string,
    code: string,
    dto: UpdateProvisionDto,
  ): Promise<ProvisionDto> {
    const { version, ...changes } = dto;
    return mapProvision(await this.update(PROVISION, actorId, code, version, changes));
  }

  /**
   * Refuses codes that are unknown or inactive, and provisions of another regime than the
   * one given (400, details shaped like validation errors). Answers from a cache: on the
   * intake hot path it costs no query.
   */
  async validateCodes(input: CodesToValidate): Promise<void> {
    const errors = findCodeErrors(await this.snapshot(), input);
    if (errors.length > 0) {
      throw new DomainError('bad_request', 'Unknown or inactive reference codes', errors);
    }
  }

  /** Every code's name in words, inactive ones included: old incidents still cite them. */
  async names(): Promise<ReferenceNames> {
    const rows = await this.repository.nameRows();
    const regimes = new Map<string, string>();
    const categories = new Map<string, string>();
    const provisions = new Map<string, string>();
    for (const row of rows) {
      switch (row.kind) {
        case 'regime':
          regimes.set(row.code, regimeName(row.name, row.resolution ?? ''));
          break;
        case 'category':
          categories.set(row.code, row.name);
          break;
        case 'provision':
          provisions.set(row.code, provisionName(row.resolution ?? '', row.paragraph));
          break;
      }
    }
    return { regimes, categories, provisions };
  }

  /** Drops the cache; the next validation reloads it. */
  invalidate(): void {
    this.generation += 1;
    this.cached = null;
    this.loading = null;
  }

  private snapshot(): Promise<ReferenceSnapshot> {
    if (this.cached && Date.now() - this.cached.loadedAt < CACHE_TTL_MS) {
      return Promise.resolve(this.cached.value);
    }
    if (!this.loading) {
      const generation = this.generation;
      const startedAt = Date.now();
      const loading = this.load()
        .then((value) => {
          if (generation === this.generation) this.cached = { value, loadedAt: startedAt };
          return value;
        })
        .finally(() => {
          if (this.loading === loading) this.loading = null;
        });
      this.loading = loading;
    }
    return this.loading;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const rows = await this.repository.codes();
    const regimes = new Map<string, CodeState>();
    const categories = new Map<string, CodeState>();
    const provisions = new Map<string, ProvisionState>();
    for (const row of rows) {
      switch (row.kind) {
        case 'regime':
          regimes.set(row.code, { active: row.active });
          break;
        case 'category':
          categories.set(row.code, { active: row.active });
          break;
        case 'provision':
          provisions.set(row.code, { active: row.active, regime: row.regime ?? '' });
          break;
      }
    }
    return { regimes, categories, provisions };
  }

  private async list<E extends ReferenceRow>(
    info: KindInfo<E>,
    active: boolean | undefined,
    regime?: string,
  ): Promise<E[]> {
    return this.repository.list(info.target, { active, regime });
  }

  private async create<E extends ReferenceRow>(
    info: KindInfo<E>,
    actorId: string,
    row: QueryDeepPartialEntity<E> & { code: string },
    fields: Record<string, unknown>,
  ): Promise<E> {
    // Copied first: insert() writes the generated columns back into the object it is given.
    const data = { ...fields };
    try {
      const created = await this.transactions.run(async (manager) => {
        // insert, not save: save() would quietly update an existing row with this code.
        await this.repository.insert(manager, info.target, row);
        const entry = await this.repository.getByCode(info.target, row.code, manager);
        await this.audit.append(manager, {
          actorId,
          action: 'reference.created',
          entityType: info.kind,
          entityId: row.code,
          data,
        });
        return entry;
      });
      this.invalidate();
      return created;
    } catch (error) {
      if (pgCode(error) === UNIQUE_VIOLATION) {
        throw duplicate(`A ${info.kind} with code "${row.code}" already exists`);
      }
      throw error;
    }
  }

  private async update<E extends ReferenceRow>(
    info: KindInfo<E>,
    actorId: string,
    code: string,
    version: number,
    given: Record<string, unknown>,
  ): Promise<E> {
    // DTO instances carry every declared field, undefined when the body left it out.
    const changes = Object.fromEntries(
      Object.entries(given).filter(([, value]) => value !== undefined),
    );
    const updated = await this.transactions.run(async (manager) => {
      const before = await this.repository.findByCode(info.target, code, manager);
      if (!before) throw notFound(info.label);
      const applied = await this.repository.updateIfVersion(
        manager,
        info.target,
        code,
        version,
        changes,
      );
      if (!applied) throw staleVersion(info.label);
      const after = await this.repository.getByCode(info.target, code, manager);
      await this.audit.append(manager, {
        actorId,
        action: 'reference.updated',
        entityType: info.kind,
        entityId: code,
        data: { changes: diff(before, after, Object.keys(changes)) },
      });
      return after;
    });
    this.invalidate();
    return updated;
  }
}

function diff(
  before: ObjectLiteral,
  after: ObjectLiteral,
  fields: string[],
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  for (const field of fields) {
    if (before[field] !== after[field]) changes[field] = { old: before[field], new: after[field] };
  }
  return changes;
}
