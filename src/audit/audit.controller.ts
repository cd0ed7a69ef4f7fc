import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../common/decorators';
import { decodeCursor, Page, toPage } from '../common/pagination';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditEvent } from './audit-event.entity';
import { AuditService } from './audit.service';
import { AuditEventDto, AuditQuery, AuditVerifyDto, mapAuditEvent } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  /** Newest first. */
  @Get()
  async list(@Query() query: AuditQuery): Promise<Page<AuditEventDto>> {
    const limit = query.limit ?? 25;
    const builder = this.dataSource
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .orderBy('e.seq', 'DESC')
      .limit(limit + 1);
    if (query.actorId) builder.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
    if (query.entityType)
      builder.andWhere('e.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('e.entity_id = :entityId', { entityId: query.entityId });
    if (query.action) builder.andWhere('e.action = :action', { action: query.action });
    if (query.from) builder.andWhere('e.at >= :from', { from: query.from });
    if (query.to) builder.andWhere('e.at < :to', { to: query.to });
    if (query.cursor) {
      const [seq] = decodeCursor(query.cursor, ['int']);
      builder.andWhere('e.seq < :seq', { seq });
    }
    return toPage(await builder.getMany(), limit, (event) => [event.seq], mapAuditEvent);
  }

  @Get('verify')
  async verify(): Promise<AuditVerifyDto> {
    return verifyChainAndCheckpoints(this.audit, this.checkpoints);
  }
}

/** The chain must hold link by link, and every signed checkpoint must still match it. */
export async function verifyChainAndCheckpoints(
  audit: AuditService,
  checkpoints: AuditCheckpointService,
): Promise<AuditVerifyDto> {
  const chain = await audit.verify();
  const files = await checkpoints.verifyAll();
  if (!chain.valid) return { ...chain, checkpoints: files };
  const firstBroken = files.invalid
    .map((entry) => /checkpoint-(\d+)-/.exec(entry.file)?.[1])
    .filter((seq): seq is string => seq !== undefined)
    .map((seq) => BigInt(seq))
    .sort((a, b) => (a < b ? -1 : 1))[0];
  if (firstBroken !== undefined) {
    return {
      valid: false,
      checked: chain.checked,
      firstInvalidSeq: firstBroken.toString(),
      checkpoints: files,
    };
  }
  return { ...chain, checkpoints: files };
}
