import { EntityManager } from 'typeorm';

/**
 * What regrading a source does to the evidence tied to it. Evidence sits above sources
 * (LAYERS), so this feature declares it and evidence implements it; the global
 * EvidencePartsModule provides it (decision 0009).
 */
export abstract class SourceRegrade {
  /**
   * Sends the source's reviewed evidence (approved or rejected) back to pending, each with a
   * `review_reopened` custody row by `actorId`, in the caller's transaction. The ids, sorted.
   */
  abstract reopenReviews(tx: EntityManager, sourceId: string, actorId: string): Promise<string[]>;
}
