import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import type { IncidentActor } from '../incidents/incident.entity';
import type { ScreenedIncident } from '../incidents/incidents.repository';
import {
  ActorState,
  CandidateQuery,
  LatestDecision,
  NewCandidate,
  RetrievedDesignation,
  ScreeningRepository,
} from './screening.repository';
import { SCREENING_RULES_VERSION, screeningKeys, screeningText } from './screening/names';
import {
  compareScored,
  designatedAtTheTime,
  PreparedDesignation,
  prepareDesignation,
  prepareQuery,
  ScoredCandidate,
  scoreCandidate,
  ScreeningQuery,
} from './screening/score';

/** What screening reads of an actor: an edit to anything else does not screen it again. */
export function screeningQueryOf(actor: Omit<IncidentActor, 'id'>): ScreeningQuery {
  return {
    name: actor.name,
    type: actor.type,
    ...(actor.imoNumber ? { imoNumber: actor.imoNumber } : {}),
    ...(actor.nationality ? { nationality: actor.nationality } : {}),
    ...(actor.birthYear ? { birthYear: actor.birthYear } : {}),
  };
}

export function actorHash(actor: Omit<IncidentActor, 'id'>): string {
  return createHash('sha256')
    .update(JSON.stringify(screeningQueryOf(actor)))
    .digest('hex');
}

export interface Dates {
  occurredFrom: string;
  occurredTo: string;
}

/**
 * Candidates by lookup, kept by a caller that screens many actors (re-screening), for one list
 * version: a newer version empties it.
 */
export class LookupCache {
  private version: number | null = null;
  private entries = new Map<string, RetrievedDesignation[]>();
  /** Scores by actor (what screening reads of it): they do not depend on the incident. */
  private scores = new Map<string, ScoredWith[]>();

  at(version: number): Map<string, RetrievedDesignation[]> {
    if (version !== this.version) {
      this.version = version;
      this.entries = new Map();
      this.scores = new Map();
    }
    return this.entries;
  }

  scoresAt(version: number): Map<string, ScoredWith[]> {
    this.at(version);
    return this.scores;
  }
}

type ScoredWith = ScoredCandidate & { designation: RetrievedDesignation };

/** A scored candidate with whether the designation was in force when the incident happened. */
export interface ScreenedCandidate extends ScoredCandidate {
  designation: RetrievedDesignation;
  designatedAtTheTime: ReturnType<typeof designatedAtTheTime>;
}

/** A name's keys and text, by name: the same names recur across incidents. Bounded. */
const NAME_FORMS = new Map<string, { keys: string[]; text: string }>();
const NAME_FORMS_MAX = 50_000;

function nameFormOf(name: string): { keys: string[]; text: string } {
  let form = NAME_FORMS.get(name);
  if (!form) {
    if (NAME_FORMS.size >= NAME_FORMS_MAX) NAME_FORMS.clear();
    form = { keys: screeningKeys(name), text: screeningText(name) };
    NAME_FORMS.set(name, form);
  }
  return form;
}

function lookupOf(index: number, query: ScreeningQuery): CandidateQuery {
  const { keys, text } = nameFormOf(query.name);
  return { index, keys, text, numbers: query.imoNumber ? [query.imoNumber] : [] };
}

/**
 * Screens actors against the designations in force (spec 15): candidates from PostgreSQL
 * (ScreeningRepository.retrieve), scores and explanations in code (screening/score.ts).
 * Nothing here is ever confirmed: it proposes, people decide.
 */
@Injectable()
export class Screener {
  private keysChecked = false;
  /** Designations prepared for scoring, by reference, while their content is unchanged. */
  private readonly prepared = new Map<string, { hash: string; prepared: PreparedDesignation }>();

  constructor(
    private readonly repository: ScreeningRepository,
    private readonly transactions: Transactions,
  ) {}

  /** Brings designations' keys to the current rules once per process (a no-op when they are). */
  private async ensureKeys(): Promise<void> {
    if (this.keysChecked) return;
    await this.repository.refreshDesignationKeys();
    this.keysChecked = true;
  }

  /** Candidates of each query, best first, for a form: nothing is saved. */
  async preview(queries: ScreeningQuery[], dates: Dates | null): Promise<ScreenedCandidate[][]> {
    await this.ensureKeys();
    const found = await this.lookup(queries);
    return queries.map((query, i) => this.scoreAll(query, found[i], dates));
  }

