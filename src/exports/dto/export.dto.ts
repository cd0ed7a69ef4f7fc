import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { IncidentFilters } from '../../incidents/dto/incident-query.dto';
import {
  Export,
  EXPORT_FORMATS,
  EXPORT_SCOPES,
  ExportFormat,
  ExportScope,
  ExportStatus,
} from '../export.entity';
import { ALL_CSV_FIELDS } from '../export-query';

export class CreateExportDto {
  @ApiProperty({
    enum: EXPORT_FORMATS,
    description:
      'csv, json, ndjson: the incidents as data; markdown, html: a report in words; ftm: ' +
      'FollowTheMoney entities as JSON lines (each actor, and a Sanction for each confirmed ' +
      'designation), internal scope only.',
  })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  @IsIn(EXPORT_SCOPES)
  scope: ExportScope;

  @IsOptional()
  @ValidateNested()
  @Type(() => IncidentFilters)
  filters?: IncidentFilters;

  /** CSV columns, in order; each must be allowed for the scope. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ALL_CSV_FIELDS.length)
  @ArrayUnique()
  @IsString({ each: true })
  @IsIn(ALL_CSV_FIELDS, { each: true })
  fields?: string[];

  @ApiPropertyOptional({
    description:
      "The report's title (markdown and html only; 400 with the other formats). " +
      'Defaults to "Possible violations of UN sanctions".',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'title must not be blank' })
  @MaxLength(200)
  title?: string;

  @ApiPropertyOptional({
    description:
      "Plain text shown under the report's title; blank lines separate paragraphs " +
      '(markdown and html only; 400 with the other formats).',
    maxLength: 5000,
  })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  introduction?: string;
}

/** The formats that are reports in words and take a title and an introduction. */
export const REPORT_FORMATS: readonly ExportFormat[] = ['markdown', 'html'];

export class ExportQueuedDto {
  id: string;
  @ApiProperty({ enum: ['queued'] })
  status: 'queued';
}

export class ExportDto {
  id: string;
  @ApiProperty({ enum: EXPORT_FORMATS })
  format: ExportFormat;
  @ApiProperty({ enum: EXPORT_SCOPES })
  scope: ExportScope;
  filters: IncidentFilters;
  fields: string[];
  /** The report's title as requested; null for the default (and for other formats). */
  title: string | null;
  introduction: string | null;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed', 'expired'] })
  status: ExportStatus;
  progress: number;
  rowCount: number | null;
  sizeBytes: number | null;
  sha256: string | null;
  error: string | null;
  createdBy: string;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  expiresAt: string | null;
}

export class ExportPageDto {
  @ApiProperty({ type: [ExportDto] })
  items: ExportDto[];
  nextCursor: string | null;
}

export class ExportListQuery extends PageQuery {}

export const mapExport = (row: Export): ExportDto => ({
  id: row.id,
  format: row.format,
  scope: row.scope,
  filters: row.filters,
  fields: row.fields,
  title: row.title,
  introduction: row.introduction,
  status: row.status,
  progress: row.progress,
  rowCount: row.rowCount,
  sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  sha256: row.sha256,
  error: row.error,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  startedAt: row.startedAt?.toISOString() ?? null,
  completedAt: row.completedAt?.toISOString() ?? null,
  expiresAt: row.expiresAt?.toISOString() ?? null,
});
