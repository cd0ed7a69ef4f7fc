import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiErrors } from '../common/api-errors';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../common/auth-user';
import { CurrentUser, Roles } from '../common/decorators';
import {
  FailedJobPageDto,
  FailedJobsQuery,
  QueueJobParams,
  QueueListDto,
  QueueParams,
  RetriedJobDto,
} from './dto/queue.dto';
import { QueuesService } from './queues.service';

/** Spec 9: queue counts, failed jobs and a retry action. An unknown queue or job is a 404. */
@ApiTags('queues')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/queues')
export class QueuesController {
  constructor(private readonly queues: QueuesService) {}

  @Get()
  async list(): Promise<QueueListDto> {
    return { items: await this.queues.list() };
  }

  /** Newest failure first. */
  @ApiErrors(404)
  @Get(':name/failed')
  failed(@Param() params: QueueParams, @Query() query: FailedJobsQuery): Promise<FailedJobPageDto> {
    return this.queues.failed(params.name, query.limit ?? 25, query.cursor);
  }

  /** Moves a failed job back to waiting; 409 when it is not failed. */
  @ApiErrors(404, 409)
  @Post(':name/jobs/:jobId/retry')
  @HttpCode(200)
  retry(@CurrentUser() actor: AuthUser, @Param() params: QueueJobParams): Promise<RetriedJobDto> {
    return this.queues.retry(actor.id, params.name, params.jobId);
  }
}
