import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { DomainError } from './errors';

export class PageQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({
    description: 'nextCursor of the previous page, as it was given',
    maxLength: 500,
  })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export type CursorPart = 'timestamp' | 'date' | 'uuid' | 'int' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const VALID: Record<CursorPart, (value: string) => boolean> = {
  // Only what toISOString() produces for years 1..9999 (a 6-digit year round-trips in
  // JavaScript but not in PostgreSQL); the round trip refuses dates such as 02-31.
  timestamp: (value) => {
    const time = Date.parse(value);
    return (
      ISO_TIMESTAMP.test(value) &&
      !value.startsWith('0000') &&
      !Number.isNaN(time) &&
      new Date(time).toISOString() === value
    );
  },
  date: (value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return (
      /^\d{4}-\d{2}-\d{2}$/.test(value) &&
      !value.startsWith('0000') &&
      !Number.isNaN(time) &&
      new Date(time).toISOString().startsWith(value)
    );
  },
  uuid: (value) => UUID.test(value),
  // Below 2^53, so the number is exact in JavaScript and fits PostgreSQL's bigint.
  int: (value) => /^\d{1,15}$/.test(value),
  text: (value) => value.length <= 500,
};

/**
 * Decodes an opaque cursor into string values of the expected kinds, or answers 400, so that
 * no crafted cursor reaches a cast in SQL.
 */
export function decodeCursor(cursor: string, parts: CursorPart[]): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(values) &&
      values.length === parts.length &&
      values.every((value, i) => typeof value === 'string' && VALID[parts[i]](value))
    ) {
      return values as string[];
    }
  } catch {
    // fall through to the 400 below
  }
  throw new DomainError('bad_request', 'cursor is not valid');
}

/** Builds a page from limit+1 fetched rows; `key` gives the keyset values of the last item. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  key: (row: R) => string[],
  map: (row: R) => T,
): Page<T> {
  const more = rows.length > limit;
  const pageRows = more ? rows.slice(0, limit) : rows;
  return {
    items: pageRows.map(map),
    nextCursor: more ? encodeCursor(key(pageRows[pageRows.length - 1])) : null,
  };
}
