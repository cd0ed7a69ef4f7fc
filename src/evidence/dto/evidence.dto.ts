import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { Evidence, EvidenceKind, EvidenceStatus } from '../evidence.entity';
import { CustodyEvent } from '../custody-event.entity';

export const EVIDENCE_KINDS = [
  'document',
  'image',
  'video',
  'audio',
  'url',
  'testimony',
  'dataset',
  'other',
] as const;

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** JSON body for file-less evidence, and the text fields of a multipart upload. */
export class CreateEvidenceDto {
  @IsIn(EVIDENCE_KINDS)
  kind: EvidenceKind;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  description: string;

  @IsOptional()
  @IsUUID()
  sourceId?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  capturedAt?: string;

  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url?: string;

  @IsOptional()
  @IsString()
  @MaxLength(100000)
  text?: string;
}

export class ReviewEvidenceDto {
  @IsIn(['approved', 'rejected'])
  decision: 'approved' | 'rejected';

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  note: string;

  @IsInt()
  @Min(1)
  version: number;
}

export class WithdrawEvidenceDto {
  /** Why it is withdrawn (added twice, the wrong file): kept in its custody log and the history. */
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  note: string;

  @IsInt()
  @Min(1)
  version: number;
}

export class EvidenceDto {
  id: string;
  incidentId: string;
  kind: EvidenceKind;
  description: string;
  sourceId: string | null;
  sha256: string | null;
  sizeBytes: number | null;
  mimeType: string | null;
  originalFilename: string | null;
  url: string | null;
  text: string | null;
  capturedAt: string | null;
  status: EvidenceStatus;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  version: number;
  /** Null when the item is tied to a confidential source the caller may not see. */
  createdBy: string | null;
  createdAt: string;
  /** True when details are withheld because of a confidential source. */
  redacted: boolean;
}

export class CustodyEventDto {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  sha256: string | null;
  data: Record<string, unknown>;
}

export const mapEvidence = (row: Evidence): EvidenceDto => ({
  id: row.id,
  incidentId: row.incidentId,
  kind: row.kind,
  description: row.description,
  sourceId: row.sourceId,
  sha256: row.sha256,
  sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
  mimeType: row.mimeType,
  originalFilename: row.originalFilename,
  url: row.url,
  text: row.text,
  capturedAt: row.capturedAt?.toISOString() ?? null,
  status: row.status,
  reviewNote: row.reviewNote,
  reviewedBy: row.reviewedBy,
  reviewedAt: row.reviewedAt?.toISOString() ?? null,
  version: row.version,
  createdBy: row.createdBy,
  createdAt: row.createdAt.toISOString(),
  redacted: false,
});

/** What someone who may not see a confidential source sees of evidence tied to it. */
export const redactEvidence = (view: EvidenceDto): EvidenceDto => ({
  ...view,
  text: null,
  url: null,
  originalFilename: null,
  createdBy: null,
  reviewNote: null,
  redacted: true,
});

export const mapCustody = (row: CustodyEvent): CustodyEventDto => ({
  id: row.id,
  at: row.at.toISOString(),
  actorId: row.actorId,
  action: row.action,
  sha256: row.sha256,
  data: row.data,
});

/**
 * What an upload may be, so a client refuses a file before sending it: the size limit
 * (MAX_UPLOAD_BYTES) and the allowed types. The server still decides from the bytes.
 */
export class UploadLimitsDto {
  maxUploadBytes: number;
  /** Exact MIME types allowed, e.g. application/pdf. */
  allowedTypes: string[];
  /** MIME type prefixes allowed, e.g. image/. */
  allowedTypePrefixes: string[];
}

export class EvidencePageDto {
  @ApiProperty({ type: [EvidenceDto] })
  items: EvidenceDto[];
  nextCursor: string | null;
}

export class CustodyPageDto {
  @ApiProperty({ type: [CustodyEventDto] })
  items: CustodyEventDto[];
  nextCursor: string | null;
}
