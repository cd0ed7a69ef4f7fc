import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { IncidentStatus } from '../workflow/workflow';
import { SimilarIncidentDto } from './dto/incident.dto';
import { Incident } from './incident.entity';

interface SimilarRow {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  category: string;
  occurred_from: string;
  occurred_to: string;
  score: string;
}

// Summaries are long; the opening is what a duplicate shares, and it keeps trigram work small.
const SUMMARY_PREFIX = 500;

/**
 * Possible duplicates: same category, overlapping dates or countries, and a title or summary
 * opening that is trigram-similar (pg_trgm, the title through its GIN index).
 */
@Injectable()
export class SimilarIncidents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(incident: Incident, limit: number): Promise<SimilarIncidentDto[]> {
    const rows = await this.dataSource.query<SimilarRow[]>(
      `SELECT id, reference, title, status, category, occurred_from, occurred_to,
              round((0.6 * similarity(title, $1) + 0.4 * similarity(left(summary, $8), left($2, $8)))::numeric, 3) AS score
         FROM incidents
        WHERE id <> $3
          AND category = $4
          AND (daterange(occurred_from, occurred_to, '[]') && daterange($5::date, $6::date, '[]')
               OR countries && $7::text[])
          AND (title % $1 OR (length($2) > 0 AND left(summary, $8) % left($2, $8)))
        ORDER BY score DESC, reference
        LIMIT $9`,
      [
        incident.title,
        incident.summary,
        incident.id,
        incident.category,
        incident.occurredFrom,
        incident.occurredTo,
        incident.countries ?? [],
        SUMMARY_PREFIX,
        limit,
      ],
    );
    return rows.map((row) => ({
      id: row.id,
      reference: row.reference,
      title: row.title,
      status: row.status,
      category: row.category,
      occurredFrom: row.occurred_from,
      occurredTo: row.occurred_to,
      score: Number(row.score),
    }));
  }
}
