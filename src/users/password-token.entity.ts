import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { User } from './user.entity';

/** `set`: an admin's or an operator's link (24 h); `reset`: a forgotten password's (30 min). */
export type PasswordTokenPurpose = 'set' | 'reset';

/**
 * A single-use token that lets its holder choose a new password (spec 4, "Passwords forgotten
 * and reset"). Only the SHA-256 of the token is kept; the token itself exists in the link
 * handed to the admin or mailed to the user.
 */
@Entity('password_tokens')
@Check('ck_password_tokens_purpose', `"purpose" IN ('set', 'reset')`)
export class PasswordToken {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('ix_password_tokens_user_id')
  @Column({ type: 'uuid' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_password_tokens_user' })
  user?: User;

  @Index('uq_password_tokens_token_hash', { unique: true })
  @Column({ type: 'char', length: 64 })
  tokenHash: string;

  @Column({ type: 'varchar', length: 8 })
  purpose: PasswordTokenPurpose;

  /** A newer token of the same user moves this to the moment it was issued. */
  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** The admin who issued it; null for a forgotten password or the CLI. */
  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_password_tokens_created_by' })
  creator?: User;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;
}
