import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../../common/pagination';
import { QUEUES, QueueName } from '../../queues/queues';

const QUEUE_NAMES = Object.values(QUEUES);

/** An unknown queue name is a 404 (checked by the service), not a validation error. */
export class QueueParams {
  @IsString()
  @MaxLength(100)
  name: string;
}

export class QueueJobParams extends QueueParams {
  /** BullMQ job ids: event or delivery UUIDs, `<id>-<job name>`, `repeat:<key>:<millis>`. */
  @Matches(/^[A-Za-z0-9:._-]{1,200}$/, {
    message: 'jobId must be 1 to 200 letters, digits or ":._-"',
  })
  jobId: string;
}

export class FailedJobsQuery extends PageQuery {}

export class JobCountsDto {
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  /** Parents waiting for their child jobs (BullMQ flows). */
  waitingChildren: number;
  completed: number;
  failed: number;
}

export class QueueDto {
  @ApiProperty({ enum: QUEUE_NAMES })
  name: QueueName;
  /** A paused queue keeps its jobs waiting: workers take none until it is resumed. */
  paused: boolean;
  counts: JobCountsDto;
}

export class QueueListDto {
  @ApiProperty({ type: [QueueDto] })
  items: QueueDto[];
}

export class FailedJobDto {
  id: string;
  /** The job name, e.g. `incident.transitioned`. */
  name: string;
  /** The error message of the last attempt, cut at 500 characters. */
  failedReason: string;
  attemptsMade: number;
  /** When the job was added. */
  timestamp: string;
  finishedOn: string | null;
  /** Only the payload's id fields (UUIDs); anything else in the payload is left out. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'uuid' } })
  ids: Record<string, string>;
}

export class FailedJobPageDto {
  @ApiProperty({ type: [FailedJobDto] })
  items: FailedJobDto[];
  nextCursor: string | null;
}

export class RetriedJobDto {
  id: string;
  name: string;
  @ApiProperty({ enum: QUEUE_NAMES })
  queue: QueueName;
  /** The job's state right after the retry, usually `waiting`. */
  @ApiProperty({
    enum: ['waiting', 'prioritized', 'delayed', 'active', 'completed', 'failed', 'unknown'],
  })
  state: string;
}
