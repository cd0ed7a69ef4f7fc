import { Injectable } from '@nestjs/common';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { InjectConfig } from '../common/core.module';
import { AppConfig } from '../config/config';
import type { ReceivedFile } from '../storage/storage.service';

export type ListFileKind = 'list' | 'vessels';

/**
 * The files an import reads, kept under STORAGE_DIR/sanctions/<import id>.xml|.csv: a version's
 * files stay as its record of what was imported; those of an import that changed nothing go.
 */
@Injectable()
export class ListFiles {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  pathOf(importId: string, kind: ListFileKind): string {
    return join(
      this.config.storageDir,
      'sanctions',
      `${importId}.${kind === 'list' ? 'xml' : 'csv'}`,
    );
  }

  async adopt(file: ReceivedFile, importId: string, kind: ListFileKind): Promise<void> {
    const target = this.pathOf(importId, kind);
    await mkdir(join(target, '..'), { recursive: true });
    await rename(file.temporaryPath, target);
  }

  async remove(importId: string): Promise<void> {
    await rm(this.pathOf(importId, 'list'), { force: true });
    await rm(this.pathOf(importId, 'vessels'), { force: true });
  }
}
