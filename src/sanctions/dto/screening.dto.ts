import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO31661Alpha2,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import type { ActorType } from '../../incidents/incident.entity';
import { MATCH_DECISIONS, MatchDecision } from '../match-decision.entity';

const ACTOR_TYPES: ActorType[] = ['person', 'organization', 'company', 'vessel', 'state'];
const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;
const upper = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

export class TokenMatchDto {
  query: string;
  candidate: string | null;
  similarity: number;
  family: boolean;
}

export class IdentifierMatchDto {
  @ApiProperty({ enum: ['imo', 'companyNumber'] })
  kind: 'imo' | 'companyNumber';
  value: string;
  agreed: boolean;
}

export class QualifierMatchDto {
  @ApiProperty({ enum: ['nationality', 'birthYear'] })
  kind: 'nationality' | 'birthYear';
  query: string;
  candidate: string;
  agreed: boolean;
  /** What it added to (or took from) the score. */
  effect: number;
}

/** Why a designation is a candidate: which names matched, token by token, and what else agreed. */
export class ExplanationDto {
  /** The designation's name or alias that matched best. */
  matchedName: string;
  @ApiProperty({ enum: ['name', 'alias', 'originalScript'] })
  matchedNameKind: 'name' | 'alias' | 'originalScript';
  /** The alias's quality as the list gives it: Good, Low, a.k.a., f.k.a. */
  aliasQuality: string | null;
  queryName: string;
  @ApiProperty({ type: [TokenMatchDto] })
  tokens: TokenMatchDto[];
  /** The matched name's parts the query lacks (they cost more than extra parts of the query). */
  missingFromQuery: string[];
  nameScore: number;
  @ApiProperty({ type: [IdentifierMatchDto] })
  identifiers: IdentifierMatchDto[];
  @ApiProperty({ type: [QualifierMatchDto] })
  qualifiers: QualifierMatchDto[];
  notes: string[];
}

const AT_THE_TIME = ['yes', 'no', 'partly', 'unknown'] as const;
type AtTheTime = (typeof AT_THE_TIME)[number];

export class CandidateDto {
  reference: string;
  /** The designation's name as the list gives it. */
  name: string;
  @ApiProperty({ enum: ['individual', 'entity', 'vessel'] })
  kind: 'individual' | 'entity' | 'vessel';
  listType: string;
  listedOn: string | null;
  /** 0..1, two decimals. */
  score: number;
  @ApiProperty({ enum: ['strong', 'possible'] })
  band: 'strong' | 'possible';
  /**
   * Whether it was designated when the incident happened: yes (listed before it began), partly
   * (listed during it), no (listed after it), unknown (the list gives no date).
   */
  @ApiProperty({ enum: AT_THE_TIME })
  designatedAtTheTime: AtTheTime;
  explanation: ExplanationDto;
}

export class DecisionDto {
  id: string;
  reference: string;
  /** The designation's name, null if the list no longer has the reference at all. */
  designationName: string | null;
  @ApiProperty({ enum: MATCH_DECISIONS })
  decision: MatchDecision;
  note: string;
  decidedBy: string;
  deciderName: string | null;
  decidedAt: string;
  score: number | null;
  /** The designation was amended or removed since this decision. */
  designationChanged: boolean;
}

export class ActorScreeningDto {
  actorId: string;
  name: string;
  @ApiProperty({ enum: ACTOR_TYPES })
  type: ActorType;
  designationRef: string | null;
  /** screened: as the actor is now, against `listVersion`; pending: screening has not run yet. */
  @ApiProperty({ enum: ['screened', 'pending'] })
  status: 'screened' | 'pending';
  screenedAt: string | null;
  listVersion: number | null;
  /** Proposals in force, best first; a dismissed one is not proposed again until it changes. */
  @ApiProperty({ type: [CandidateDto] })
  candidates: CandidateDto[];
  /** Every decision on this actor, oldest first; the latest per designation is in force. */
  @ApiProperty({ type: [DecisionDto] })
  decisions: DecisionDto[];
}

export class IncidentScreeningDto {
  incidentId: string;
  /** The incident's version, to send with a decision. */
  version: number;
  /** The newest list version; null before any list was imported. */
  listVersion: number | null;
  screeningChanged: boolean;
  /** Whether the caller may decide: a verifier or admin who did not file the incident. */
  mayDecide: boolean;
  /** Why not, in words, when they may not. */
  whyNot: string | null;
  @ApiProperty({ type: [ActorScreeningDto] })
  actors: ActorScreeningDto[];
}

export class MatchDecisionInput {
  /** The designation's reference, with or without the "UN:" prefix. */
  @Transform(trim)
  @IsString()
  @Matches(/^(UN:)?[A-Za-z0-9][A-Za-z0-9.\-/]{0,31}$/, {
    message: 'designationRef must be a list reference such as KPi.001 or UN:KPi.001',
  })
  designationRef: string;

  @IsIn(MATCH_DECISIONS)
  @ApiProperty({ enum: MATCH_DECISIONS })
  decision: MatchDecision;

  /** Why: what the verifier checked. Required; it is in the history. */
  @Transform(trim)
  @IsString()
  @MinLength(1, { message: 'note must not be blank' })
  @MaxLength(2000)
  note: string;

  /** The incident's version the decision was made on. */
  @IsInt()
  @Min(1)
  version: number;
}

export class ScreenActorInput {
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  name: string;

  @IsIn(ACTOR_TYPES)
  @ApiProperty({ enum: ACTOR_TYPES })
  type: ActorType;

  @IsOptional()
  @Matches(/^\d{7}$/, { message: 'imoNumber must be seven digits' })
  imoNumber?: string;

  @IsOptional()
  @Transform(upper)
  @IsISO31661Alpha2()
  nationality?: string;

  @IsOptional()
  @IsInt()
  @Min(1900)
  @Max(2100)
  birthYear?: number;
}

/** Actors to screen without saving anything (a form's check as it is filled in). */
export class ScreenPreviewInput {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => ScreenActorInput)
  actors: ScreenActorInput[];

  /** When it happened, for "designated at the time". */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date is YYYY-MM-DD' })
  occurredFrom?: string;

  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date is YYYY-MM-DD' })
  occurredTo?: string;
}

export class ScreenPreviewActorDto {
  name: string;
  @ApiProperty({ type: [CandidateDto] })
  candidates: CandidateDto[];
}

export class ScreenPreviewDto {
  @ApiProperty({ type: [ScreenPreviewActorDto] })
  actors: ScreenPreviewActorDto[];
}
