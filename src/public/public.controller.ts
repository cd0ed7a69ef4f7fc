import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators';
import { notFound } from '../common/errors';
import { decodeCursor, encodeCursor } from '../common/pagination';
import { IncidentsRepository } from '../incidents/incidents.repository';
import {
  PublicIncidentDto,
  PublicIncidentPageDto,
  PublicListQuery,
} from './dto/public-incident.dto';
import { publicIncidentJson, readPublicIncident } from './public-projection';

/** The public API (spec 12): no login, published incidents only, rate limited per address. */
@ApiTags('public')
@Public()
@Controller('public/incidents')
export class PublicController {
  constructor(private readonly incidents: IncidentsRepository) {}

  @Get()
  async list(@Query() query: PublicListQuery): Promise<PublicIncidentPageDto> {
    const limit = query.limit ?? 25;
    const after = query.cursor ? decodeCursor(query.cursor, ['timestamp', 'uuid']) : undefined;
    const rows = await this.incidents.publishedPage(
      {
        regime: query.regime,
        category: query.category,
        country: query.country,
        occurredFrom: query.occurredFrom,
        occurredTo: query.occurredTo,
        q: query.q,
        after: after && { publishedAt: after[0], id: after[1] },
        limit: limit + 1,
      },
      publicIncidentJson,
    );
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const last = page[page.length - 1];
    return {
      items: page.map((row) => readPublicIncident(row.doc)),
      nextCursor: more ? encodeCursor([last.publishedAt, last.id]) : null,
    };
  }

  @ApiErrors(404)
  @Get(':reference')
  async get(@Param('reference') reference: string): Promise<PublicIncidentDto> {
    const doc = await this.incidents.publishedByReference(
      reference.slice(0, 20),
      publicIncidentJson,
    );
    if (!doc) throw notFound('Published incident');
    return readPublicIncident(doc);
  }
}
