import { EntityManager } from 'typeorm';

/** What the verification preconditions are judged on (spec 7). */
export interface VerificationFacts {
  sources: number;
  /** Evidence items not withdrawn. */
  evidence: number;
  pending: number;
  approved: number;
  /** Distinct independence groups among the sources of approved evidence. */
  independentGroups: number;
}

/**
 * SQL about an incident's sources and evidence that incidents needs inside its own statements,
 * over tables it does not own. Sources and evidence sit above incidents (LAYERS), so this
 * feature declares what it needs and evidence implements it (composing the fragments of
 * sources); the global EvidencePartsModule provides it (decision 0009).
 */
export abstract class IncidentParts {
  /**
   * The counts of the incident whose id is the SQL expression `id`, as a one-row subquery for
   * a lateral join (zeros included): columns sources, evidence (not withdrawn), pending,
   * approved, rejected, withdrawn, as bigint.
   */
  abstract countsOf(id: string): string;

  /**
   * For the timeline row aliased `history`, a subquery for a lateral join yielding at most
   * one row: the source the entry concerns, directly (a source added or changed) or through
   * its evidence item (added, reviewed, withdrawn). Columns confidential, created_by.
   */
  abstract historySourceOf(history: string): string;

  /** The facts of the verification preconditions, read in the transition's transaction. */
  abstract verificationFacts(tx: EntityManager, incidentId: string): Promise<VerificationFacts>;
}
