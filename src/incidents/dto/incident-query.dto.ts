import { IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsISO31661Alpha2,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  ValidateIf,
  Matches,
  MaxLength,
} from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { INCIDENT_STATUSES, IncidentStatus } from '../../workflow/workflow';
import { DATE } from './incident-input.dto';

export const INCIDENT_SORTS = ['-occurredFrom', '-updatedAt', '-createdAt'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** Filters shared by the list, the stats and (later) exports. */
export class IncidentFilters {
  @IsOptional()
  @IsIn(INCIDENT_STATUSES)
  status?: IncidentStatus;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  regime?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  category?: string;

  @IsOptional()
  @IsString()
  @MaxLength(40)
  provision?: string;

  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toUpperCase() : value,
  )
  @IsISO31661Alpha2()
  country?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  tag?: string;

  /** A verifier's id, `me` (the caller) or `none` (nobody assigned). */
  @IsOptional()
  @ValidateIf((_filters: object, value: unknown) => value !== 'me' && value !== 'none')
  @IsUUID(undefined, { message: 'assigneeId must be a UUID, me or none' })
  assigneeId?: string;

  /** A user's id, or `me` (the caller). */
  @IsOptional()
  @ValidateIf((_filters: object, value: unknown) => value !== 'me')
  @IsUUID(undefined, { message: 'createdBy must be a UUID or me' })
  createdBy?: string;

  /** `true`: past the current stage's deadline (spec 9); `false`: not. */
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: 'true' | 'false';

  /** Incidents whose date range overlaps [occurredFrom, occurredTo]. */
  @IsOptional()
  @Matches(DATE, { message: 'occurredFrom must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'occurredFrom is not a calendar date' })
  occurredFrom?: string;

  @IsOptional()
  @Matches(DATE, { message: 'occurredTo must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'occurredTo is not a calendar date' })
  occurredTo?: string;

  /** Full text over title, summary, actors and places (websearch syntax: "quoted", -not, or). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class IncidentListQuery extends IntersectionType(PageQuery, IncidentFilters) {
  @IsOptional()
  @IsIn(INCIDENT_SORTS)
  sort?: IncidentSort;
}
