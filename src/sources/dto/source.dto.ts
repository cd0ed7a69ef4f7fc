import { ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { SourceDetails } from '../source-details';
import { ReliabilityGrade, Source, SourceKind } from '../source.entity';

/** Everything about a source: for any staff user if it is not confidential, else only some. */
export class SourceDto {
  /** Tells this view from the redacted one: `full` here (what a generated client switches on). */
  @ApiProperty({ enum: ['full'] })
  view: 'full';
  id: string;
  incidentId: string;
  kind: SourceKind;
  confidential: boolean;
  pseudonym: string;
  name: string;
  url: string | null;
  publishedAt: string | null;
  reliability: ReliabilityGrade;
  credibility: number;
  independenceGroup: string;
  contact: string | null;
  notes: string | null;
  version: number;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/**
 * A confidential source as every list and view shows it, to everyone (spec 8): its details
 * are read on purpose only, with POST /sources/:id/reveal.
 */
export class RedactedSourceDto {
  @ApiProperty({ enum: ['redacted'] })
  view: 'redacted';
  id: string;
  kind: SourceKind;
  @ApiProperty({ enum: [true] })
  confidential: true;
  pseudonym: string;
  reliability: ReliabilityGrade;
  credibility: number;
  /** Corroboration is judged on it; choose labels that name nobody. */
  independenceGroup: string;
  version: number;
}

export type SourceView = SourceDto | RedactedSourceDto;

export const SOURCE_VIEW_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(SourceDto) }, { $ref: getSchemaPath(RedactedSourceDto) }],
  discriminator: {
    propertyName: 'view',
    mapping: { full: getSchemaPath(SourceDto), redacted: getSchemaPath(RedactedSourceDto) },
  },
};

export class SourcePageDto {
  @ApiProperty({ type: 'array', items: SOURCE_VIEW_SCHEMA })
  items: SourceView[];
  nextCursor: string | null;
}

export function mapSource(source: Source, details: SourceDetails): SourceDto {
  return {
    view: 'full',
    id: source.id,
    incidentId: source.incidentId,
    kind: source.kind,
    confidential: source.confidential,
    pseudonym: source.pseudonym,
    name: details.name,
    url: details.url,
    publishedAt: source.publishedAt,
    reliability: source.reliability,
    credibility: source.credibility,
    independenceGroup: source.independenceGroup,
    contact: details.contact,
    notes: details.notes,
    version: source.version,
    createdBy: source.createdBy,
    createdAt: source.createdAt.toISOString(),
    updatedAt: source.updatedAt.toISOString(),
  };
}

/**
 * What corroboration and editing need, and nothing else: no details, no createdBy (who
 * handles the informant), no dates.
 */
export function redactSource(source: Source): RedactedSourceDto {
  return {
    view: 'redacted',
    id: source.id,
    kind: source.kind,
    confidential: true,
    pseudonym: source.pseudonym,
    reliability: source.reliability,
    credibility: source.credibility,
    independenceGroup: source.independenceGroup,
    version: source.version,
  };
}
