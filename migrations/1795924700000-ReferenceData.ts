import { MigrationInterface, QueryRunner } from 'typeorm';

export class ReferenceData1795924700000 implements MigrationInterface {
  name = 'ReferenceData1795924700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "regimes" ("code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "resolution" character varying(40) NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_aa41b254becdd12e8ab718aacb6" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "provisions" ("code" character varying(40) NOT NULL, "regime_code" character varying(40) NOT NULL, "resolution" character varying(40) NOT NULL, "paragraph" character varying(40), "summary" text NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7b94d5ed57e28e25513924b25f6" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "ix_provisions_regime_code" ON "provisions" ("regime_code") `,
    );
    await queryRunner.query(
      `CREATE TABLE "categories" ("code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "version" integer NOT NULL DEFAULT '1', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_77d7eff8a7aaa05457a12b8007a" PRIMARY KEY ("code"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "provisions" ADD CONSTRAINT "fk_provisions_regime" FOREIGN KEY ("regime_code") REFERENCES "regimes"("code") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    // The seed of demo/reference.json (from ../shared/data/reference.json), inline because a
    // landed migration must never change when that file does.
    await queryRunner.query(
      `INSERT INTO "regimes" ("code", "name", "resolution") VALUES
        ('UN-1718', 'Democratic People''s Republic of Korea', '1718 (2006)'),
        ('UN-1267', 'ISIL (Da''esh) and Al-Qaida', '1267 (1999)'),
        ('UN-1518', 'Iraq', '1518 (2003)'),
        ('UN-1533', 'Democratic Republic of the Congo', '1533 (2004)'),
        ('UN-1591', 'Sudan', '1591 (2005)'),
        ('UN-1636', 'Lebanon', '1636 (2005)'),
        ('UN-1970', 'Libya', '1970 (2011)'),
        ('UN-1988', 'Taliban', '1988 (2011)'),
        ('UN-2048', 'Guinea-Bissau', '2048 (2012)'),
        ('UN-2127', 'Central African Republic', '2127 (2013)'),
        ('UN-2140', 'Yemen', '2140 (2014)'),
        ('UN-2206', 'South Sudan', '2206 (2015)'),
        ('UN-2653', 'Haiti', '2653 (2022)'),
        ('UN-2713', 'Al-Shabaab', '2713 (2023)')`,
    );
    await queryRunner.query(
      `INSERT INTO "categories" ("code", "name") VALUES
        ('overseas_labor', 'Overseas workers earning income abroad'),
        ('it_workers', 'IT workers abroad'),
        ('ship_to_ship_transfer', 'Ship-to-ship transfer'),
        ('maritime_deception', 'Maritime deception (AIS off, false flag, IMO laundering)'),
        ('crew_and_vessel_services', 'Crew, chartering and vessel services'),
        ('coal_export', 'Coal export'),
        ('mineral_export', 'Iron, iron ore and other mineral export'),
        ('textile_export', 'Textile export'),
        ('seafood_export', 'Seafood export'),
        ('petroleum_import', 'Petroleum import over the cap'),
        ('arms_embargo', 'Arms and related materiel'),
        ('wmd_procurement', 'WMD and ballistic-missile procurement'),
        ('luxury_goods', 'Luxury goods'),
        ('joint_venture', 'Joint venture or cooperative entity'),
        ('financial_services', 'Financial services, bulk cash, banking'),
        ('asset_freeze_evasion', 'Asset-freeze evasion, front companies'),
        ('cyber_theft', 'Cyber theft and crypto-asset laundering'),
        ('travel_ban_violation', 'Travel-ban violation'),
        ('other', 'Other')`,
    );
    await queryRunner.query(
      `INSERT INTO "provisions" ("code", "regime_code", "resolution", "paragraph", "summary") VALUES
        ('UNSCR-1718', 'UN-1718', '1718 (2006)', NULL, 'Establishes the DPRK regime and its Committee: arms embargo, luxury goods ban, asset freeze and travel ban.'),
        ('UNSCR-2270', 'UN-1718', '2270 (2016)', NULL, 'Broadens sectoral, maritime and financial measures.'),
        ('UNSCR-2321', 'UN-1718', '2321 (2016)', NULL, 'Caps coal exports and adds bans, among them on procuring crew services from the DPRK.'),
        ('UNSCR-2371', 'UN-1718', '2371 (2017)', NULL, 'Bans DPRK exports of coal, iron, iron ore and seafood; freezes the number of work authorizations for DPRK nationals abroad.'),
        ('UNSCR-2375', 'UN-1718', '2375 (2017)', NULL, 'Caps refined petroleum, bans textile exports and prohibits ship-to-ship transfers with DPRK-flagged vessels.'),
        ('UNSCR-2375-OP17', 'UN-1718', '2375 (2017)', 'OP17', 'No work authorizations for DPRK nationals unless the 1718 Committee approves in advance, case by case.'),
        ('UNSCR-2397', 'UN-1718', '2397 (2017)', NULL, 'Caps refined petroleum at 500,000 barrels a year and crude oil; bans further DPRK exports and imports; allows seizing vessels.'),
        ('UNSCR-2397-OP8', 'UN-1718', '2397 (2017)', 'OP8', 'DPRK nationals earning income abroad, and the safety oversight attachés monitoring them, to be repatriated within 24 months (by 22 December 2019).')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provisions" DROP CONSTRAINT "fk_provisions_regime"`);
    await queryRunner.query(`DROP TABLE "categories"`);
    await queryRunner.query(`DROP INDEX "public"."ix_provisions_regime_code"`);
    await queryRunner.query(`DROP TABLE "provisions"`);
    await queryRunner.query(`DROP TABLE "regimes"`);
  }
}
