import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { pgCode } from '../database/pg-errors';
import { rawPool } from '../database/raw-pg';
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
const SUMMARY_PREFIX = 300;
const CANDIDATES = 200;
/** Of the candidates, the most title-similar that get their summary compared and a score. */
const FINALISTS = 25;
/** "cached plan must not change result type": the table changed under a prepared statement. */
const FEATURE_NOT_SUPPORTED = '0A000';
/** Same country counts when the incidents are this close in time (days, either side). */
const COUNTRY_WINDOW_DAYS = 90;

/**
 * Possible duplicates: same category; overlapping dates, or a shared country within
 * COUNTRY_WINDOW_DAYS; and a trigram-similar title (pg_trgm's `%`). The score weighs title and
 * summary opening.
 *
 * Candidates come from one GiST index on (category, occurrence dates, title trigrams) that
 * prunes on all three at once, so the cost follows how many similar incidents of that category
 * happened around then, not the size of the table. The title's GIN trigram index it replaced
 * read the posting list of every trigram of the title: 0.5 s per intake at 1,000,000 incidents,
 * against about 20 ms now for the bench's worst case, a flood of one identical row.
 *
 * Comparing summary openings is most of the rest (about 50 µs a row): only the FINALISTS most
 * title-similar candidates get that far. The LIMIT keeps their subquery apart, or the planner
 * would compute every candidate's score below the sort.
 */
@Injectable()
export class SimilarIncidents {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async find(incident: Incident, limit: number): Promise<SimilarIncidentDto[]> {
    // A named statement: each connection prepares it once, and after a few runs PostgreSQL
    // keeps its generic plan (the one sensible plan, the GiST index). Unnamed, it was planned
    // on every intake, 3-5 ms of the server's time at 1,000,000 incidents (trigram estimates).
    // Its result columns are text, so a migration that changes a column's length cannot change
    // the prepared result type; should it change anyway (0A000), the query runs unnamed.
    const pool = rawPool(this.dataSource);
    const query = {
      name: 'similar-incidents',
      text: `SELECT id, reference::text, title::text, status::text, category::text,
              occurred_from, occurred_to,
              round((0.6 * title_similarity
                   + 0.4 * similarity(left(summary, $8), left($2, $8)))::numeric, 3) AS score
         FROM (SELECT * FROM (SELECT id, reference, title, summary, status, category,
                                     occurred_from, occurred_to,
                                     similarity(title, $1) AS title_similarity
                                FROM incidents
                               WHERE category = $4 AND id <> $3
                                 AND daterange(occurred_from, occurred_to, '[]')
                                     && daterange($5::date - $10::int, $6::date + $10::int, '[]')
                                 AND (daterange(occurred_from, occurred_to, '[]')
                                      && daterange($5::date, $6::date, '[]')
                                      OR countries && $7::text[])
                                 AND title % $1
                               LIMIT ${CANDIDATES}) candidates
                ORDER BY title_similarity DESC
                LIMIT ${FINALISTS}) finalists
        ORDER BY score DESC, reference
        LIMIT $9`,
      values: [
        incident.title,
        incident.summary,
        incident.id,
        incident.category,
        incident.occurredFrom,
        incident.occurredTo,
        incident.countries ?? [],
        SUMMARY_PREFIX,
        limit,
        COUNTRY_WINDOW_DAYS,
      ],
    };
    const { rows } = await pool.query<SimilarRow>(query).catch((error: unknown) => {
      if (pgCode(error) !== FEATURE_NOT_SUPPORTED) throw error;
      return pool.query<SimilarRow>(query.text, query.values);
    });
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
