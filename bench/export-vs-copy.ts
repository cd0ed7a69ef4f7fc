import 'reflect-metadata';
import { Client } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { ExportQuery, INTERNAL_CSV_FIELDS, inlineParameters } from '../src/exports/export-query';

export interface CopyTiming {
  ms: number;
  bytes: number;
}

/**
 * The raw limit for the CSV export figure of spec 13: `COPY (<the export's own SQL>) TO STDOUT`
 * of the internal scope without filters, into a sink that discards, timed on the database of
 * `url`. Compare with the export job's startedAt..completedAt for the same scope and filters.
 */
export async function copyExportLimit(url: string): Promise<CopyTiming> {
  const dataSource = await new DataSource({ ...dataSourceOptions(url, 2) }).initialize();
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const statement = new ExportQuery(dataSource.manager, 'internal', {}).csv(INTERNAL_CSV_FIELDS);
    const sql = inlineParameters(statement, (value) => client.escapeLiteral(value));
    let bytes = 0;
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done): void {
        bytes += chunk.length;
        done();
      },
    });
    const started = process.hrtime.bigint();
    await pipeline(
      client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`)),
      sink,
    );
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, bytes };
  } finally {
    await client.end();
    await dataSource.destroy();
  }
}

/** Usage: npm run bench:copy -- --database URL */
async function main(): Promise<void> {
  const at = process.argv.indexOf('--database');
  const url =
    at > 0 ? process.argv[at + 1] : 'postgres://postgres@127.0.0.1:5432/sanctions_tracker';
  const { ms, bytes } = await copyExportLimit(url);
  process.stdout.write(
    `${JSON.stringify({ figure: 'COPY TO STDOUT (internal CSV)', ms: Math.round(ms), bytes })}\n`,
  );
}

if (require.main === module) void main();
