import { Injectable } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { Logger } from 'pino';
import { AuditService } from '../audit/audit.service';
import { InjectLogger } from '../common/core.module';
import { Transactions } from '../database/transactions';
import {
  changedFields,
  DesignationKind,
  ListFormatError,
  parseConsolidatedList,
  ParsedDesignation,
} from './consolidated-list';
import { ListFiles } from './list-files';
import { SanctionsImport } from './sanctions-import.entity';
import { Change, CurrentDesignation, SanctionsRepository } from './sanctions.repository';
import { ScreeningService } from './screening.service';
import { parseVesselList } from './vessel-list';

/** A list whose entries fall by more than this share is refused unless forced (SPEC 15). */
export const MAX_SHRINK = 0.1;

/** Shown when an import fails for a reason of ours; the cause goes to the log only. */
export const IMPORT_FAILED = 'The import failed; please try again.';

/** The import is refused: the message says why, in words safe to show. */
class Refusal extends Error {}

export interface ImportOutcome {
  status: 'completed' | 'unchanged' | 'refused' | 'failed';
  versionId: string | null;
  /** The version added or amended designations: every actor is to be screened again. */
  rescreen?: boolean;
  error: string | null;
  added: number;
  amended: number;
  removed: number;
}

/** One part of the designations an import replaces: the XML list's, or the vessel list's. */
interface Scope {
  label: string;
  kinds: DesignationKind[];
  incoming: ParsedDesignation[];
}

interface Diff {
  upserts: ParsedDesignation[];
  removed: string[];
  changes: Change[];
  added: number;
  amended: number;
  /** The guard would have refused it, but the import was forced. */
  shrank: boolean;
}

function diffScope(scope: Scope, inForce: CurrentDesignation[], force: boolean): Diff {
  const current = new Map(
    inForce.filter((row) => scope.kinds.includes(row.kind)).map((row) => [row.reference, row]),
  );
  const shrank = current.size > 0 && scope.incoming.length < current.size * (1 - MAX_SHRINK);
  if (shrank && !force) {
    const percent = (((current.size - scope.incoming.length) * 100) / current.size).toFixed(1);
    throw new Refusal(
      `The ${scope.label} has ${scope.incoming.length} entries, ${percent}% fewer than the ` +
        `${current.size} in force: a cut download would delist them. Import it with force ` +
        `if the list really shrank.`,
    );
  }
  const diff: Diff = { upserts: [], removed: [], changes: [], added: 0, amended: 0, shrank };
  const incoming = new Set<string>();
  for (const designation of scope.incoming) {
    incoming.add(designation.reference);
    const before = current.get(designation.reference);
    if (!before) {
      diff.upserts.push(designation);
      diff.changes.push({ reference: designation.reference, change: 'added', fields: [] });
      diff.added += 1;
    } else if (before.contentHash !== designation.contentHash) {
      diff.upserts.push(designation);
      diff.changes.push({
        reference: designation.reference,
        change: 'amended',
        fields: changedFields(before.record, designation.record),
      });
      diff.amended += 1;
    }
  }
  for (const reference of current.keys()) {
    if (!incoming.has(reference)) {
      diff.removed.push(reference);
      diff.changes.push({ reference, change: 'removed', fields: [] });
    }
  }
  return diff;
}

function assertUnique(designations: ParsedDesignation[]): void {
  const seen = new Set<string>();
  for (const { reference } of designations) {
    if (seen.has(reference)) throw new Refusal(`The reference ${reference} appears twice`);
    seen.add(reference);
  }
}

/**
 * Runs one import: reads its files, diffs them against the designations in force and, when
 * something changed, writes a list version with its changes in one transaction. Content is
 * compared by hash (LAST_DAY_UPDATED often stays put when a record changes), designations by
 * trimmed reference number (DATAID changes with every amendment).
 */
