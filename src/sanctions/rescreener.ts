import { Injectable } from '@nestjs/common';
import { Logger } from 'pino';
import { InjectLogger } from '../common/core.module';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { LookupCache, Screener } from './screener';
import { ScreeningRepository } from './screening.repository';

/** Incidents per step: one retrieval statement and one transaction for all their actors. */
const STEP = 1000;

export interface RescreenOutcome {
  status: 'completed' | 'failed' | 'missing';
  screened: number;
  total: number;
}

/**
 * Screens every actor again after a list version added or amended designations (spec 15). It
 * walks incidents by id; each step's screenings and the walk's position commit together, so a
 * restarted job goes on where it stopped, and an actor already screened against the version
 * (by this walk, or by intake since) is skipped: none is screened twice.
 */
@Injectable()
export class Rescreener {
  constructor(
    private readonly repository: ScreeningRepository,
    private readonly incidents: IncidentsRepository,
    private readonly screener: Screener,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  async run(
    versionId: string,
    onProgress: (done: { screened: number; total: number }) => void = () => undefined,
  ): Promise<RescreenOutcome> {
    const row = await this.repository.rescreen(versionId);
    if (!row) return { status: 'missing', screened: 0, total: 0 };
    if (row.status === 'completed') {
      return { status: 'completed', screened: row.screened, total: row.total };
    }
    const total = row.total > 0 ? row.total : await this.incidents.countActors();
    await this.repository.startRescreen(versionId, total);
    let after = row.afterIncidentId;
    // Candidates by lookup for this walk: the same names recur across incidents. A version
    // imported meanwhile empties it, and starts a re-screening of its own.
    const cache = new LookupCache();
    let screened = row.screened;
    try {
      // The next page is read while this one is screened: the database and the scoring
      // overlap instead of taking turns.
      let next = this.incidents.actorsPage(after, STEP);
      for (;;) {
        const page = await next;
        if (page.length === 0) break;
        const last = page[page.length - 1].id;
        next = this.incidents.actorsPage(last, STEP);
        // Awaited by the next turn or, on failure, here, so a rejection is never left alone.
        next.catch(() => undefined);
        const count = await this.screener.screen(
          page,
          { onlyStale: true, prune: false, cache, writeChangesOnly: true },
          (tx, done) => this.repository.advanceRescreen(tx, versionId, last, done),
        );
        after = last;
        screened += count;
        onProgress({ screened, total });
      }
    } catch (error) {
      this.logger.error({ versionId, err: (error as Error).message }, 're-screening failed');
      await this.repository.finishRescreen(
        versionId,
        'failed',
        'The re-screening failed; it resumes when retried.',
      );
      throw error;
    }
    await this.repository.finishRescreen(versionId, 'completed');
    return { status: 'completed', screened, total };
  }
}
