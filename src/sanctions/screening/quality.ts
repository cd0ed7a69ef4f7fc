import {
  type CandidateDesignation,
  compareScored,
  POSSIBLE_BAND,
  type ScoredCandidate,
  type ScreeningQuery,
} from './score';

/** One query's outcome, for reading what went wrong. */
export interface QualityMiss {
  query: string;
  expected: string;
  /** The references shown first, best first, with their scores. */
  ranked: { reference: string; score: number; matchedName: string }[];
}

export interface QualityFigures {
  queries: number;
  /** The right designation comes first (after the display order's tie-breaks). */
  rankedFirst: number;
  /** ... and no other designation has its score. */
  rankedFirstAlone: number;
  withinPossible: number;
  /** (query naming one person, another designated person) pairs, and those above 0.70. */
  personPairs: number;
  personPairsAbove: number;
  rankedFirstRate: number;
  withinPossibleRate: number;
  personPairsAboveRate: number;
  notFirst: QualityMiss[];
  crossMatches: { query: string; expected: string; other: string; score: number }[];
}

/** Screens one query against the designations, however they are found. */
export type Screen = (query: ScreeningQuery) => ScoredCandidate[] | Promise<ScoredCandidate[]>;

const rate = (count: number, total: number): number => (total === 0 ? 0 : count / total);

/**
 * SPEC 15's quality measure: every individual and entity among the designations is queried by
 * its name and each alias (as a person, as a company) through `screen`, which should look at
 * all of `designations`; counts how often the right one comes first and is in a band, and how
 * often a name of one person scores above 0.70 against another person.
 */
export async function qualityFigures(
  designations: CandidateDesignation[],
  screen: Screen,
): Promise<QualityFigures> {
  const individuals = designations.filter((d) => d.kind === 'individual').length;
  const figures: QualityFigures = {
    queries: 0,
    rankedFirst: 0,
    rankedFirstAlone: 0,
    withinPossible: 0,
    personPairs: 0,
    personPairsAbove: 0,
    rankedFirstRate: 0,
    withinPossibleRate: 0,
    personPairsAboveRate: 0,
    notFirst: [],
    crossMatches: [],
  };
  for (const designation of designations) {
    if (designation.kind === 'vessel') continue;
    const type = designation.kind === 'individual' ? 'person' : 'company';
    for (const name of [designation.name, ...designation.aliases.map((alias) => alias.name)]) {
      const results = [...(await screen({ name, type }))].sort(compareScored);
      figures.queries += 1;
      const own = results.find((result) => result.reference === designation.reference);
      if (own !== undefined && own.score > POSSIBLE_BAND) figures.withinPossible += 1;
      if (results[0]?.reference === designation.reference) {
        figures.rankedFirst += 1;
        if (results[1] === undefined || results[1].score < results[0].score) {
          figures.rankedFirstAlone += 1;
        }
      } else {
        figures.notFirst.push({
          query: name,
          expected: designation.reference,
          ranked: results.slice(0, 3).map((result) => ({
            reference: result.reference,
            score: result.score,
            matchedName: result.explanation.matchedName,
          })),
        });
      }
      if (designation.kind !== 'individual') continue;
      figures.personPairs += individuals - 1;
      for (const result of results) {
        if (result.reference === designation.reference || result.score <= POSSIBLE_BAND) continue;
        const other = designations.find((d) => d.reference === result.reference);
        if (other?.kind !== 'individual') continue;
        figures.personPairsAbove += 1;
        figures.crossMatches.push({
          query: name,
          expected: designation.reference,
          other: `${result.reference} (${result.explanation.matchedName})`,
          score: result.score,
        });
      }
    }
  }
  figures.rankedFirstRate = rate(figures.rankedFirst, figures.queries);
  figures.withinPossibleRate = rate(figures.withinPossible, figures.queries);
  figures.personPairsAboveRate = rate(figures.personPairsAbove, figures.personPairs);
  return figures;
}
