import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { Category } from '../category.entity';
import { Provision } from '../provision.entity';
import {
  CATEGORY_CODE,
  CODE_MAX_LENGTH,
  PROVISION_CODE,
  REGIME_CODE,
  RESOLUTION,
} from '../reference-codes';
import { Regime } from '../regime.entity';

const trim = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.trim() : value;

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** May be left out, but not sent as null: the column behind it is NOT NULL. */
const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

const RESOLUTION_MESSAGE = 'resolution must be cited like "2397 (2017)"';

export class ReferenceQuery {
  /** Only active (true) or only inactive (false) entries; all when left out. */
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class ProvisionQuery extends ReferenceQuery {
  @IsOptional()
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  regime?: string;
}

export class CreateRegimeDto {
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  @Matches(REGIME_CODE, { message: 'code must look like UN-1718' })
  code: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @IsString()
  @Matches(RESOLUTION, { message: RESOLUTION_MESSAGE })
  resolution: string;
}

export class UpdateRegimeDto {
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Omittable()
  @IsString()
  @Matches(RESOLUTION, { message: RESOLUTION_MESSAGE })
  resolution?: string;

  @Omittable()
  @IsBoolean()
  active?: boolean;

  @IsInt()
  @Min(1)
  version: number;
}

export class CreateCategoryDto {
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  @Matches(CATEGORY_CODE, { message: 'code must be lower snake case like overseas_labor' })
  code: string;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;
}

export class UpdateCategoryDto {
  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Omittable()
  @IsBoolean()
  active?: boolean;

  @IsInt()
  @Min(1)
  version: number;
}

export class CreateProvisionDto {
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  @Matches(PROVISION_CODE, { message: 'code must look like UNSCR-2397-OP8' })
  code: string;

  /** The code of an existing regime. */
  @IsString()
  @MaxLength(CODE_MAX_LENGTH)
  regime: string;

  @IsString()
  @Matches(RESOLUTION, { message: RESOLUTION_MESSAGE })
  resolution: string;

  /** e.g. "OP8"; null or left out when the provision is the whole resolution. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  paragraph?: string | null;

  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  summary: string;
}

/** The regime of a provision is fixed: incidents rely on the pairing. */
export class UpdateProvisionDto {
  @Omittable()
  @IsString()
  @Matches(RESOLUTION, { message: RESOLUTION_MESSAGE })
  resolution?: string;

  /** null clears it. */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  paragraph?: string | null;

  @Omittable()
  @Transform(trim)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  summary?: string;

  @Omittable()
  @IsBoolean()
  active?: boolean;

  @IsInt()
  @Min(1)
  version: number;
}

export class RegimeDto {
  code: string;
  name: string;
  resolution: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class CategoryDto {
  code: string;
  name: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export class ProvisionDto {
  code: string;
  /** The code of the regime it belongs to. */
  regime: string;
  resolution: string;
  paragraph: string | null;
  summary: string;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export const mapRegime = (regime: Regime): RegimeDto => ({
  code: regime.code,
  name: regime.name,
  resolution: regime.resolution,
  active: regime.active,
  version: regime.version,
  createdAt: regime.createdAt.toISOString(),
  updatedAt: regime.updatedAt.toISOString(),
});

export const mapCategory = (category: Category): CategoryDto => ({
  code: category.code,
  name: category.name,
  active: category.active,
  version: category.version,
  createdAt: category.createdAt.toISOString(),
  updatedAt: category.updatedAt.toISOString(),
});

export const mapProvision = (provision: Provision): ProvisionDto => ({
  code: provision.code,
  regime: provision.regimeCode,
  resolution: provision.resolution,
  paragraph: provision.paragraph,
  summary: provision.summary,
  active: provision.active,
  version: provision.version,
  createdAt: provision.createdAt.toISOString(),
  updatedAt: provision.updatedAt.toISOString(),
});
