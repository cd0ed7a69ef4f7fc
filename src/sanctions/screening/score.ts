import { imoDigits } from '../identifiers';
import { type Country, countryOf, sameCountry } from './countries';
import { type NameParse, type NameToken, parseKnownName, parseName } from './names';
import { tokenSimilarity } from './token-similarity';

export type ScreenedActorType = 'person' | 'organization' | 'company' | 'vessel' | 'state';

export interface ScreeningQuery {
  name: string;
  type: ScreenedActorType;
  imoNumber?: string;
  /** ISO 3166 alpha-2 or a country name. */
  nationality?: string;
  birthYear?: number;
}

/** The columns of sanctions_designations that scoring reads. */
export interface CandidateDesignation {
  reference: string;
  kind: 'individual' | 'entity' | 'vessel';
  listType: string;
  name: string;
  familyName: string | null;
  givenName: string | null;
  originalScript: string | null;
  aliases: { name: string; quality: string | null }[];
  nationalities: string[];
  datesOfBirth: Record<string, string>[];
  imoNumbers: string[];
  companyNumbers: string[];
  listedOn: string | null;
  removedAt?: Date | null;
}

export type Band = 'strong' | 'possible';

export interface TokenMatch {
  query: string;
  candidate: string | null;
  similarity: number;
  family: boolean;
}

export interface Explanation {
  /** Which of the designation's names or aliases matched. */
  matchedName: string;
  matchedNameKind: 'name' | 'alias' | 'originalScript';
  /** "Good"/"Low" (individuals), "a.k.a."/"f.k.a." (entities). */
  aliasQuality: string | null;
  queryName: string;
  /** The query's parts in order, each with the candidate part it met. */
  tokens: TokenMatch[];
  /** The matched name's parts that the query lacks. */
  missingFromQuery: string[];
  nameScore: number;
  identifiers: { kind: 'imo' | 'companyNumber'; value: string; agreed: boolean }[];
  qualifiers: {
    kind: 'nationality' | 'birthYear';
    query: string;
    candidate: string;
    agreed: boolean;
    effect: number;
  }[];
  notes: string[];
}

export interface ScoredCandidate {
  reference: string;
  /** 0..1, two decimals. */
  score: number;
  band: Band;
  explanation: Explanation;
}

export const STRONG_BAND = 0.9;
export const POSSIBLE_BAND = 0.7;
/** A vessel's name is not enough: without its IMO number it stays at the band's edge. */
export const VESSEL_NAME_CAP = 0.7;
export const IDENTIFIER_MATCH = 0.95;

/** Tversky weights: a part the query lacks costs twice what an extra query part costs. */
const QUERY_EXTRA_COST = 0.5;
const QUERY_MISSING_COST = 1;
/** Token pairs less alike than this are left unpaired. */
const MIN_PAIR_SIMILARITY = 0.5;
/** Same canonical token, spelt differently (Lee/Ri, Daesong/Taesong). */
const VARIANT_SIMILARITY = 0.98;
const LOW_QUALITY_ALIAS_FACTOR = 0.9;

const NATIONALITY_AGREES = 0.03;
const NATIONALITY_DIFFERS = -0.1;
const BIRTH_YEAR_AGREES = 0.04;
const BIRTH_YEAR_DIFFERS = -0.15;
/** Dates of birth in the list are often approximate: a year or two off neither helps nor hurts. */
const BIRTH_YEAR_SLACK = 2;
const COMPANY_NUMBER_DIFFERS = -0.15;

export function bandOf(score: number): Band | null {
  if (score >= STRONG_BAND) return 'strong';
  if (score > POSSIBLE_BAND) return 'possible';
  return null;
}

const round2 = (value: number): number => Math.round(value * 100) / 100;

const COMPARED_KINDS: Record<ScreenedActorType, ReadonlySet<CandidateDesignation['kind']>> = {
  person: new Set(['individual']),
  organization: new Set(['entity']),
  company: new Set(['entity']),
  state: new Set(['entity']),
  vessel: new Set(['vessel', 'entity']),
};

interface PreparedName {
  text: string;
  kind: Explanation['matchedNameKind'];
  quality: string | null;
  parses: NameParse[];
}

interface YearRange {
  from: number;
  to: number;
  text: string;
}

/** A designation with its names parsed once, for screening many actors against it. */
export interface PreparedDesignation {
  readonly designation: CandidateDesignation;
  readonly names: PreparedName[];
  readonly nationalities: Country[];
  readonly birthYears: YearRange[];
}

