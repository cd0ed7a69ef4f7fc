import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/decorators';
import { AuditCheckpointService } from './audit-checkpoint.service';
import { AuditService } from './audit.service';
import { AuditEventPageDto, AuditQuery, AuditVerifyDto } from './dto/audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly checkpoints: AuditCheckpointService,
  ) {}

  /** Newest first. */
  @Get()
  list(@Query() query: AuditQuery): Promise<AuditEventPageDto> {
    return this.audit.list(query);
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
