import { PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { DATE } from '../../incidents/dto/incident-input.dto';
import { RELIABILITY_GRADES, ReliabilityGrade, SOURCE_KINDS, SourceKind } from '../source.entity';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

/** The fields of a source; create requires some of them, PATCH none. */
class SourceFields {
  @IsIn(SOURCE_KINDS)
  kind: SourceKind;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  /** http or https only; null on PATCH clears it. */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_valid_protocol: true },
    { message: 'url must be an http or https URL' },
  )
  url?: string | null;

  @IsOptional()
  @Matches(DATE, { message: 'publishedAt must be a date YYYY-MM-DD' })
  @IsISO8601({ strict: true }, { message: 'publishedAt must be a real calendar date' })
  publishedAt?: string | null;

  @IsIn(RELIABILITY_GRADES)
  reliability: ReliabilityGrade;

  @IsInt()
  @Min(1)
  @Max(6)
  credibility: number;

  /** Sources sharing a group count as one for independence; null on PATCH resets it to the id. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  independenceGroup?: string | null;

  @IsBoolean()
  confidential: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(500)
  contact?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string | null;
}

export class CreateSourceDto extends SourceFields {}

export class UpdateSourceDto extends PartialType(SourceFields) {
  @IsInt()
  @Min(1)
  version: number;
}
