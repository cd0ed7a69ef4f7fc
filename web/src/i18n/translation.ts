import type { Strings } from './en';

/** Plural keys differ per language (Korean has one form, Russian four): leave them loose. */
type Loose<T> = {
  [K in keyof T as K extends `${string}_${'one' | 'other'}` ? never : K]: T[K] extends string
    ? string
    : Loose<T[K]>;
} & Record<string, unknown>;

export type Translation = Loose<Strings>;
