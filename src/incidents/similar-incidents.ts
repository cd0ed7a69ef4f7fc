import { Injectable } from '@nestjs/common';
import { SimilarIncidentDto } from './dto/incident.dto';
import { Incident } from './incident.entity';
import { IncidentSearchRepository } from './incident-search.repository';

/** Possible duplicates of an incident, best first (decision 0005; the query: similarTo). */
@Injectable()
export class SimilarIncidents {
  constructor(private readonly rows: IncidentSearchRepository) {}

  async find(incident: Incident, limit: number): Promise<SimilarIncidentDto[]> {
    const rows = await this.rows.similarTo(incident, limit);
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