@Injectable()
export class ListImporter {
  constructor(
    private readonly repository: SanctionsRepository,
    private readonly files: ListFiles,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly screening: ScreeningService,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async run(
    importId: string,
    onProgress: (percent: number) => void = () => undefined,
  ): Promise<ImportOutcome | null> {
    const row = await this.repository.claimImport(importId);
    if (!row) return null;
    let outcome: ImportOutcome;
    try {
      outcome = await this.apply(row, onProgress);
    } catch (error) {
      const refused = error instanceof Refusal || error instanceof ListFormatError;
      if (!refused) {
        this.logger.error({ importId, err: (error as Error).message }, 'sanctions import failed');
      }
      const ended: ImportOutcome & { status: 'refused' | 'failed' } = {
        status: refused ? 'refused' : 'failed',
        versionId: null,
        error: refused ? error.message : IMPORT_FAILED,
        added: 0,
        amended: 0,
        removed: 0,
      };
      outcome = ended;
      await this.transactions.run(async (tx) => {
        await this.repository.finishImport(importId, ended.status, ended, tx);
        // The job acts, not the person who asked: their request is audited on its own.
        await this.audit.append(tx, {
          actorId: null,
          action: refused ? 'sanctions.import_refused' : 'sanctions.import_failed',
          entityType: 'sanctions_import',
          entityId: importId,
          data: { requestedBy: row.requestedBy, error: ended.error },
        });
      });
    }
    if (outcome.status !== 'completed') await this.files.remove(importId);
    return outcome;
  }

  private async apply(
    row: SanctionsImport,
    onProgress: (percent: number) => void,
  ): Promise<ImportOutcome> {
    const total = Number(row.fileBytes ?? 0);
    // Progress goes to the import's row beside the work, one write at a time, every 5%: the
    // parse never waits for it, and a failed write fails the import when it is awaited.
    let reported = 0;
    let written: Promise<void> = Promise.resolve();
    const progress = (percent: number): Promise<void> => {
      if (percent >= reported + 5) {
        reported = percent;
        onProgress(percent);
        written = written.then(() => this.repository.setProgress(row.id, percent));
      }
      return written;
    };
    // Reading the list is most of the work: 0 to 70%.
    const list = await parseConsolidatedList(
      createReadStream(this.files.pathOf(row.id, 'list')),
      (bytes) => {
        if (total > 0)
          void progress(Math.min(70, Math.floor((bytes * 70) / total))).catch(() => {});
      },
    );
    await progress(70);
    if (list.designations.length === 0) throw new Refusal('The list has no designations');
    assertUnique(list.designations);
    const scopes: Scope[] = [
      { label: 'list', kinds: ['individual', 'entity'], incoming: list.designations },
    ];
    if (row.vesselsSha256) {
      const vessels = await parseVesselList(createReadStream(this.files.pathOf(row.id, 'vessels')));
      assertUnique([...list.designations, ...vessels]);
      scopes.push({ label: 'vessel list', kinds: ['vessel'], incoming: vessels });
    }
    await progress(75);

    return this.transactions.run(async (tx) => {
      await this.repository.lockForImport(tx);
      const inForce = await this.repository.inForce(tx);
      const diffs = scopes.map((scope) => diffScope(scope, inForce, row.force));
      const changes = diffs.flatMap((diff) => diff.changes);
      const added = diffs.reduce((sum, diff) => sum + diff.added, 0);
      const amended = diffs.reduce((sum, diff) => sum + diff.amended, 0);
      const removed = diffs.reduce((sum, diff) => sum + diff.removed.length, 0);
      if (changes.length === 0) {
        const latest = await this.repository.latestVersion(tx);
        const versionId = latest?.id ?? null;
        await this.repository.finishImport(row.id, 'unchanged', { versionId }, tx);
        return { status: 'unchanged', versionId, error: null, added, amended, removed };
      }
      const versionId = await this.repository.insertVersion(tx, {
        source: row.source,
        importId: row.id,
        fileSha256: row.fileSha256!,
        vesselsSha256: row.vesselsSha256,
        dateGenerated: list.dateGenerated,
        added,
        amended,
        removed,
        forced: diffs.some((diff) => diff.shrank),
        importedBy: row.requestedBy,
      });
      await this.repository.upsertDesignations(
        tx,
        versionId,
        diffs.flatMap((diff) => diff.upserts),
      );
      await this.repository.markRemoved(
        tx,
        versionId,
        diffs.flatMap((diff) => diff.removed),
      );
      await this.repository.insertChanges(tx, versionId, changes);
      await this.repository.countVersion(tx, versionId);
      const { rescreen, flagged } = await this.screening.afterListVersion(tx, versionId, {
        added,
        amended: changes.filter((each) => each.change === 'amended').map((each) => each.reference),
        removed: changes.filter((each) => each.change === 'removed').map((each) => each.reference),
      });
      await this.repository.finishImport(row.id, 'completed', { versionId }, tx);
      await this.audit.append(tx, {
        actorId: null,
        action: 'sanctions.list_imported',
        entityType: 'sanctions_list_version',
        entityId: versionId,
        data: {
          importId: row.id,
          requestedBy: row.requestedBy,
          source: row.source,
          fileSha256: row.fileSha256,
          vesselsSha256: row.vesselsSha256,
          dateGenerated: list.dateGenerated,
          added,
          amended,
          removed,
          forced: diffs.some((diff) => diff.shrank),
          incidentsFlagged: flagged,
        },
      });
      onProgress(100);
      return { status: 'completed', versionId, error: null, added, amended, removed, rescreen };
    });
  }
}
