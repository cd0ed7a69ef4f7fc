import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  UpdateDateColumn,
} from 'typeorm';
import { Regime } from './regime.entity';

/** A resolution, or one operative paragraph of it, that an incident may breach. */
@Entity('provisions')
export class Provision {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code: string;

  @Index('ix_provisions_regime_code')
  @Column({ type: 'varchar', length: 40 })
  regimeCode: string;

  @ManyToOne(() => Regime)
  @JoinColumn({
    name: 'regime_code',
    referencedColumnName: 'code',
    foreignKeyConstraintName: 'fk_provisions_regime',
  })
  regime?: Regime;

  /** e.g. "2397 (2017)". */
  @Column({ type: 'varchar', length: 40 })
  resolution: string;

  /** e.g. "OP8"; null when the provision is the resolution as a whole. */
  @Column({ type: 'varchar', length: 40, nullable: true })
  paragraph: string | null;

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
