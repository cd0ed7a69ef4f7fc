import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral } from 'typeorm';
import { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { ReferenceKind } from './reference-codes';

/** One code of any of the three tables, with what validation needs of it. */
export interface CodeRow {
  kind: ReferenceKind;
  code: string;
  active: boolean;
  /** A provision's regime; null for regimes and categories. */
  regime: string | null;
}

/** What a code is called: a regime's name and resolution, a category's name, a provision's resolution and paragraph. */
export interface NameRow {
  kind: ReferenceKind;
  code: string;
  name: string;
  resolution: string | null;
  paragraph: string | null;
}

/** A row of `regimes`, `categories` or `provisions`: each is keyed by its code. */
type CodedRow = ObjectLiteral & { code: string };

/**
 * All SQL on `regimes`, `categories` and `provisions`. The three tables have the same shape
 * (code, active, version), so each method takes the entity of the table it works on.
 */
@Injectable()
export class ReferenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every code of the three tables with what its name in words is made of, in one query. */
  nameRows(): Promise<NameRow[]> {
    return this.dataSource.query<NameRow[]>(
      `SELECT 'regime' AS kind, code, name, resolution, NULL AS paragraph FROM regimes
       UNION ALL SELECT 'category', code, name, NULL, NULL FROM categories
       UNION ALL SELECT 'provision', code, '', resolution, paragraph FROM provisions`,
    );
  }

  /** Every code of the three tables with its state, in one query: what validation caches. */
  codes(tx?: EntityManager): Promise<CodeRow[]> {
    return (tx ?? this.dataSource).query<CodeRow[]>(
      `SELECT 'regime' AS kind, code, active, NULL AS regime FROM regimes
       UNION ALL SELECT 'category', code, active, NULL FROM categories
       UNION ALL SELECT 'provision', code, active, regime_code FROM provisions`,
    );
  }

  /** The whole table sorted by code, optionally only the (in)active rows or one regime's. */
  list<E extends CodedRow>(
    target: EntityTarget<E>,
    filter: { active?: boolean; regime?: string },
    tx?: EntityManager,
  ): Promise<E[]> {
    const query = (tx ?? this.dataSource.manager)
      .getRepository(target)
      .createQueryBuilder('r')
      // Byte order, so the order is the same whatever the database's collation.
      .orderBy('r.code COLLATE "C"');
    if (filter.active !== undefined)
      query.andWhere('r.active = :active', { active: filter.active });
    if (filter.regime !== undefined)
      query.andWhere('r.regime_code = :regime', { regime: filter.regime });
    return query.getMany();
  }

  /**
   * Inserts a new row; a row with the same code fails on the primary key (insert, not save:
   * save() would quietly update it). insert() writes generated columns back into `row`.
   */
  async insert<E extends CodedRow>(
    tx: EntityManager,
    target: EntityTarget<E>,
    row: QueryDeepPartialEntity<E>,
  ): Promise<void> {
    await tx.getRepository(target).insert(row);
  }

  findByCode<E extends CodedRow>(
    target: EntityTarget<E>,
    code: string,
    tx?: EntityManager,
  ): Promise<E | null> {
    return (tx ?? this.dataSource.manager)
      .getRepository(target)
      .findOneBy({ code } as FindOptionsWhere<E>);
  }

  /** The row of `code`, which the caller knows exists (it throws otherwise). */
  getByCode<E extends CodedRow>(
    target: EntityTarget<E>,
    code: string,
    tx?: EntityManager,
  ): Promise<E> {
    return (tx ?? this.dataSource.manager)
      .getRepository(target)
      .findOneByOrFail({ code } as FindOptionsWhere<E>);
  }

  /**
   * Applies the changes and bumps the version, only while the row still has `version`.
   * False when it did not (or the row is gone).
   */
  async updateIfVersion<E extends CodedRow>(
    tx: EntityManager,
    target: EntityTarget<E>,
    code: string,
    version: number,
    changes: Record<string, unknown>,
  ): Promise<boolean> {
    const result = await tx
      .createQueryBuilder()
      .update(target)
      .set({ ...changes, version: () => 'version + 1' })
      .where('code = :code AND version = :version', { code, version })
      .execute();
    return result.affected !== 0;
  }
}