  /**
   * The candidates of each query, in one statement for all the lookups not in `cache`: a name
   * (its keys and text) and an identifier are looked up apart, so actors named alike (the same
   * company in many incidents) cost one lookup, and a vessel's own IMO number one more.
   */
  private async lookup(
    queries: ScreeningQuery[],
    tx?: EntityManager,
    cache: Map<string, RetrievedDesignation[]> = new Map(),
  ): Promise<RetrievedDesignation[][]> {
    const parts = queries.map((query, i) => {
      const lookup = lookupOf(i, query);
      return [
        {
          // keys and text follow from the name alone
          key: `name:${query.name}`,
          keys: lookup.keys,
          text: lookup.text,
          numbers: [] as string[],
        },
        ...lookup.numbers.map((value) => ({
          key: `number:${value}`,
          keys: [] as string[],
          text: '',
          numbers: [value],
        })),
      ];
    });
    const missing = new Map<string, CandidateQuery>();
    for (const part of parts.flat()) {
      if (!cache.has(part.key) && !missing.has(part.key)) {
        missing.set(part.key, {
          index: missing.size,
          keys: part.keys,
          text: part.text,
          numbers: part.numbers,
        });
      }
    }
    if (missing.size > 0) {
      const wanted = [...missing.entries()];
      const hits = await this.repository.retrieve(
        wanted.map(([, lookup]) => lookup),
        tx,
      );
      for (const [key] of wanted) cache.set(key, []);
      for (const hit of hits) cache.get(wanted[hit.index][0])!.push(hit.designation);
    }
    return parts.map((own) => {
      const found = new Map<string, RetrievedDesignation>();
      for (const part of own) {
        for (const designation of cache.get(part.key)!)
          found.set(designation.reference, designation);
      }
      return [...found.values()];
    });
  }

  private scoreAll(
    query: ScreeningQuery,
    designations: RetrievedDesignation[],
    dates: Dates | null,
    memo?: Map<string, ScoredWith[]>,
  ): ScreenedCandidate[] {
    if (designations.length === 0) return [];
    const key = memo ? JSON.stringify(query) : '';
    let scored = memo?.get(key);
    if (!scored) {
      scored = [];
      const prepared = prepareQuery(query);
      for (const designation of designations) {
        const result = scoreCandidate(prepared, this.prepare(designation));
        if (result) scored.push({ ...result, designation });
      }
      scored.sort(compareScored);
      memo?.set(key, scored);
    }
    return scored.map((candidate) => ({
      ...candidate,
      designatedAtTheTime: dates
        ? designatedAtTheTime(candidate.designation.listedOn, dates.occurredFrom, dates.occurredTo)
        : 'unknown',
    }));
  }

  private prepare(designation: RetrievedDesignation): PreparedDesignation {
    const cached = this.prepared.get(designation.reference);
    if (cached?.hash === designation.contentHash) return cached.prepared;
    const prepared = prepareDesignation(designation);
    this.prepared.set(designation.reference, { hash: designation.contentHash, prepared });
    return prepared;
  }

