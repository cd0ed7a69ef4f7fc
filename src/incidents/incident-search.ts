import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuthUser } from '../common/auth-user';
import { CursorPart, decodeCursor, encodeCursor, Page } from '../common/pagination';
import { IncidentDto, IncidentStatsDto } from './dto/incident.dto';
import { IncidentFilters, IncidentListQuery, IncidentSort } from './dto/incident-query.dto';
import { Incident } from './incident.entity';
import { IncidentsService } from './incidents.service';

const SORT_COLUMN: Record<IncidentSort, { column: string; part: CursorPart }> = {
  '-occurredFrom': { column: 'i.occurred_from', part: 'date' },
  '-updatedAt': { column: 'i.updated_at', part: 'timestamp' },
  '-createdAt': { column: 'i.created_at', part: 'timestamp' },
};

/** Applies the list filters of spec 6 to a query over `incidents i`. */
export function applyFilters(query: SelectQueryBuilder<Incident>, filters: IncidentFilters): void {
  if (filters.status) query.andWhere('i.status = :status', { status: filters.status });
  if (filters.regime) query.andWhere('i.regime = :regime', { regime: filters.regime });
  if (filters.category) query.andWhere('i.category = :category', { category: filters.category });
  if (filters.provision)
    query.andWhere(':provision = ANY(i.provisions)', { provision: filters.provision });
  if (filters.country)
    query.andWhere('i.countries @> ARRAY[:country]::text[]', { country: filters.country });
  if (filters.tag) query.andWhere('i.tags @> ARRAY[:tag]::text[]', { tag: filters.tag });
  if (filters.assigneeId)
    query.andWhere('i.assignee_id = :assigneeId', { assigneeId: filters.assigneeId });
  if (filters.createdBy)
    query.andWhere('i.created_by = :createdBy', { createdBy: filters.createdBy });
  if (filters.occurredFrom)
    query.andWhere('i.occurred_to >= :from::date', { from: filters.occurredFrom });
  if (filters.occurredTo)
    query.andWhere('i.occurred_from <= :to::date', { to: filters.occurredTo });
  if (filters.q) {
    query.andWhere("i.search @@ websearch_to_tsquery('english', :q)", { q: filters.q });
  }
}

@Injectable()
export class IncidentSearch {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
  ) {}

  /** Keyset pagination on (sort column, id), newest first; the cursor is opaque. */
  async list(user: AuthUser, query: IncidentListQuery): Promise<Page<IncidentDto>> {
    const limit = query.limit ?? 25;
    const sort = SORT_COLUMN[query.sort ?? '-occurredFrom'];
    const builder = this.dataSource
      .getRepository(Incident)
      .createQueryBuilder('i')
      .orderBy(sort.column, 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(limit + 1);
    applyFilters(builder, query);
    if (query.cursor) {
      const [key, id] = decodeCursor(query.cursor, [sort.part, 'uuid']);
      builder.andWhere(`(${sort.column}, i.id) < (:key, :id::uuid)`, { key, id });
    }
    const rows = await builder.getMany();
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    const key = (incident: Incident): string =>
      query.sort === '-updatedAt'
        ? incident.updatedAt.toISOString()
        : query.sort === '-createdAt'
          ? incident.createdAt.toISOString()
          : incident.occurredFrom;
    return {
      items: await this.incidents.view(this.dataSource.manager, page, user),
      nextCursor: more ? encodeCursor([key(last), last.id]) : null,
    };
  }

  async stats(filters: IncidentFilters): Promise<IncidentStatsDto> {
    const base = (): SelectQueryBuilder<Incident> => {
      const query = this.dataSource.getRepository(Incident).createQueryBuilder('i');
      applyFilters(query, filters);
      return query;
    };
    const buckets = async (expression: string): Promise<{ key: string; count: number }[]> => {
      const rows = await base()
        .select(expression, 'key')
        .addSelect('count(*)', 'count')
        .groupBy('key')
        .orderBy('key')
        .getRawMany<{ key: string; count: string }>();
      return rows.map((row) => ({ key: row.key, count: Number(row.count) }));
    };
    const [countriesSql, parameters] = base()
      .select('i.countries', 'countries')
      .getQueryAndParameters();
    const byCountry = await this.dataSource.query<{ key: string; count: string }[]>(
      `SELECT c AS key, count(*) AS count FROM (${countriesSql}) f, unnest(f.countries) c
        GROUP BY c ORDER BY c`,
      parameters,
    );
    const total = await base().getCount();
    return {
      total,
      byStatus: await buckets('i.status'),
      byCategory: await buckets('i.category'),
      byCountry: byCountry.map((row) => ({ key: row.key, count: Number(row.count) })),
      byMonth: await buckets("to_char(i.occurred_from, 'YYYY-MM')"),
    };
  }
}
