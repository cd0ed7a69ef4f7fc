/** What a report calls each reference code, in words (spec 10): by code, per kind. */
export interface ReferenceNames {
  regimes: ReadonlyMap<string, string>;
  categories: ReadonlyMap<string, string>;
  provisions: ReadonlyMap<string, string>;
}

/** "Democratic People's Republic of Korea, UNSCR 1718 (2006)". */
export const regimeName = (name: string, resolution: string): string =>
  `${name}, UNSCR ${resolution}`;

/** "UNSCR 2397 (2017) OP8", or "UNSCR 2397 (2017)" for a resolution as a whole. */
export const provisionName = (resolution: string, paragraph: string | null): string =>
  `UNSCR ${resolution}${paragraph ? ` ${paragraph}` : ''}`;
