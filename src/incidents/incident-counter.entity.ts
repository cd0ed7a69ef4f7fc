import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last reference number handed out per year (INC-<year>-<number>). */
@Entity('incident_counters')
export class IncidentCounter {
  @PrimaryColumn({ type: 'int' })
  year: number;

  @Column({ type: 'int' })
  last: number;
}
