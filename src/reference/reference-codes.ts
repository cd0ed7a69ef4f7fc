import { FieldError } from '../common/validation';

export const REFERENCE_KINDS = ['regime', 'category', 'provision'] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export const CODE_MAX_LENGTH = 40;

/** An upper-case prefix and hyphen-separated segments, e.g. UN-1718. */
export const REGIME_CODE = /^[A-Z]{2,10}(?:-[A-Z0-9]{1,16}){1,3}$/;
/** Lower snake case, e.g. overseas_labor. */
export const CATEGORY_CODE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
/** A prefix, the resolution number, then optional paragraph segments, e.g. UNSCR-2397-OP8. */
export const PROVISION_CODE = /^[A-Z]{2,10}-[0-9]{1,5}(?:-[A-Z0-9]{1,16}){0,3}$/;
/** As resolutions are cited, e.g. "2397 (2017)". */
export const RESOLUTION = /^[0-9]{1,5} \([0-9]{4}\)$/;

export interface CodeState {
  active: boolean;
}

export interface ProvisionState extends CodeState {
  regime: string;
}

/** Every code with its state; small enough to hold whole in memory. */
export interface ReferenceSnapshot {
  regimes: ReadonlyMap<string, CodeState>;
  categories: ReadonlyMap<string, CodeState>;
  provisions: ReadonlyMap<string, ProvisionState>;
}

export interface CodesToValidate {
  regime?: string;
  category?: string;
  provisions?: string[];
}

/** Where a client finds the codes of a kind, named in every message about one. */
export const REFERENCE_LIST: Record<ReferenceKind, string> = {
  regime: 'GET /api/v1/reference/regimes',
  category: 'GET /api/v1/reference/categories',
  provision: 'GET /api/v1/reference/provisions',
};

function problem(kind: ReferenceKind, code: string, state: CodeState | undefined): string | null {
  if (!state) return `unknown ${kind} "${code}": see ${REFERENCE_LIST[kind]}`;
  if (!state.active) {
    return `inactive ${kind} "${code}": see ${REFERENCE_LIST[kind]}?active=true`;
  }
  return null;
}

/**
 * What is wrong with the codes an incident names, shaped like validation errors: unknown or
 * inactive codes, and provisions of a regime other than the one given.
 */
export function findCodeErrors(snapshot: ReferenceSnapshot, input: CodesToValidate): FieldError[] {
  const errors: FieldError[] = [];
  if (input.regime !== undefined) {
    const found = problem('regime', input.regime, snapshot.regimes.get(input.regime));
    if (found) errors.push({ field: 'regime', errors: [found] });
  }
  if (input.category !== undefined) {
    const found = problem('category', input.category, snapshot.categories.get(input.category));
    if (found) errors.push({ field: 'category', errors: [found] });
  }
  if (input.provisions !== undefined) {
    // Membership is only worth reporting against a regime that exists.
    const regime =
      input.regime !== undefined && snapshot.regimes.has(input.regime) ? input.regime : undefined;
    const found = new Set<string>();
    for (const code of input.provisions) {
      const state = snapshot.provisions.get(code);
      const own = problem('provision', code, state);
      if (own) found.add(own);
      else if (state && regime !== undefined && state.regime !== regime) {
        found.add(
          `provision "${code}" belongs to regime "${state.regime}", not "${regime}": ` +
            `see ${REFERENCE_LIST.provision}?regime=${encodeURIComponent(regime)}`,
        );
      }
    }
    if (found.size > 0) errors.push({ field: 'provisions', errors: [...found] });
  }
  return errors;
}