  /**
   * Screens the actors of these incidents and saves what it found. `onlyStale`: skips an actor
   * already screened, as it is now, against the current list version and rules (re-screening
   * uses it so none is screened twice). `prune`: forgets actors an incident no longer names.
   * Answers how many actors it screened.
   */
  async screen(
    incidents: ScreenedIncident[],
    options: {
      onlyStale: boolean;
      prune: boolean;
      /**
       * Candidates by lookup, kept across calls by a caller that screens many actors against
       * one list version (re-screening); only while the designations do not change.
       */
      cache?: LookupCache;
      /**
       * Re-screening's walk: an actor whose candidates come out as they were is not written
       * again; the walk's own record (sanctions_rescreens) says it was screened against the
       * version. Most actors match nothing, so most steps write next to nothing.
       */
      writeChangesOnly?: boolean;
    },
    within?: (tx: EntityManager, screened: number) => Promise<void>,
  ): Promise<number> {
    await this.ensureKeys();
    return this.transactions.run(async (tx) => {
      const listVersion = await this.repository.currentListVersion(tx);
      const cache = options.cache?.at(listVersion);
      const memo = options.cache?.scoresAt(listVersion);
      const ids = incidents.map((incident) => incident.id);
      const known = new Map(
        (await this.repository.states(ids, tx)).map((state) => [
          `${state.incidentId}/${state.actorId}`,
          state,
        ]),
      );
      const todo: { incident: ScreenedIncident; actor: IncidentActor; state: ActorState }[] = [];
      for (const incident of incidents) {
        for (const actor of incident.actors) {
          // Every actor the service writes has an id; a row written around it is not screened.
          if (typeof actor.id !== 'string') continue;
          const state: ActorState = {
            incidentId: incident.id,
            actorId: actor.id,
            actorHash: actorHash(actor),
            listVersion,
            rulesVersion: SCREENING_RULES_VERSION,
          };
          const before = known.get(`${incident.id}/${actor.id}`);
          const current =
            before?.actorHash === state.actorHash &&
            before.listVersion === listVersion &&
            before.rulesVersion === SCREENING_RULES_VERSION;
          if (options.onlyStale && current) continue;
          todo.push({ incident, actor, state });
        }
      }
      const found = await this.lookup(
        todo.map((item) => screeningQueryOf(item.actor)),
        tx,
        cache,
      );
      const decisions = await this.dismissals(
        [...new Set(todo.map((item) => item.incident.id))],
        tx,
      );
      const candidates: NewCandidate[] = [];
      todo.forEach((item, i) => {
        const scored = this.scoreAll(screeningQueryOf(item.actor), found[i], item.incident, memo);
        for (const candidate of scored) {
          const dismissed = decisions.get(
            `${item.incident.id}/${item.actor.id}/${candidate.reference}`,
          );
          // Dismissed: not proposed again until the designation changes.
          if (dismissed && dismissed.designationHash === candidate.designation.contentHash)
            continue;
          candidates.push({
            incidentId: item.incident.id,
            actorId: item.actor.id,
            reference: candidate.reference,
            score: candidate.score,
            band: candidate.band,
            explanation: {
              ...candidate.explanation,
              designatedAtTheTime: candidate.designatedAtTheTime,
            },
            designationHash: candidate.designation.contentHash,
          });
        }
      });
      let written = todo.map((item) => item.state);
      let writtenCandidates = candidates;
      if (options.writeChangesOnly && todo.length > 0) {
        const signature = (
          rows: {
            reference: string;
            score: number | string;
            band: string;
            designationHash: string;
          }[],
        ): string =>
          rows
            .map(
              (row) =>
                `${row.reference}:${Number(row.score).toFixed(2)}:${row.band}:${row.designationHash}`,
            )
            .sort()
            .join('|');
        const before = new Map<string, NewCandidate[]>();
        for (const row of await this.repository.candidateSignatures(ids, tx)) {
          const key = `${row.incidentId}/${row.actorId}`;
          before.set(key, [...(before.get(key) ?? []), row as unknown as NewCandidate]);
        }
        const after = new Map<string, NewCandidate[]>();
        for (const candidate of candidates) {
          const key = `${candidate.incidentId}/${candidate.actorId}`;
          after.set(key, [...(after.get(key) ?? []), candidate]);
        }
        const changed = new Set(
          todo
            .filter((item) => {
              const key = `${item.state.incidentId}/${item.state.actorId}`;
              const was = known.get(key);
              return (
                was?.actorHash !== item.state.actorHash ||
                was.rulesVersion !== item.state.rulesVersion ||
                signature(before.get(key) ?? []) !== signature(after.get(key) ?? [])
              );
            })
            .map((item) => `${item.state.incidentId}/${item.state.actorId}`),
        );
        written = written.filter((state) => changed.has(`${state.incidentId}/${state.actorId}`));
        writtenCandidates = candidates.filter((candidate) =>
          changed.has(`${candidate.incidentId}/${candidate.actorId}`),
        );
      }
      await this.repository.saveScreenings(
        tx,
        written,
        writtenCandidates,
        options.prune
          ? incidents.map((incident) => ({
              incidentId: incident.id,
              actorIds: incident.actors.map((actor) => actor.id),
            }))
          : [],
      );
      if (within) await within(tx, todo.length);
      return todo.length;
    });
  }

  private async dismissals(
    incidentIds: string[],
    tx: EntityManager,
  ): Promise<Map<string, LatestDecision>> {
    const latest = await this.repository.latestDecisions(incidentIds, tx);
    return new Map(
      latest
        .filter((decision) => decision.decision === 'dismissed')
        .map((decision) => [
          `${decision.incidentId}/${decision.actorId}/${decision.reference}`,
          decision,
        ]),
    );
  }
}
