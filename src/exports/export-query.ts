import { EntityManager, SelectQueryBuilder } from 'typeorm';
import { IncidentFilters } from '../incidents/dto/incident-query.dto';
import { filteredIncidents } from '../incidents/incident-search';
import { StageDeadlines } from '../incidents/stage-deadline';
import { publicIncidentJson, publiclyVisible } from '../public/public-projection';
import { actorsWithDesignations, designationsText } from '../sanctions/screening.repository';
import { gradedSourcesJson, openSourcesJson, reportSourcesJson } from '../sources/source-fragments';
import { ActorType, Incident } from '../incidents/incident.entity';
import { ExportScope } from './export.entity';

/** The public fields of spec 12, in the order a CSV shows them by default. */
export const PUBLIC_CSV_FIELDS = [
  'reference',
  'title',
  'publicSummary',
  'regime',
  'category',
  'provisions',
  'occurredFrom',
  'occurredTo',
  'datePrecision',
  'countries',
  'confidence',
  'publishedAt',
] as const;

export const INTERNAL_CSV_FIELDS = [
  'id',
  ...PUBLIC_CSV_FIELDS,
  'status',
  'summary',
  'tags',
  'assigneeId',
  'createdBy',
  'createdAt',
  'updatedAt',
  'submittedAt',
  'verifiedAt',
  'designations',
] as const;

export const ALL_CSV_FIELDS: readonly string[] = INTERNAL_CSV_FIELDS;

export const CSV_FIELDS_OF: Record<ExportScope, readonly string[]> = {
  public: PUBLIC_CSV_FIELDS,
  internal: INTERNAL_CSV_FIELDS,
};

