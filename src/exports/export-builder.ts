import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { deadlinesOf } from '../incidents/stage-deadline';
import { ReferenceNames } from '../reference/reference-names';
import { ReferenceService } from '../reference/reference.service';
import { Export, ExportFormat } from './export.entity';
import {
  CSV_FIELDS_OF,
  DocumentShape,
  ExportQuery,
  FtmIncident,
  ReportIncident,
  Statement,
} from './export-query';
import { ftmEntities } from './ftm';
import { Bucket, htmlReport, markdownReport, ReportRenderer } from './export-report';
import { BuiltFile, ExportsRepository, ExportToBuild, Snapshot } from './exports.repository';

export const EXTENSION: Record<ExportFormat, string> = {
  csv: 'csv',
  json: 'json',
  ndjson: 'ndjson',
  markdown: 'md',
  html: 'html',
  ftm: 'ftm.json',
};

/** Progress is written at most this often, and only when its percentage moved. */
const PROGRESS_EVERY_MS = 250;

/** Shown to the user when a build fails; the cause goes to the log only. */
export const BUILD_FAILED = 'The export could not be built; please request it again.';

/** Hashes and counts the bytes on their way to the file. */
class Digest extends Transform {
  readonly hash = createHash('sha256');
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/**
 * The export's progress for the UI, written beside the rows, never in their way: at most one
 * update in flight, at most every PROGRESS_EVERY_MS, only when the percentage moved (capped at
 * 99: 100 is for a finished file). Awaiting an UPDATE every 500 rows held the stream up for
 * 2,000 commits at a million rows, a third of the export's time (measured). A failed update
 * fails the export at the next `update` or at `settle`.
 */
export class ProgressReporter {
  private percent = 0;
  private writtenAt = 0;
  private inFlight: Promise<void> | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly total: number,
    private readonly write: (percent: number) => Promise<void>,
    private readonly now: () => number = Date.now,
  ) {}

  update(rows: number): void {
    if (this.failure) throw this.failure;
    if (this.inFlight || this.total === 0) return;
    const percent = Math.min(99, Math.floor((rows * 100) / this.total));
    if (percent <= this.percent || this.now() - this.writtenAt < PROGRESS_EVERY_MS) return;
    this.percent = percent;
    this.writtenAt = this.now();
    this.inFlight = this.write(percent)
      .catch((error: Error) => {
        this.failure = error;
      })
      .finally(() => {
        this.inFlight = null;
      });
  }

  /** Waits for the update in flight; throws if any failed. */
  async settle(): Promise<void> {
    await this.inFlight;
    if (this.failure) throw this.failure;
  }
}

/**
 * Progress while COPY streams, from newlines found with the native indexOf (a per-byte loop
 * in JavaScript cost a third of the export's time at a million rows). A newline inside a
 * quoted value over-counts a little, which only moves progress (capped below 100 until the
 * end); the exact row count is COPY's own "COPY n", read when the stream ends.
 */
class CopyProgress extends Transform {
  private lines = 0;

  constructor(private readonly progress: ProgressReporter) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) this.lines += 1;
    try {
      this.progress.update(Math.max(0, this.lines - 1));
    } catch (error) {
      done(error as Error);
      return;
    }
    done(null, chunk);
  }
}

/**
 * Builds one export file: a read-only snapshot on a dedicated connection, rows streamed to a
 * temporary file (COPY for CSV, a cursor otherwise), renamed into place only when complete.
 */
