import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { AuditEvent } from '../audit-event.entity';

export class AuditQuery extends PageQuery {
  @IsOptional()
  @IsUUID()
  actorId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  entityType?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  entityId?: string;

  @IsOptional()
  @IsString()
  @MaxLength(80)
  action?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

export class AuditEventDto {
  seq: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export class AuditEventPageDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];
  nextCursor: string | null;
}

export class CheckpointProblemDto {
  file: string;
  reason: string;
}

export class CheckpointsDto {
  checked: number;
  @ApiProperty({ type: [CheckpointProblemDto] })
  invalid: CheckpointProblemDto[];
}

export class AuditVerifyDto {
  valid: boolean;
  checked: number;
  headSeq?: string | null;
  headHash?: string | null;
  firstInvalidSeq?: string;
  /** Signed checkpoint files checked against the chain, and those that no longer match. */
  checkpoints: CheckpointsDto;
}

export const mapAuditEvent = (event: AuditEvent): AuditEventDto => ({
  seq: event.seq,
  at: event.at.toISOString(),
  actorId: event.actorId,
  action: event.action,
  entityType: event.entityType,
  entityId: event.entityId,
  data: event.data,
  prevHash: event.prevHash,
  hash: event.hash,
});
