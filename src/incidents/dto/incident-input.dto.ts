import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  IsUUID,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PartialType } from '@nestjs/swagger';
import { IsOmittable } from '../../common/validation';
import { REFERENCE_LIST } from '../../reference/reference-codes';
import {
  Confidence,
  CONFIDENCE_LEVELS,
  WORKFLOW_ACTIONS,
  WorkflowAction,
} from '../../workflow/workflow';
import { ActorType, DatePrecision, LocationRole } from '../incident.entity';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** What an incident's dates may be sent as: a day, or a month or a year for those precisions. */
const INCIDENT_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;
const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const TAG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class LocationInput {
  @IsIn(['origin', 'transit', 'destination', 'occurrence'])
  role: LocationRole;

  @Transform(upper)
  @IsISO31661Alpha2()
  countryCode: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  adminArea?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  placeName?: string;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number;

  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number;
}

export class ActorInput {
  /** The id the service gave the actor: sent back on an edit to keep it (and its screening). */
  @IsOptional()
  @IsUUID()
  id?: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @IsIn(['person', 'organization', 'company', 'vessel', 'state'])
  type: ActorType;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  role?: string;

  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(100)
  designationRef?: string;

  /** Seven digits; the last is the IMO check digit. */
  @IsOptional()
  @Matches(/^\d{7}$/, { message: 'imoNumber must be seven digits' })
  imoNumber?: string;

  /** ISO 3166 alpha-2; screening weighs it when the designation gives a nationality. */
  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality?: string;

  /** A person's year of birth; screening weighs it when the designation gives one. */
  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear?: number;
}

export class QuantityInput {
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  value: number;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  unit: string;

  @IsBoolean()
  approximate: boolean;
}

/** The editable fields; create requires some of them, PATCH none. */
class IncidentFields {
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  title: string;

  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  summary?: string;

  @IsOmittable()
  @IsString()
  @MaxLength(20000)
  publicSummary?: string;

  /** The title publication shows; null clears it (the title is shown). Writers and admins. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  publicTitle?: string | null;

  @Transform(trim)
  @Matches(CODE, { message: `regime must be a code such as UN-1718: see ${REFERENCE_LIST.regime}` })
  regime: string;

  @Transform(trim)
  @Matches(CODE, {
    message: `category must be a code such as overseas_labor: see ${REFERENCE_LIST.category}`,
  })
  category: string;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(CODE, {
    each: true,
    message: `each provision must be a code such as UNSCR-2397-OP8: see ${REFERENCE_LIST.provision}`,
  })
  provisions?: string[];

  @Matches(INCIDENT_DATE, {
    message: 'occurredFrom must be a date YYYY-MM-DD (or YYYY-MM, YYYY for month, year precision)',
  })
  occurredFrom: string;

  /** Defaults to the end of occurredFrom's period: the same day for a date. */
  @IsOmittable()
  @Matches(INCIDENT_DATE, {
    message: 'occurredTo must be a date YYYY-MM-DD (or YYYY-MM, YYYY for month, year precision)',
  })
  occurredTo?: string;

  @IsOmittable()
  @IsIn(['day', 'month', 'year'])
  datePrecision?: DatePrecision;

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => LocationInput)
  locations?: LocationInput[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => ActorInput)
  actors?: ActorInput[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => QuantityInput)
  quantities?: QuantityInput[];

  @IsOmittable()
  @IsArray()
  @ArrayMaxSize(30)
  @ArrayUnique()
  @Matches(TAG, { each: true, message: 'each tag must be a lower-case slug' })
  @MaxLength(50, { each: true })
  tags?: string[];
}

export class CreateIncidentDto extends IncidentFields {}

export class UpdateIncidentDto extends PartialType(IncidentFields) {
  @IsInt()
  @Min(1)
  version: number;
}

export class TransitionDto {
  @IsIn(WORKFLOW_ACTIONS)
  action: WorkflowAction;

  @IsInt()
  @Min(1)
  version: number;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  note?: string;

  @IsOptional()
  @IsIn(CONFIDENCE_LEVELS)
  confidence?: Confidence;
}

export class AssignDto {
  /** A user holding `verifier`, or null to unassign. */
  @ValidateIf((dto: AssignDto) => dto.assigneeId !== null)
  @IsUUID()
  assigneeId: string | null;

  @IsInt()
  @Min(1)
  version: number;
}