/** A query with its name parsed once, for scoring it against many candidates. */
export interface PreparedQuery {
  readonly query: ScreeningQuery;
  readonly parses: NameParse[];
  readonly imo: string | null;
  readonly nationality: Country | null;
}

const preparedDesignations = new WeakMap<CandidateDesignation, PreparedDesignation>();

function birthYearsOf(dates: Record<string, string>[]): YearRange[] {
  const years: YearRange[] = [];
  for (const date of dates) {
    const exact = /^(\d{4})/.exec(date.date ?? date.year ?? '');
    const from = Number(date.fromYear);
    const to = Number(date.toYear);
    if (exact) {
      const year = Number(exact[1]);
      years.push({ from: year, to: year, text: exact[1] });
    } else if (Number.isInteger(from) && Number.isInteger(to) && from > 0 && to >= from) {
      years.push({ from, to, text: `${from}-${to}` });
    }
  }
  return years;
}

/** The list's own reading of a name first, then the guessed ones that differ from it. */
function distinctParses(known: NameParse[], guessed: NameParse[]): NameParse[] {
  const seen = new Set<string>();
  return [...known, ...guessed].filter((parse) => {
    const signature = parse.tokens.map((t) => `${t.canon}/${t.family ? 1 : 0}`).join(' ');
    if (seen.has(signature)) return false;
    seen.add(signature);
    return true;
  });
}

export function prepareDesignation(designation: CandidateDesignation): PreparedDesignation {
  const cached = preparedDesignations.get(designation);
  if (cached) return cached;
  const names: PreparedName[] = [
    {
      text: designation.name,
      kind: 'name',
      quality: null,
      parses: distinctParses(
        designation.familyName !== null
          ? [parseKnownName(designation.familyName, designation.givenName)]
          : [],
        parseName(designation.name),
      ),
    },
  ];
  if (designation.originalScript) {
    const text = designation.originalScript;
    names.push({ text, kind: 'originalScript', quality: null, parses: parseName(text) });
  }
  for (const alias of designation.aliases) {
    names.push({
      text: alias.name,
      kind: 'alias',
      quality: alias.quality,
      parses: parseName(alias.name),
    });
  }
  const prepared: PreparedDesignation = {
    designation,
    names,
    nationalities: designation.nationalities.map(countryOf),
    birthYears: birthYearsOf(designation.datesOfBirth),
  };
  preparedDesignations.set(designation, prepared);
  return prepared;
}

export function prepareQuery(query: ScreeningQuery): PreparedQuery {
  const nationality = query.nationality?.trim() ? countryOf(query.nationality) : null;
  return {
    query,
    parses: parseName(query.name),
    imo: query.imoNumber !== undefined ? imoDigits(query.imoNumber) : null,
    nationality,
  };
}

const isPreparedQuery = (value: ScreeningQuery | PreparedQuery): value is PreparedQuery =>
  'parses' in value;
const isPreparedDesignation = (
  value: CandidateDesignation | PreparedDesignation,
): value is PreparedDesignation => 'names' in value && 'designation' in value;

interface NameMatch {
  score: number;
  tokens: TokenMatch[];
  missingFromQuery: string[];
}

function tokenPairSimilarity(query: NameToken, candidate: NameToken): number {
  if (query.canon === candidate.canon)
    return query.plain === candidate.plain ? 1 : VARIANT_SIMILARITY;
  return tokenSimilarity(query.canon, candidate.canon, MIN_PAIR_SIMILARITY);
}

/**
 * A weighted Tversky index over the parts: pairs agree by their similarity; a part of the
 * candidate the query lacks costs QUERY_MISSING_COST of its weight, an extra query part
 * QUERY_EXTRA_COST. Family names pair only with family names when both sides know theirs.
 */
