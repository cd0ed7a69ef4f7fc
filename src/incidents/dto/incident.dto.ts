import { ApiProperty } from '@nestjs/swagger';
import { StageDeadline } from '../stage-deadline';
import { Confidence, IncidentStatus, WorkflowAction } from '../../workflow/workflow';
import { ActorType, DatePrecision, Incident, LocationRole } from '../incident.entity';

/** A place the incident touched, by its role in it. */
export class IncidentLocationDto {
  role: LocationRole;
  countryCode: string;
  adminArea?: string;
  placeName?: string;
  latitude?: number;
  longitude?: number;
}

export class IncidentActorDto {
  /** Stable across edits; send it back with the actor to keep it. */
  id: string;
  name: string;
  type: ActorType;
  role?: string;
  designationRef?: string;
  imoNumber?: string;
  nationality?: string;
  birthYear?: number;
}

export class IncidentQuantityDto {
  value: number;
  unit: string;
  approximate: boolean;
}

export class IncidentCountsDto {
  sources: number;
  /** Evidence items that count: every one but the withdrawn. */
  evidence: number;
  evidencePending: number;
  evidenceApproved: number;
  evidenceRejected: number;
  /** Withdrawn items: kept with their custody log, counted for no precondition. */
  evidenceWithdrawn: number;
}

export class IncidentDto {
  id: string;
  reference: string;
  status: IncidentStatus;
  version: number;
  title: string;
  summary: string;
  /** The title publication shows; the title itself when null. */
  publicTitle: string | null;
  publicSummary: string;
  regime: string;
  category: string;
  provisions: string[];
  occurredFrom: string;
  occurredTo: string;
  datePrecision: DatePrecision;
  locations: IncidentLocationDto[];
  actors: IncidentActorDto[];
  quantities: IncidentQuantityDto[];
  tags: string[];
  confidence: Confidence | null;
  assigneeId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  verifiedAt: string | null;
  publishedAt: string | null;
  /** When the current stage's deadline falls (spec 9); null in states without one. */
  dueAt: string | null;
  /** Past that deadline: reminders went out. */
  overdue: boolean;
  /** Past twice it: the admins were told. */
  escalated: boolean;
  allowedActions: WorkflowAction[];
  counts: IncidentCountsDto;
  /** A list version amended or removed a designation an actor was confirmed as. */
  screeningChanged: boolean;
}

export class SimilarIncidentDto {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  category: string;
  occurredFrom: string;
  occurredTo: string;
  /** 0..1: trigram similarity of title and summary. */
  score: number;
}

export class CreatedIncidentDto extends IncidentDto {
  possibleDuplicates: SimilarIncidentDto[];
}

export class IncidentPageDto {
  items: IncidentDto[];
  nextCursor: string | null;
}

export class HistoryEntryDto {
  id: string;
  at: string;
  actorId: string | null;
  kind: string;
  data: Record<string, unknown>;
}

export class HistoryPageDto {
  @ApiProperty({ type: [HistoryEntryDto] })
  items: HistoryEntryDto[];
  nextCursor: string | null;
}

export class CountBucketDto {
  key: string;
  count: number;
}

export class IncidentStatsDto {
  total: number;
  byStatus: CountBucketDto[];
  byCategory: CountBucketDto[];
  byCountry: CountBucketDto[];
  byMonth: CountBucketDto[];
}

const iso = (value: Date | null): string | null => (value ? value.toISOString() : null);

export function mapIncident(
  incident: Incident,
  allowedActions: WorkflowAction[],
  counts: IncidentCountsDto,
  deadline: StageDeadline,
): IncidentDto {
  return {
    id: incident.id,
    reference: incident.reference,
    status: incident.status,
    version: incident.version,
    title: incident.title,
    summary: incident.summary,
    publicTitle: incident.publicTitle,
    publicSummary: incident.publicSummary,
    regime: incident.regime,
    category: incident.category,
    provisions: incident.provisions,
    occurredFrom: incident.occurredFrom,
    occurredTo: incident.occurredTo,
    datePrecision: incident.datePrecision,
    locations: incident.locations,
    actors: incident.actors,
    quantities: incident.quantities,
    tags: incident.tags,
    confidence: incident.confidence,
    assigneeId: incident.assigneeId,
    createdBy: incident.createdBy,
    createdAt: incident.createdAt.toISOString(),
    updatedAt: incident.updatedAt.toISOString(),
    submittedAt: iso(incident.submittedAt),
    verifiedAt: iso(incident.verifiedAt),
    publishedAt: iso(incident.publishedAt),
    dueAt: deadline.dueAt,
    overdue: deadline.overdue,
    escalated: deadline.escalated,
    allowedActions,
    counts,
    screeningChanged: incident.screeningChanged,
  };
}
