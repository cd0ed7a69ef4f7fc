import { ApiProperty } from '@nestjs/swagger';

export type Check = 'up' | 'down';

export class LivenessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
}

export class ReadinessChecksDto {
  @ApiProperty({ enum: ['up', 'down'] })
  database: Check;
  @ApiProperty({ enum: ['up', 'down'] })
  redis: Check;
  @ApiProperty({ enum: ['up', 'down'] })
  storage: Check;
}

export class ReadinessDto {
  @ApiProperty({ enum: ['ok'] })
  status: 'ok';
  checks: ReadinessChecksDto;
}
