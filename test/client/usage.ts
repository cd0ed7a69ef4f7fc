/**
 * Compiled by `npm run client:check` against types generated from openapi.json: proof that a
 * typed client can be generated from the document (spec 3), with no `any` in the views a
 * client renders, and that operations, errors, uploads and downloads are typed.
 */
import type { components, paths } from './openapi';

type Schemas = components['schemas'];

type IsAny<T> = 0 extends 1 & T ? true : false;
/** True when `any` hides anywhere inside T, or an object nobody typed (`Record<string, never>`). */
type HasAny<T> =
  IsAny<T> extends true
    ? true
    : T extends readonly (infer U)[]
      ? HasAny<U>
      : T extends object
        ? true extends { [K in keyof T]-?: [T[K]] extends [never] ? true : HasAny<T[K]> }[keyof T]
          ? true
          : false
        : false;
type NoAny<T> = HasAny<T> extends false ? true : never;

export const views: true[] = [
  true satisfies NoAny<Schemas['IncidentDto']>,
  true satisfies NoAny<Schemas['IncidentPageDto']>,
  true satisfies NoAny<Schemas['SourceDto']>,
  true satisfies NoAny<Schemas['RedactedSourceDto']>,
  true satisfies NoAny<Schemas['SourcePageDto']>,
  true satisfies NoAny<Schemas['EvidenceDto']>,
  true satisfies NoAny<Schemas['EvidencePageDto']>,
  true satisfies NoAny<Schemas['ExportDto']>,
  true satisfies NoAny<Schemas['ExportPageDto']>,
  true satisfies NoAny<Schemas['ErrorBody']>,
];

type Json<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** A source view: the discriminator tells the two shapes apart. */
export function sourceName(
  page: Json<paths['/api/v1/incidents/{id}/sources']['get']['responses'][200]>,
): string[] {
  return page.items.map((source) => (source.view === 'full' ? source.name : source.pseudonym));
}

/** Nested objects are typed, not `object`. */
export function firstCountry(incident: Schemas['IncidentDto']): string | undefined {
  return incident.locations[0]?.countryCode;
}

/** Every error is the shared body with its code. */
export function isStale(
  error: Json<paths['/api/v1/incidents/{id}']['patch']['responses'][409]>,
): boolean {
  return error.code === 'stale_version';
}

/** The file part of an upload and a download's bytes. */
export type Upload =
  paths['/api/v1/incidents/{id}/evidence']['post']['requestBody']['content']['multipart/form-data'];
export const file = (upload: Upload): unknown => upload.file;
export type Download =
  paths['/api/v1/exports/{id}/download']['get']['responses'][200]['content']['text/csv'];

/** Path ids and query parameters, limit and cursor included. */
export type ListQuery = NonNullable<paths['/api/v1/incidents']['get']['parameters']['query']>;
export const page: ListQuery = { limit: 25, cursor: 'opaque' };
