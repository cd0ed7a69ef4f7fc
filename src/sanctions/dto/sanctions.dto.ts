import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import type { DesignationKind } from '../consolidated-list';
import { Designation } from '../designation.entity';
import { CHANGE_KINDS, ChangeKind } from '../designation-change.entity';
import { LIST_SOURCES, ListSource, ListVersion } from '../list-version.entity';
import { IMPORT_STATUSES, ImportStatus, SanctionsImport } from '../sanctions-import.entity';
import { Rescreen, RescreenStatus } from '../rescreen.entity';
import type { ChangeRow } from '../sanctions.repository';

const DESIGNATION_KINDS: DesignationKind[] = ['individual', 'entity', 'vessel'];
/** A trimmed reference number as the lists write them: KPi.001, KPe.022, QDi.015. */
export const REFERENCE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9.\-/]{0,31}$/;

const FLAT_OBJECTS = {
  type: 'array',
  items: { type: 'object', additionalProperties: { type: 'string' } },
} as const;

/** The multipart fields of an upload, beside its `file` (and optional `vessels`) parts. */
export class ImportUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The Consolidated List (XML)' })
  file: unknown;

  @ApiPropertyOptional({
    type: 'string',
    format: 'binary',
    description: 'The vessel list: CSV of reference, name, imo, listedOn, basis, notes',
  })
  vessels?: unknown;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Import even when the list shrinks by more than 10%',
  })
  force?: string;
}

export class ImportQueuedDto {
  id: string;
  @ApiProperty({ enum: ['queued'] })
  status: 'queued';
}

export class SanctionsImportDto {
  id: string;
  @ApiProperty({ enum: LIST_SOURCES })
  source: ListSource;
  @ApiProperty({ enum: IMPORT_STATUSES })
  status: ImportStatus;
  progress: number;
  force: boolean;
  requestedBy: string | null;
  fileSha256: string | null;
  fileBytes: number | null;
  vesselsSha256: string | null;
  /** The version it made, or for `unchanged` the current one. */
  versionId: string | null;
  /** Why it was refused or failed. */
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export const mapImport = (row: SanctionsImport): SanctionsImportDto => ({
  id: row.id,
  source: row.source,
  status: row.status,
  progress: row.progress,
  force: row.force,
  requestedBy: row.requestedBy,
  fileSha256: row.fileSha256,
  fileBytes: row.fileBytes === null ? null : Number(row.fileBytes),
  vesselsSha256: row.vesselsSha256,
  versionId: row.versionId,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  completedAt: row.completedAt?.toISOString() ?? null,
});

export class ListVersionDto {
  id: string;
  number: number;
  @ApiProperty({ enum: LIST_SOURCES })
  source: ListSource;
  importId: string;
  fileSha256: string;
  vesselsSha256: string | null;
  /** The list's own dateGenerated. */
  dateGenerated: string | null;
  individuals: number;
  entities: number;
  vessels: number;
  added: number;
  amended: number;
  removed: number;
  /** Imported past the shrink guard. */
  forced: boolean;
  importedBy: string | null;
  createdAt: string;
}

/** The re-screening of every actor a list version started (when it added or amended). */
export class RescreenDto {
  versionId: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] })
  status: RescreenStatus;
  /** Actors named by incidents when it started. */
  total: number;
  /** Actors screened so far (those already screened against the version are skipped). */
  screened: number;
  /** Incidents flagged because a designation one of their actors was confirmed as changed. */
  flagged: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
}

export const mapRescreen = (row: Rescreen): RescreenDto => ({
  versionId: row.versionId,
  status: row.status,
  total: row.total,
  screened: row.screened,
  flagged: row.flagged,
  error: row.error,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  completedAt: row.completedAt?.toISOString() ?? null,
});

export const mapVersion = (row: ListVersion): ListVersionDto => ({
  id: row.id,
  number: row.number,
  source: row.source,
  importId: row.importId,
  fileSha256: row.fileSha256,
  vesselsSha256: row.vesselsSha256,
  dateGenerated: row.dateGenerated?.toISOString() ?? null,
  individuals: row.individuals,
  entities: row.entities,
  vessels: row.vessels,
  added: row.added,
  amended: row.amended,
  removed: row.removed,
  forced: row.forced,
  importedBy: row.importedBy,
  createdAt: row.createdAt.toISOString(),
});

