import { ActorType } from '../incidents/incident.entity';
import { ExportActor, FtmIncident } from './export-query';

/**
 * The FollowTheMoney export (https://followthemoney.tech): one entity per line, as Aleph and
 * the OpenSanctions tools read them (`ftm`, `nomenklatura`, yente). Each actor of an incident
 * becomes an entity of its schema; each confirmed designation a Sanction pointing at it.
 * Properties are lists of strings; countries lower-case ISO 3166 alpha-2, dates ISO 8601
 * (a year alone is a valid FtM date).
 */
export interface FtmEntity {
  id: string;
  schema: FtmSchema;
  properties: Partial<Record<string, string[]>>;
}

export type FtmSchema =
  'Person' | 'Company' | 'Organization' | 'PublicBody' | 'Vessel' | 'Sanction';

/** A state is a government acting as a party, which FtM models as a public body. */
export const FTM_SCHEMA_OF: Record<ActorType, FtmSchema> = {
  person: 'Person',
  company: 'Company',
  organization: 'Organization',
  state: 'PublicBody',
  vessel: 'Vessel',
};

/** Designations come from the Security Council's lists: the Consolidated List and the 1718 Committee's vessels. */
export const SANCTION_AUTHORITY = 'United Nations Security Council';

/** Entity ids stay the same from one export to the next, so tools can merge repeated imports. */
export const actorEntityId = (actorId: string): string => `st-actor-${actorId}`;
export const sanctionEntityId = (actorId: string, reference: string): string =>
  `st-sanction-${actorId}-${reference.replace(/[^A-Za-z0-9.-]+/g, '-')}`;

/** Property name → values, leaving out the empty ones. */
function properties(entries: [string, (string | null | undefined)[]][]): FtmEntity['properties'] {
  const result: FtmEntity['properties'] = {};
  for (const [name, values] of entries) {
    const kept = values.filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
    if (kept.length > 0) result[name] = kept;
  }
  return result;
}

/** Where the actor's nationality goes: a person's nationality, a ship's flag, else the country. */
function countryProperty(type: ActorType): string {
  switch (type) {
    case 'person':
      return 'nationality';
    case 'vessel':
      return 'flag';
    case 'company':
    case 'organization':
    case 'state':
      return 'country';
  }
}

function actorEntity(actor: ExportActor, reference: string): FtmEntity {
  const inForce = actor.designation !== undefined && !actor.designation.removed;
  return {
    id: actorEntityId(actor.id),
    schema: FTM_SCHEMA_OF[actor.type],
    properties: properties([
      ['name', [actor.name]],
      [countryProperty(actor.type), [actor.nationality?.toLowerCase()]],
      ['birthDate', [actor.type === 'person' && actor.birthYear ? String(actor.birthYear) : null]],
      ['imoNumber', [actor.type === 'vessel' && actor.imoNumber ? `IMO${actor.imoNumber}` : null]],
      ['notes', [actor.role ? `Role: ${actor.role}` : null, `Named in incident ${reference}`]],
      ['topics', [inForce ? 'sanction' : null]],
    ]),
  };
}

function sanctionEntity(actor: ExportActor): FtmEntity | null {
  const designation = actor.designation;
  if (!designation) return null;
  return {
    id: sanctionEntityId(actor.id, designation.reference),
    schema: 'Sanction',
    properties: properties([
      ['entity', [actorEntityId(actor.id)]],
      ['authority', [SANCTION_AUTHORITY]],
      ['program', [designation.listType]],
      ['unscId', [designation.reference]],
      ['listingDate', [designation.listedOn]],
      // The list's own narrative is public; the verifier's note on the decision is not exported.
      ['reason', [designation.comments?.trim()]],
      ['status', [designation.removed ? 'Removed from the list' : 'In force']],
    ]),
  };
}

/** The entities of one incident: each actor, followed by its Sanction when it has one. */
export function ftmEntities(incident: FtmIncident): FtmEntity[] {
  return incident.actors.flatMap((actor) => {
    const sanction = sanctionEntity(actor);
    const entity = actorEntity(actor, incident.reference);
    return sanction ? [entity, sanction] : [entity];
  });
}