function matchParses(query: NameToken[], candidate: NameToken[]): NameMatch {
  const familiesKnown = query.some((t) => t.family) && candidate.some((t) => t.family);
  const pairs: { i: number; j: number; similarity: number }[] = [];
  for (let i = 0; i < query.length; i += 1) {
    for (let j = 0; j < candidate.length; j += 1) {
      if (familiesKnown && query[i].family !== candidate[j].family) continue;
      const similarity = tokenPairSimilarity(query[i], candidate[j]);
      if (similarity >= MIN_PAIR_SIMILARITY) pairs.push({ i, j, similarity });
    }
  }
  pairs.sort((a, b) => b.similarity - a.similarity || a.i - b.i || a.j - b.j);
  const partnerOfQuery = new Array<number>(query.length).fill(-1);
  const similarityOfQuery = new Array<number>(query.length).fill(0);
  const candidateTaken = new Array<boolean>(candidate.length).fill(false);
  for (const pair of pairs) {
    if (partnerOfQuery[pair.i] !== -1 || candidateTaken[pair.j]) continue;
    partnerOfQuery[pair.i] = pair.j;
    similarityOfQuery[pair.i] = pair.similarity;
    candidateTaken[pair.j] = true;
  }
  let agreement = 0;
  let queryOnly = 0;
  let candidateOnly = 0;
  const tokens: TokenMatch[] = query.map((token, i) => {
    const j = partnerOfQuery[i];
    if (j === -1) {
      queryOnly += token.weight;
      return { query: token.plain, candidate: null, similarity: 0, family: token.family };
    }
    const weight = (token.weight + candidate[j].weight) / 2;
    const similarity = similarityOfQuery[i];
    agreement += similarity * weight;
    queryOnly += (1 - similarity) * weight;
    candidateOnly += (1 - similarity) * weight;
    return {
      query: token.plain,
      candidate: candidate[j].plain,
      similarity: round2(similarity),
      family: token.family || candidate[j].family,
    };
  });
  const missingFromQuery: string[] = [];
  candidate.forEach((token, j) => {
    if (candidateTaken[j]) return;
    candidateOnly += token.weight;
    missingFromQuery.push(token.plain);
  });
  const denominator = agreement + QUERY_EXTRA_COST * queryOnly + QUERY_MISSING_COST * candidateOnly;
  return { score: denominator > 0 ? agreement / denominator : 0, tokens, missingFromQuery };
}

interface BestName {
  name: PreparedName;
  match: NameMatch;
  score: number;
}

function bestName(query: PreparedQuery, designation: PreparedDesignation): BestName | null {
  let best: BestName | null = null;
  for (const name of designation.names) {
    const factor = name.quality === 'Low' ? LOW_QUALITY_ALIAS_FACTOR : 1;
    for (const candidateParse of name.parses) {
      for (const queryParse of query.parses) {
        const match = matchParses(queryParse.tokens, candidateParse.tokens);
        const score = match.score * factor;
        if (best === null || score > best.score) best = { name, match, score };
      }
    }
  }
  return best;
}

/** The best name score over the designation's names, before identifiers and qualifiers. */
export function nameScoreOf(
  query: ScreeningQuery | PreparedQuery,
  designation: CandidateDesignation | PreparedDesignation,
): number {
  const preparedQuery = isPreparedQuery(query) ? query : prepareQuery(query);
  const prepared = isPreparedDesignation(designation)
    ? designation
    : prepareDesignation(designation);
  return bestName(preparedQuery, prepared)?.score ?? 0;
}

function nationalityQualifier(
  query: PreparedQuery,
  designation: PreparedDesignation,
): Explanation['qualifiers'][number] | null {
  if (query.nationality === null || designation.nationalities.length === 0) return null;
  const verdicts = designation.nationalities.map((country) =>
    sameCountry(query.nationality as Country, country),
  );
  if (verdicts.includes(true) || verdicts.every((verdict) => verdict === false)) {
    const agreed = verdicts.includes(true);
    return {
      kind: 'nationality',
      query: query.query.nationality ?? '',
      candidate: designation.designation.nationalities.join('; '),
      agreed,
      effect: agreed ? NATIONALITY_AGREES : NATIONALITY_DIFFERS,
    };
  }
  return null;
}

function birthYearQualifier(
  query: PreparedQuery,
  designation: PreparedDesignation,
): Explanation['qualifiers'][number] | null {
  const year = query.query.birthYear;
  if (year === undefined || !Number.isInteger(year) || designation.birthYears.length === 0) {
    return null;
  }
  const distance = Math.min(
    ...designation.birthYears.map((range) =>
      year < range.from ? range.from - year : year > range.to ? year - range.to : 0,
    ),
  );
  const agreed = distance === 0;
  return {
    kind: 'birthYear',
    query: String(year),
    candidate: designation.birthYears.map((range) => range.text).join('; '),
    agreed,
    effect: agreed ? BIRTH_YEAR_AGREES : distance <= BIRTH_YEAR_SLACK ? 0 : BIRTH_YEAR_DIFFERS,
  };
}

/**
 * The designation's best score over all its names, with why; null when the kinds are not
 * compared (a person with an entity) or the score is below the bands (<= 0.70).
 */
