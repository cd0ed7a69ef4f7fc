import { IntersectionType, PickType } from '@nestjs/swagger';
import { PageQuery } from '../../common/pagination';
import { IncidentFilters } from '../../incidents/dto/incident-query.dto';

/** The list's own filters that make sense for published incidents, validated the same way. */
export class PublicListQuery extends IntersectionType(
  PageQuery,
  PickType(IncidentFilters, [
    'regime',
    'category',
    'country',
    'occurredFrom',
    'occurredTo',
    'q',
  ] as const),
) {}

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

/** What publication leaves out: field names, and how many sources are confidential. */
export class WithheldDto {
  fields: string[];
  confidentialSources: number;
}

/** Who publication would tell at once, outside the service. */
export class PublicationNoticeDto {
  /** Active webhooks subscribed to `incident.transitioned`, the event publication emits. */
  webhookSubscribers: number;
}

/**
 * The public view an incident would have if published now (spec 6), what it withholds, and
 * whom publishing it would tell.
 */
export class PublicPreviewDto extends PublicIncidentDto {
  withheld: WithheldDto;
  notifies: PublicationNoticeDto;
}
