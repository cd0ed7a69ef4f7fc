import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../common/decorators';
import { notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import {
  PublicIncidentDto,
  PublicIncidentPageDto,
  PublicListQuery,
} from './dto/public-incident.dto';

interface PublicRow {
  id: string;
  reference: string;
  title: string;
  public_summary: string;
  regime: string;
  category: string;
  provisions: string[];
  occurred_from: string;
  occurred_to: string;
  date_precision: string;
  countries: string[];
  confidence: string | null;
  published_at: Date;
  sources: { kind: string; name: string; url: string | null }[];
}

// Confidential sources never leave: their clear-text columns are NULL and are filtered anyway.
const SELECT_PUBLIC = `
  SELECT i.id, i.reference, i.title, i.public_summary, i.regime, i.category, i.provisions,
         i.occurred_from, i.occurred_to, i.date_precision, i.countries, i.confidence, i.published_at,
         coalesce((SELECT json_agg(json_build_object('kind', s.kind, 'name', s.name, 'url', s.url)
                                   ORDER BY s.created_at, s.id)
                     FROM sources s WHERE s.incident_id = i.id AND NOT s.confidential), '[]') AS sources
    FROM incidents i`;

const mapPublic = (row: PublicRow): PublicIncidentDto => ({
  reference: row.reference,
  title: row.title,
  publicSummary: row.public_summary,
  regime: row.regime,
  category: row.category,
  provisions: row.provisions,
  occurredFrom: row.occurred_from,
  occurredTo: row.occurred_to,
  datePrecision: row.date_precision,
  countries: row.countries,
  confidence: row.confidence,
  publishedAt: row.published_at.toISOString(),
  sources: row.sources,
});

/** The public API (spec 12): no login, published incidents only, rate limited per address. */
@ApiTags('public')
@Public()
@Controller('public/incidents')
export class PublicController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  async list(@Query() query: PublicListQuery): Promise<PublicIncidentPageDto> {
    const limit = query.limit ?? 25;
    const where: string[] = ["i.status = 'published'"];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.regime) add('i.regime = ?', query.regime);
    if (query.category) add('i.category = ?', query.category);
    if (query.country) add('i.countries @> ARRAY[?]::text[]', query.country);
    // Only what the public view shows is searched (spec 12), never the staff vector.
    if (query.q) add("i.public_search @@ websearch_to_tsquery('english', ?)", query.q);
    if (query.cursor) {
      const [publishedAt, id] = decodeCursor(query.cursor, ['timestamp', 'uuid']);
      params.push(publishedAt, id);
      where.push(
        `(i.published_at, i.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`,
      );
    }
    params.push(limit + 1);
    const rows = await this.dataSource.query<PublicRow[]>(
      `${SELECT_PUBLIC} WHERE ${where.join(' AND ')}
        ORDER BY i.published_at DESC, i.id DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map(mapPublic),
      nextCursor: more ? encodeCursor([last.published_at.toISOString(), last.id]) : null,
    };
  }

  @Get(':reference')
  async get(@Param('reference') reference: string): Promise<PublicIncidentDto> {
    const [row] = await this.dataSource.query<PublicRow[]>(
      `${SELECT_PUBLIC} WHERE i.reference = $1 AND i.status = 'published'`,
      [reference.slice(0, 20)],
    );
    if (!row) throw notFound('Published incident');
    return mapPublic(row);
  }
}