@Injectable()
export class ExportBuilder {
  constructor(
    private readonly repository: ExportsRepository,
    private readonly reference: ReferenceService,
    @InjectLogger() private readonly logger: Logger,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  get directory(): string {
    return join(this.config.storageDir, 'exports');
  }

  pathOf(row: Pick<Export, 'id' | 'format'>): string {
    return join(this.directory, `${row.id}.${EXTENSION[row.format]}`);
  }

  /** Runs the export if it is still due; a row already finished is left alone (idempotent). */
  async build(exportId: string): Promise<void> {
    const row = await this.repository.claimForBuild(exportId);
    if (!row) return;
    await mkdir(join(this.directory, 'tmp'), { recursive: true });
    const temporaryPath = join(this.directory, 'tmp', `${row.id}.${Date.now()}.part`);
    try {
      const result = await this.write(row, temporaryPath);
      await rename(temporaryPath, this.pathOf(row));
      const recorded = await this.repository.markCompleted(
        row.id,
        result,
        this.config.exportTtlSeconds,
      );
      if (!recorded) await rm(this.pathOf(row), { force: true });
    } catch (error) {
      await rm(temporaryPath, { force: true });
      this.logger.error({ exportId: row.id, err: (error as Error).message }, 'export build failed');
      await this.repository.markFailed(row.id, BUILD_FAILED);
      throw error;
    }
  }

  private async write(row: ExportToBuild, temporaryPath: string): Promise<BuiltFile> {
    const query = this.repository.incidentsOf(
      row.scope,
      row.filters ?? {},
      deadlinesOf(this.config),
    );
    // Read before the snapshot's connection is taken: one connection per build at a time.
    const renderer = await this.rendererOf(row.format);
    return this.repository.readSnapshot(async (snapshot) => {
      const total = await snapshot.count(query.count());
      const progress = new ProgressReporter(total, (percent) =>
        this.repository.writeProgress(row.id, percent),
      );
      const digest = new Digest();
      const file = createWriteStream(temporaryPath, { mode: 0o640 });
      let rowCount: number;
      if (row.format === 'csv') {
        const fields = row.fields.length > 0 ? row.fields : CSV_FIELDS_OF[row.scope];
        const copy = snapshot.copyCsv(query.csv(fields));
        await pipeline(copy, new CopyProgress(progress), digest, file);
        rowCount = copy.rowCount;
      } else {
        const counted = { rows: 0 };
        await pipeline(
          Readable.from(this.chunks(snapshot, row, renderer, query, total, counted, progress)),
          digest,
          file,
        );
        rowCount = counted.rows;
      }
      await progress.settle();
      return { rowCount, sizeBytes: digest.size, sha256: digest.hash.digest('hex') };
    });
  }

  private async rendererOf(format: ExportFormat): Promise<ReportRenderer | null> {
    const report = REPORTS[format];
    return report ? report(await this.reference.names()) : null;
  }

  private async *chunks(
    snapshot: Snapshot,
    row: ExportToBuild,
    renderer: ReportRenderer | null,
    query: ExportQuery,
    total: number,
    counted: { rows: number },
    progress: ProgressReporter,
  ): AsyncGenerator<string> {
    if (renderer) {
      // The totals come from aggregates in the same snapshot, before the rows: the rows
      // themselves are never held.
      const totals = (statement: Statement): Promise<Bucket[]> => snapshot.buckets(statement);
      yield renderer.head({
        scope: row.scope,
        filters: row.filters ?? {},
        generatedAt: new Date(),
        title: row.title,
        introduction: row.introduction,
        total,
        byRegime: await totals(query.totals('i.regime')),
        byCategory: await totals(query.totals('i.category')),
        byCountry: await totals(query.totalsByCountry()),
        byMonth: await totals(query.totals("to_char(i.occurred_from, 'YYYY-MM')")),
      });
    } else if (row.format === 'json') {
      yield '[';
    }
    const shape: DocumentShape = renderer
      ? `${row.scope}Report`
      : row.format === 'ftm'
        ? 'ftm'
        : row.scope;
    for await (const docs of snapshot.documents(query.documents(shape))) {
      let text: string;
      if (renderer) {
        text = docs.map((doc) => renderer.incident(JSON.parse(doc) as ReportIncident)).join('');
      } else if (row.format === 'ftm') {
        text = docs
          .flatMap((doc) => ftmEntities(JSON.parse(doc) as FtmIncident))
          .map((entity) => `${JSON.stringify(entity)}\n`)
          .join('');
      } else if (row.format === 'json') {
        text = docs.map((doc, i) => `${counted.rows + i === 0 ? '\n' : ',\n'}${doc}`).join('');
      } else {
        text = docs.map((doc) => `${doc}\n`).join('');
      }
      counted.rows += docs.length;
      yield text;
      progress.update(counted.rows);
    }
    if (renderer) yield renderer.foot();
    else if (row.format === 'json') yield counted.rows === 0 ? ']\n' : '\n]\n';
  }
}

const REPORTS: Partial<Record<ExportFormat, (names: ReferenceNames) => ReportRenderer>> = {
  markdown: markdownReport,
  html: htmlReport,
};