const timestamp = (column: string): string =>
  `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const date = (column: string): string => `to_char(${column}, 'YYYY-MM-DD')`;
const list = (column: string): string => `array_to_string(${column}, ';')`;

/** The SQL expression of each CSV column, as text. */
const CSV_COLUMN: Record<(typeof INTERNAL_CSV_FIELDS)[number], string> = {
  id: 'i.id::text',
  reference: 'i.reference',
  title: 'i.title',
  publicSummary: 'i.public_summary',
  regime: 'i.regime',
  category: 'i.category',
  provisions: list('i.provisions'),
  occurredFrom: date('i.occurred_from'),
  occurredTo: date('i.occurred_to'),
  datePrecision: 'i.date_precision',
  countries: list('i.countries'),
  confidence: 'i.confidence',
  publishedAt: timestamp('i.published_at'),
  status: 'i.status',
  summary: 'i.summary',
  tags: list('i.tags'),
  assigneeId: 'i.assignee_id::text',
  createdBy: 'i.created_by::text',
  createdAt: timestamp('i.created_at'),
  updatedAt: timestamp('i.updated_at'),
  submittedAt: timestamp('i.submitted_at'),
  verifiedAt: timestamp('i.verified_at'),
  designations: designationsText('i'),
};

/** What publication shows as the title (spec 6): a public export never carries the internal one. */
const PUBLIC_TITLE = 'coalesce(i.public_title, i.title)';

/**
 * A spreadsheet runs a cell starting with = + - @ (or tab, CR) as a formula; a leading quote
 * makes it text. Done in SQL so that COPY streams the rows untouched.
 */
export const neutralised = (expression: string): string =>
  `CASE WHEN (${expression}) ~ '^[=+\\-@\\t\\r]' THEN '''' || (${expression}) ELSE (${expression}) END`;

const PUBLIC_DOCUMENT = publicIncidentJson('i');

const INTERNAL_DOCUMENT = `json_build_object(
  'id', i.id, 'reference', i.reference, 'status', i.status, 'title', i.title,
  'summary', i.summary, 'publicSummary', i.public_summary,
  'regime', i.regime, 'category', i.category, 'provisions', i.provisions,
  'occurredFrom', i.occurred_from, 'occurredTo', i.occurred_to, 'datePrecision', i.date_precision,
  'countries', i.countries, 'locations', i.locations, 'actors', ${actorsWithDesignations('i')},
  'quantities', i.quantities, 'tags', i.tags, 'confidence', i.confidence,
  'assigneeId', i.assignee_id, 'createdBy', i.created_by,
  'createdAt', ${timestamp('i.created_at')}, 'updatedAt', ${timestamp('i.updated_at')},
  'submittedAt', ${timestamp('i.submitted_at')}, 'verifiedAt', ${timestamp('i.verified_at')},
  'publishedAt', ${timestamp('i.published_at')},
  'sources', ${gradedSourcesJson('i')})`;

/**
 * What the summary report shows of an incident. The public scope shows the public fields of
 * spec 12 only: the public title and summary, countries but never places (a place name can
 * narrow down who reported), open sources. The internal scope adds the status, the staff
 * title, the places and the internal summary, and names confidential sources by pseudonym.
 */
const REPORT_FIELDS = `'reference', i.reference, 'title', ${PUBLIC_TITLE},
  'regime', i.regime, 'category', i.category,
  'occurredFrom', i.occurred_from, 'occurredTo', i.occurred_to, 'datePrecision', i.date_precision,
  'countries', i.countries, 'provisions', i.provisions, 'confidence', i.confidence,
  'publicSummary', i.public_summary`;
const PUBLIC_REPORT_DOCUMENT = `json_build_object(${REPORT_FIELDS}, 'sources', ${openSourcesJson('i')})`;
const INTERNAL_REPORT_DOCUMENT = `json_build_object(${REPORT_FIELDS},
  'sources', ${reportSourcesJson('i')},
  'internal', json_build_object('status', i.status, 'title', i.title, 'summary', i.summary,
                                'locations', i.locations, 'actors', ${actorsWithDesignations('i')}))`;

/** What the FollowTheMoney export maps to entities (ftm.ts): actors are internal data. */
const FTM_DOCUMENT = `json_build_object('reference', i.reference,
  'actors', ${actorsWithDesignations('i', { withComments: true })})`;

export interface ReportLocation {
  role: string;
  countryCode: string;
  adminArea?: string;
  placeName?: string;
}

export type ReportSource =
  | { kind: string; name: string | null; url: string | null; confidential?: undefined }
  | { kind: string; confidential: true; pseudonym: string };

/** An actor's confirmed designation, as exports carry it. */
export interface ActorDesignation {
  /** The list's reference, e.g. KPe.001 (the actor's designationRef is UN:KPe.001). */
  reference: string;
  name: string;
  listType: string;
  /** YYYY-MM-DD */
  listedOn: string | null;
  /** No longer on the list (the confirmation stands, as the record of what was decided). */
  removed: boolean;
  /** The list's narrative (COMMENTS1): the FtM document only. */
  comments?: string | null;
}

/** An incident's actor as exports read it (IncidentActor plus its confirmed designation). */
export interface ExportActor {
  id: string;
  name: string;
  type: ActorType;
  role?: string;
  designationRef?: string;
  imoNumber?: string;
  nationality?: string;
  birthYear?: number;
  designation?: ActorDesignation;
}

export interface ReportIncident {
  reference: string;
  /** The public title. */
  title: string;
  regime: string;
  category: string;
  occurredFrom: string;
  occurredTo: string;
  datePrecision: string;
  countries: string[];
  provisions: string[];
  confidence: string | null;
  publicSummary: string;
  /** Open sources; in the internal scope confidential ones too, by pseudonym. */
  sources: ReportSource[];
  /** Internal scope only. */
  internal?: {
    status: string;
    title: string;
    summary: string;
    locations: ReportLocation[];
    actors: ExportActor[];
  };
}

/** The FtM document of an incident. */
export interface FtmIncident {
  reference: string;
  actors: ExportActor[];
}

export type DocumentShape = 'public' | 'internal' | 'publicReport' | 'internalReport' | 'ftm';

const DOCUMENT: Record<DocumentShape, string> = {
  public: PUBLIC_DOCUMENT,
  internal: INTERNAL_DOCUMENT,
  publicReport: PUBLIC_REPORT_DOCUMENT,
  internalReport: INTERNAL_REPORT_DOCUMENT,
  ftm: FTM_DOCUMENT,
};

/** SQL text and its positional parameters. */
export interface Statement {
  sql: string;
  parameters: unknown[];
}

/**
 * The incidents an export covers: the list's filters, and for the public scope published
 * incidents only. Public exports run newest publication first, internal ones by date.
 */
export class ExportQuery {
  constructor(
    private readonly manager: EntityManager,
    private readonly scope: ExportScope,
    private readonly filters: IncidentFilters,
    private readonly deadlines?: StageDeadlines,
  ) {}

  private base(): SelectQueryBuilder<Incident> {
    const query = filteredIncidents(this.manager, this.filters, { deadlines: this.deadlines });
    if (this.scope === 'public') query.andWhere(publiclyVisible('i'));
    return query;
  }

  private ordered(query: SelectQueryBuilder<Incident>): Statement {
    if (this.scope === 'public') query.orderBy('i.published_at', 'DESC');
    else query.orderBy('i.occurred_from', 'DESC');
    const [sql, parameters] = query.addOrderBy('i.id', 'DESC').getQueryAndParameters();
    return { sql, parameters };
  }

  count(): Statement {
    const [sql, parameters] = this.base().select('count(*)', 'count').getQueryAndParameters();
    return { sql, parameters };
  }

  /** The CSV rows: each column as neutralised text, headed by its field name. */
  csv(fields: readonly string[]): Statement {
    const query = this.base();
    for (const [index, field] of fields.entries()) {
      const column =
        this.scope === 'public' && field === 'title'
          ? PUBLIC_TITLE
          : CSV_COLUMN[field as keyof typeof CSV_COLUMN];
      const expression = neutralised(column);
      if (index === 0) query.select(expression, field);
      else query.addSelect(expression, field);
    }
    return this.ordered(query);
  }

  /** One JSON document (as text) per incident, in the column `doc`. */
  documents(shape: DocumentShape): Statement {
    return this.ordered(this.base().select(`${DOCUMENT[shape]}::text`, 'doc'));
  }

  /** Counts per key, for the report's totals; `expression` is SQL over `i`. */
  totals(expression: string): Statement {
    const [sql, parameters] = this.base()
      .select(expression, 'key')
      .addSelect('count(*)', 'count')
      .groupBy('key')
      .orderBy('key')
      .getQueryAndParameters();
    return { sql, parameters };
  }

  totalsByCountry(): Statement {
    const [inner, parameters] = this.base()
      .select('i.countries', 'countries')
      .getQueryAndParameters();
    return {
      sql: `SELECT c AS key, count(*) AS count FROM (${inner}) f, unnest(f.countries) c
             GROUP BY c ORDER BY c`,
      parameters,
    };
  }
}

/**
 * COPY takes no bind parameters, so the (validated) filter values are inlined as literals,
 * escaped by the driver, in one pass so that no inlined value is scanned again.
 */
export function inlineParameters(
  statement: Statement,
  escapeLiteral: (value: string) => string,
): string {
  return statement.sql.replace(/\$(\d+)/g, (_match, index: string) => {
    const value = statement.parameters[Number(index) - 1];
    // The list's filters bind strings only; anything else is a programming error, not input.
    if (typeof value !== 'string') throw new Error(`parameter $${index} is not a string`);
    return escapeLiteral(value);
  });
}
