import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';
import { Logger } from 'pino';
import { InjectConfig, InjectLogger } from '../common/core.module';
import { AppConfig } from '../config/config';
import { StorageService } from '../storage/storage.service';
import { ImportOutcome, ListImporter } from './list-importer';
import { SanctionsService } from './sanctions.service';

/** The Consolidated List is a few MB; a much larger answer is not it. */
const MAX_LIST_BYTES = 200 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 5 * 60 * 1000;

/** The daily fetch of SANCTIONS_LIST_URL: downloaded, then imported like an upload. */
@Injectable()
export class ListFetcher {
  constructor(
    private readonly sanctions: SanctionsService,
    private readonly importer: ListImporter,
    private readonly storage: StorageService,
    @InjectConfig() private readonly config: AppConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async fetchAndImport(): Promise<ImportOutcome | null> {
    const url = this.config.sanctionsListUrl;
    if (!url) return null;
    const response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      redirect: 'follow',
    });
    if (!response.ok || !response.body) {
      // Thrown so the job retries with backoff; the URL may hold a token, so it is not logged.
      throw new Error(`the sanctions list download answered ${response.status}`);
    }
    const list = await this.storage.receive(
      Readable.fromWeb(response.body as ReadableStream<Uint8Array>),
      MAX_LIST_BYTES,
    );
    const id = await this.sanctions.request({
      source: 'fetch',
      requestedBy: null,
      list,
      force: false,
    });
    const outcome = await this.importer.run(id);
    this.logger.info({ importId: id, status: outcome?.status }, 'sanctions list fetched');
    return outcome;
  }
}