export function scoreCandidate(
  query: ScreeningQuery | PreparedQuery,
  designation: CandidateDesignation | PreparedDesignation,
): ScoredCandidate | null {
  const preparedQuery = isPreparedQuery(query) ? query : prepareQuery(query);
  const prepared = isPreparedDesignation(designation)
    ? designation
    : prepareDesignation(designation);
  const candidate = prepared.designation;
  const { type } = preparedQuery.query;
  if (!COMPARED_KINDS[type].has(candidate.kind)) return null;
  const best = bestName(preparedQuery, prepared);
  if (best === null) return null;

  const notes: string[] = [];
  const qualifiers = [
    nationalityQualifier(preparedQuery, prepared),
    birthYearQualifier(preparedQuery, prepared),
  ].filter((qualifier) => qualifier !== null);
  let score = best.score;
  if (score > 0) {
    for (const qualifier of qualifiers) score += qualifier.effect;
  }
  score = Math.min(1, Math.max(0, score));
  if (best.name.quality === 'Low') notes.push('matched a low-quality alias, which counts less');

  const identifiers: Explanation['identifiers'] = [];
  let identified = false;
  const imo = preparedQuery.imo;
  if (imo !== null && type === 'vessel' && candidate.imoNumbers.length > 0) {
    const agreed = candidate.imoNumbers.includes(imo);
    identifiers.push({ kind: 'imo', value: imo, agreed });
    identified = agreed;
    if (!agreed) notes.push('the IMO numbers differ');
  }
  if (
    imo !== null &&
    type !== 'vessel' &&
    type !== 'person' &&
    candidate.companyNumbers.length > 0
  ) {
    const agreed = candidate.companyNumbers.includes(imo);
    identifiers.push({ kind: 'companyNumber', value: imo, agreed });
    identified = agreed;
    if (!agreed) {
      score = Math.max(0, score + COMPANY_NUMBER_DIFFERS);
      notes.push('the company numbers differ');
    }
  }
  if (identified) {
    score = 1 - (1 - IDENTIFIER_MATCH) * (1 - score);
  } else if (type === 'vessel' && score > VESSEL_NAME_CAP) {
    score = VESSEL_NAME_CAP;
    notes.push('a vessel matched by name alone is capped below possible');
  }
  if (candidate.removedAt) {
    notes.push(`removed from the list on ${candidate.removedAt.toISOString().slice(0, 10)}`);
  }

  const rounded = round2(score);
  const band = bandOf(rounded);
  if (band === null) return null;
  return {
    reference: candidate.reference,
    score: rounded,
    band,
    explanation: {
      matchedName: best.name.text,
      matchedNameKind: best.name.kind,
      aliasQuality: best.name.quality,
      queryName: preparedQuery.query.name,
      tokens: best.match.tokens,
      missingFromQuery: best.match.missingFromQuery,
      nameScore: round2(best.score),
      identifiers,
      qualifiers,
      notes,
    },
  };
}

const KIND_ORDER: Record<Explanation['matchedNameKind'], number> = {
  name: 0,
  originalScript: 1,
  alias: 2,
};

/**
 * The order candidates are shown in: score, then the name score, then a match on the
 * designation's own name before one on an alias, then the reference (so ties are stable).
 */
export function compareScored(a: ScoredCandidate, b: ScoredCandidate): number {
  return (
    b.score - a.score ||
    b.explanation.nameScore - a.explanation.nameScore ||
    KIND_ORDER[a.explanation.matchedNameKind] - KIND_ORDER[b.explanation.matchedNameKind] ||
    (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0)
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}/;

function dayOf(value: string, what: string): string {
  const day = DAY.exec(value.trim())?.[0];
  if (day === undefined || Number.isNaN(Date.parse(day))) {
    throw new RangeError(`${what} is not a date: ${JSON.stringify(value)}`);
  }
  return day;
}

/**
 * Whether a designation was in force when an incident happened: yes when listed on or before
 * its first day, no when listed after its last, partly when listed during it; unknown without
 * a listing date.
 */
export function designatedAtTheTime(
  listedOn: string | null,
  occurredFrom: string,
  occurredTo: string,
): 'yes' | 'no' | 'partly' | 'unknown' {
  const from = dayOf(occurredFrom, 'occurredFrom');
  const to = dayOf(occurredTo, 'occurredTo');
  if (to < from) throw new RangeError(`occurredTo ${to} is before occurredFrom ${from}`);
  if (listedOn === null) return 'unknown';
  const listed = dayOf(listedOn, 'listedOn');
  if (listed <= from) return 'yes';
  if (listed > to) return 'no';
  return 'partly';
}
