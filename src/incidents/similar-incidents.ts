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
const CANDIDATES = 200;

/**
 * Possible duplicates: same category, overlapping dates or countries, and a trigram-similar
 * title (pg_trgm, through its GIN index); the score weighs title and summary opening.
 */
@Injectable()
export class SimilarIncidents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(incident: Incident, limit: number): Promise<SimilarIncidentDto[]> {
    // Candidates come from the title's trigram index and are capped before scoring, so the
    // cost stays flat even when thousands of incidents share a title (intake floods do).
    const rows = await this.dataSource.query<SimilarRow[]>(
      `WITH candidates AS MATERIALIZED (
         SELECT id FROM incidents
          WHERE title % $1 AND category = $4 AND id <> $3
          LIMIT ${CANDIDATES})
       SELECT i.id, i.reference, i.title, i.status, i.category, i.occurred_from, i.occurred_to,
              round((0.6 * similarity(i.title, $1)
                   + 0.4 * similarity(left(i.summary, $8), left($2, $8)))::numeric, 3) AS score
         FROM candidates c JOIN incidents i ON i.id = c.id
        WHERE daterange(i.occurred_from, i.occurred_to, '[]') && daterange($5::date, $6::date, '[]')
              OR i.countries && $7::text[]
        ORDER BY score DESC, i.reference
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
