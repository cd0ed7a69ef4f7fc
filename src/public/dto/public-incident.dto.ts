import { IsOptional, IsString, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';

export class PublicListQuery extends PageQuery {
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
  @MaxLength(2)
  country?: string;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class PublicSourceDto {
  kind: string;
  name: string;
  url: string | null;
}

/** What the public sees of a published incident: public fields and non-confidential sources only. */
export class PublicIncidentDto {
  reference: string;
  title: string;
  publicSummary: string;
  regime: string;
  category: string;
  provisions: string[];
  occurredFrom: string;
  occurredTo: string;
  datePrecision: string;
  countries: string[];
  confidence: string | null;
  publishedAt: string;
  sources: PublicSourceDto[];
}

export class PublicIncidentPageDto {
  items: PublicIncidentDto[];
  nextCursor: string | null;
}
