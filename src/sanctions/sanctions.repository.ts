import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CanonicalRecord, DesignationKind, ParsedDesignation } from './consolidated-list';
import { Designation } from './designation.entity';
import { designationScreeningColumns } from './screening/designation-keys';
import { ChangeKind } from './designation-change.entity';
import { ListSource, ListVersion } from './list-version.entity';
import { ImportStatus, SanctionsImport } from './sanctions-import.entity';

// Two-key advisory locks live apart from the one-key space the audit chain uses.
const SANCTIONS_LOCK_CLASS = 7205;
const SANCTIONS_LOCK_IMPORT = 1;
/** Rows per INSERT of designations or changes: well under the bind and memory limits. */
const BATCH = 500;

export interface NewImport {
  source: ListSource;
  force: boolean;
  requestedBy: string | null;
  fileSha256: string | null;
  fileBytes: number | null;
  vesselsSha256: string | null;
}

/** A designation in force, as the diff needs it. */
export interface CurrentDesignation {
  reference: string;
  kind: DesignationKind;
  contentHash: string;
  record: CanonicalRecord;
}

export interface NewVersion {
  source: ListSource;
  importId: string;
  fileSha256: string;
  vesselsSha256: string | null;
  dateGenerated: string | null;
  added: number;
  amended: number;
  removed: number;
  forced: boolean;
  importedBy: string | null;
}

export interface Change {
  reference: string;
  change: ChangeKind;
  fields: string[];
}

export interface ChangeRow extends Change {
  name: string;
  kind: DesignationKind;
  listType: string;
}

export interface DesignationFilter {
  /** Matched against the names and aliases (trigram index), the reference and identifiers. */
  q?: string;
  kind?: DesignationKind;
  listType?: string;
  includeRemoved: boolean;
}