export class ListVersionPageDto {
  @ApiProperty({ type: [ListVersionDto] })
  items: ListVersionDto[];
  nextCursor: string | null;
}

export class DesignationChangeDto {
  reference: string;
  @ApiProperty({ enum: CHANGE_KINDS })
  change: ChangeKind;
  /** For an amendment, the fields that differ. */
  fields: string[];
  name: string;
  @ApiProperty({ enum: DESIGNATION_KINDS })
  kind: DesignationKind;
  listType: string;
}

export const mapChange = (row: ChangeRow): DesignationChangeDto => ({
  reference: row.reference,
  change: row.change,
  fields: row.fields,
  name: row.name,
  kind: row.kind,
  listType: row.listType,
});

export class DesignationChangePageDto {
  @ApiProperty({ type: [DesignationChangeDto] })
  items: DesignationChangeDto[];
  nextCursor: string | null;
}

export class ChangeListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: CHANGE_KINDS })
  @IsOptional()
  @IsIn(CHANGE_KINDS)
  change?: ChangeKind;
}

export class DesignationListQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'Part of a name or alias, a whole reference, IMO or company number',
    minLength: 2,
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: DESIGNATION_KINDS })
  @IsOptional()
  @IsIn(DESIGNATION_KINDS)
  kind?: DesignationKind;

  @ApiPropertyOptional({ description: 'UN_LIST_TYPE, e.g. DPRK', maxLength: 64 })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  listType?: string;

  @ApiPropertyOptional({ description: 'Include designations no longer on the list' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  includeRemoved?: boolean;
}

export class DesignationAliasDto {
  name: string;
  /** "Good"/"Low" for individuals, "a.k.a."/"f.k.a." for entities. */
  quality: string | null;
}

export class DesignationSummaryDto {
  reference: string;
  @ApiProperty({ enum: DESIGNATION_KINDS })
  kind: DesignationKind;
  listType: string;
  name: string;
  /** For DPRK individuals, the family name (the list's FIRST_NAME). */
  familyName: string | null;
  givenName: string | null;
  @ApiProperty({ type: [DesignationAliasDto] })
  aliases: DesignationAliasDto[];
  @ApiProperty({ type: 'string', format: 'date', nullable: true })
  listedOn: string | null;
  imoNumbers: string[];
  companyNumbers: string[];
  /** When the designation left the list; null while it is in force. */
  removedAt: string | null;
}

export class DesignationDto extends DesignationSummaryDto {
  originalScript: string | null;
  @ApiProperty(FLAT_OBJECTS)
  datesOfBirth: Record<string, string>[];
  nationalities: string[];
  @ApiProperty(FLAT_OBJECTS)
  addresses: Record<string, string>[];
  @ApiProperty(FLAT_OBJECTS)
  documents: Record<string, string>[];
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'date' } })
  lastDayUpdated: string[];
  comments: string | null;
  /** The normalised record as the list gives it (element name → values), which the hash is of. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  record: Record<string, unknown>;
  contentHash: string;
  firstVersionId: string;
  changedVersionId: string;
  removedVersionId: string | null;
}

export const mapDesignationSummary = (row: Designation): DesignationSummaryDto => ({
  reference: row.reference,
  kind: row.kind,
  listType: row.listType,
  name: row.name,
  familyName: row.familyName,
  givenName: row.givenName,
  aliases: row.aliases,
  listedOn: row.listedOn,
  imoNumbers: row.imoNumbers,
  companyNumbers: row.companyNumbers,
  removedAt: row.removedAt?.toISOString() ?? null,
});

export const mapDesignation = (row: Designation): DesignationDto => ({
  ...mapDesignationSummary(row),
  originalScript: row.originalScript,
  datesOfBirth: row.datesOfBirth,
  nationalities: row.nationalities,
  addresses: row.addresses,
  documents: row.documents,
  lastDayUpdated: row.lastDayUpdated,
  comments: row.comments,
  record: row.record,
  contentHash: row.contentHash,
  firstVersionId: row.firstVersionId,
  changedVersionId: row.changedVersionId,
  removedVersionId: row.removedVersionId,
});

export class DesignationPageDto {
  @ApiProperty({ type: [DesignationSummaryDto] })
  items: DesignationSummaryDto[];
  nextCursor: string | null;
}

export class ReferenceParam {
  @Matches(REFERENCE_PATTERN, { message: 'ref is not a reference number' })
  ref: string;
}
