import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles, UuidParam } from '../common/decorators';
import { notFound } from '../common/errors';
import { IncidentsRepository } from '../incidents/incidents.repository';
import { WebhooksService } from '../webhooks/webhooks.service';
import { PublicIncidentDto, PublicPreviewDto } from './dto/public-incident.dto';
import { publicPreviewJson, WITHHELD_FIELDS } from './public-projection';

/**
 * Exactly the public view of an incident if it were published now, from the same projection
 * as the public API (spec 6): what a writer checks before publishing, with how many webhook
 * subscribers publishing would tell (writers may not list the webhooks themselves).
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('incidents')
export class PublicPreviewController {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly webhooks: WebhooksService,
  ) {}

  @Roles('writer', 'verifier', 'admin')
  @Get(':id/public-preview')
  async preview(@UuidParam() id: string): Promise<PublicPreviewDto> {
    const [doc, webhookSubscribers] = await Promise.all([
      this.incidents.projected(id, publicPreviewJson),
      this.webhooks.subscribers('incident.transitioned'),
    ]);
    if (!doc) throw notFound('Incident');
    const preview = JSON.parse(doc) as {
      view: PublicIncidentDto;
      confidentialSources: number;
      titleWithheld: boolean;
    };
    return {
      ...preview.view,
      withheld: {
        fields: [...(preview.titleWithheld ? ['title'] : []), ...WITHHELD_FIELDS],
        confidentialSources: preview.confidentialSources,
      },
      notifies: { webhookSubscribers },
    };
  }
}