/** The SQL of the sanctions tables; this feature owns them. */
@Injectable()
export class SanctionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async createImport(row: NewImport, tx: EntityManager): Promise<string> {
    const [{ id }] = await tx.query<{ id: string }[]>(
      `INSERT INTO sanctions_imports (source, force, requested_by, file_sha256, file_bytes, vessels_sha256)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [row.source, row.force, row.requestedBy, row.fileSha256, row.fileBytes, row.vesselsSha256],
    );
    return id;
  }

  findImport(id: string): Promise<SanctionsImport | null> {
    return this.dataSource.getRepository(SanctionsImport).findOneBy({ id });
  }

  /** Marks the import running; null when it already ended (a job delivered twice). */
  async claimImport(id: string): Promise<SanctionsImport | null> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(SanctionsImport)
      .set({ status: 'running', startedAt: () => 'now()', progress: 0 })
      .where(`id = :id AND status IN ('queued', 'running')`, { id })
      .returning('*')
      .execute();
    const rows = result.raw as Record<string, unknown>[];
    return rows.length === 0 ? null : this.findImport(id);
  }

  async setProgress(id: string, percent: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE sanctions_imports SET progress = $2 WHERE id = $1 AND status = 'running'`,
      [id, percent],
    );
  }

  async setFile(id: string, fileSha256: string, fileBytes: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE sanctions_imports SET file_sha256 = $2, file_bytes = $3 WHERE id = $1`,
      [id, fileSha256, fileBytes],
    );
  }

  async finishImport(
    id: string,
    status: Exclude<ImportStatus, 'queued' | 'running'>,
    outcome: { versionId?: string | null; error?: string | null },
    tx?: EntityManager,
  ): Promise<void> {
    await (tx ?? this.dataSource.manager).query(
      `UPDATE sanctions_imports
          SET status = $2::varchar, version_id = $3, error = $4, completed_at = now(),
              progress = CASE WHEN $2::varchar IN ('completed', 'unchanged') THEN 100 ELSE progress END
        WHERE id = $1`,
      [id, status, outcome.versionId ?? null, outcome.error ?? null],
    );
  }

  /** One import writes at a time: the diff is against the state it read. */
  async lockForImport(tx: EntityManager): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [
      SANCTIONS_LOCK_CLASS,
      SANCTIONS_LOCK_IMPORT,
    ]);
  }

  async inForce(tx: EntityManager): Promise<CurrentDesignation[]> {
    return tx.query<CurrentDesignation[]>(
      `SELECT reference, kind, content_hash AS "contentHash", record
         FROM sanctions_designations WHERE removed_at IS NULL`,
    );
  }

  async latestVersion(tx?: EntityManager): Promise<ListVersion | null> {
    return (tx ?? this.dataSource.manager)
      .getRepository(ListVersion)
      .findOne({ where: {}, order: { number: 'DESC' } });
  }

  async insertVersion(tx: EntityManager, row: NewVersion): Promise<string> {
    const [{ id }] = await tx.query<{ id: string }[]>(
      `INSERT INTO sanctions_list_versions
         (number, source, import_id, file_sha256, vessels_sha256, date_generated,
          individuals, entities, vessels, added, amended, removed, forced, imported_by)
       SELECT coalesce(max(number), 0) + 1, $1, $2, $3, $4, $5, 0, 0, 0, $6, $7, $8, $9, $10
         FROM sanctions_list_versions
       RETURNING id`,
      [
        row.source,
        row.importId,
        row.fileSha256,
        row.vesselsSha256,
        row.dateGenerated,
        row.added,
        row.amended,
        row.removed,
        row.forced,
        row.importedBy,
      ],
    );
    return id;
  }

  /** The version's counts of designations in force, once its changes are written. */
  async countVersion(tx: EntityManager, versionId: string): Promise<void> {
    await tx.query(
      `UPDATE sanctions_list_versions v
          SET individuals = c.individuals, entities = c.entities, vessels = c.vessels
         FROM (SELECT count(*) FILTER (WHERE kind = 'individual')::int AS individuals,
                      count(*) FILTER (WHERE kind = 'entity')::int AS entities,
                      count(*) FILTER (WHERE kind = 'vessel')::int AS vessels
                 FROM sanctions_designations WHERE removed_at IS NULL) c
        WHERE v.id = $1`,
      [versionId],
    );
  }

  /** Inserts new designations, overwrites amended ones and brings back removed ones. */
  async upsertDesignations(
    tx: EntityManager,
    versionId: string,
    designations: ParsedDesignation[],
  ): Promise<void> {
    for (let start = 0; start < designations.length; start += BATCH) {
      const rows = designations.slice(start, start + BATCH).map((d) => ({
        reference: d.reference,
        kind: d.kind,
        list_type: d.listType,
        name: d.name,
        family_name: d.familyName,
        given_name: d.givenName,
        original_script: d.originalScript,
        aliases: d.aliases,
        name_keys: d.nameKeys,
        search_names: [d.name, ...d.aliases.map((alias) => alias.name)].join('\n'),
        dates_of_birth: d.datesOfBirth,
        nationalities: d.nationalities,
        addresses: d.addresses,
        documents: d.documents,
        listed_on: d.listedOn,
        last_day_updated: d.lastDayUpdated,
        comments: d.comments,
        imo_numbers: d.imoNumbers,
        company_numbers: d.companyNumbers,
        record: d.record,
        content_hash: d.contentHash,
        ...designationScreeningColumns(d),
      }));
      await tx.query(
        `INSERT INTO sanctions_designations
           (reference, kind, list_type, name, family_name, given_name, original_script, aliases,
            name_keys, search_names, dates_of_birth, nationalities, addresses, documents,
            listed_on, last_day_updated, comments, imo_numbers, company_numbers, record,
            content_hash, screening_keys, screening_text, rules_version, first_version_id,
            changed_version_id)
         SELECT x.*, $2::uuid, $2::uuid
           FROM jsonb_to_recordset($1::jsonb) AS x(
             reference varchar, kind varchar, list_type varchar, name text, family_name text,
             given_name text, original_script text, aliases jsonb, name_keys text[],
             search_names text, dates_of_birth jsonb, nationalities text[], addresses jsonb,
             documents jsonb, listed_on date, last_day_updated text[], comments text,
             imo_numbers text[], company_numbers text[], record jsonb, content_hash char(64),
             screening_keys text[], screening_text text, rules_version smallint)
         ON CONFLICT (reference) DO UPDATE SET
           kind = excluded.kind, list_type = excluded.list_type, name = excluded.name,
           family_name = excluded.family_name, given_name = excluded.given_name,
           original_script = excluded.original_script, aliases = excluded.aliases,
           name_keys = excluded.name_keys, search_names = excluded.search_names,
           dates_of_birth = excluded.dates_of_birth, nationalities = excluded.nationalities,
           addresses = excluded.addresses, documents = excluded.documents,
           listed_on = excluded.listed_on, last_day_updated = excluded.last_day_updated,
           comments = excluded.comments, imo_numbers = excluded.imo_numbers,
           company_numbers = excluded.company_numbers, record = excluded.record,
           content_hash = excluded.content_hash, screening_keys = excluded.screening_keys,
           screening_text = excluded.screening_text, rules_version = excluded.rules_version,
           changed_version_id = excluded.changed_version_id,
           removed_at = NULL, removed_version_id = NULL`,
        [JSON.stringify(rows), versionId],
      );
    }
  }

  async markRemoved(tx: EntityManager, versionId: string, references: string[]): Promise<void> {
    if (references.length === 0) return;
    await tx.query(
      `UPDATE sanctions_designations
          SET removed_at = now(), removed_version_id = $2
        WHERE reference = ANY($1::varchar[]) AND removed_at IS NULL`,
      [references, versionId],
    );
  }

  async insertChanges(tx: EntityManager, versionId: string, changes: Change[]): Promise<void> {
    for (let start = 0; start < changes.length; start += BATCH) {
      const rows = changes.slice(start, start + BATCH);
      await tx.query(
        `INSERT INTO sanctions_designation_changes (version_id, reference, change, fields)
         SELECT $2::uuid, x.reference, x.change, x.fields
           FROM jsonb_to_recordset($1::jsonb) AS x(reference varchar, change varchar, fields text[])`,
        [JSON.stringify(rows), versionId],
      );
    }
  }

  findVersion(id: string): Promise<ListVersion | null> {
    return this.dataSource.getRepository(ListVersion).findOneBy({ id });
  }

  /** Newest first, keyset on the version number. */
  async pageVersions(limit: number, beforeNumber?: number): Promise<ListVersion[]> {
    const query = this.dataSource
      .getRepository(ListVersion)
      .createQueryBuilder('v')
      .orderBy('v.number', 'DESC')
      .limit(limit);
    if (beforeNumber !== undefined) query.where('v.number < :beforeNumber', { beforeNumber });
    return query.getMany();
  }

  /** A version's changes with the designation's name, by reference. */
  async pageChanges(
    versionId: string,
    change: ChangeKind | undefined,
    limit: number,
    afterReference?: string,
  ): Promise<ChangeRow[]> {
    return this.dataSource.query<ChangeRow[]>(
      `SELECT c.reference, c.change, c.fields, d.name, d.kind, d.list_type AS "listType"
         FROM sanctions_designation_changes c
         JOIN sanctions_designations d ON d.reference = c.reference
        WHERE c.version_id = $1
          AND ($2::varchar IS NULL OR c.change = $2)
          AND ($3::varchar IS NULL OR c.reference > $3)
        ORDER BY c.reference
        LIMIT $4`,
      [versionId, change ?? null, afterReference ?? null, limit],
    );
  }

  findDesignation(reference: string): Promise<Designation | null> {
    return this.dataSource.getRepository(Designation).findOneBy({ reference });
  }

  /** By reference; `q` is matched as a substring of any name (lower-cased) or a whole identifier. */
  async pageDesignations(
    filter: DesignationFilter,
    limit: number,
    afterReference?: string,
  ): Promise<Designation[]> {
    const query = this.dataSource
      .getRepository(Designation)
      .createQueryBuilder('d')
      .orderBy('d.reference', 'ASC')
      .limit(limit);
    if (!filter.includeRemoved) query.andWhere('d.removedAt IS NULL');
    if (filter.kind) query.andWhere('d.kind = :kind', { kind: filter.kind });
    if (filter.listType) query.andWhere('d.listType = :listType', { listType: filter.listType });
    if (afterReference !== undefined) {
      query.andWhere('d.reference > :afterReference', { afterReference });
    }
    if (filter.q) {
      const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere(
        `(d.searchNames ILIKE :pattern OR lower(d.reference) = lower(:q)
          OR :q = ANY(d.imoNumbers) OR :q = ANY(d.companyNumbers))`,
        { pattern, q: filter.q },
      );
    }
    return query.getMany();
  }
}
