import { SCREENING_RULES_VERSION, screeningKeys, screeningText } from './names';

/** The names a designation is screened by: its name, its original script and its aliases. */
export function screenedNames(d: {
  name: string;
  originalScript: string | null;
  aliases: { name: string }[];
}): string[] {
  return [d.name, d.originalScript ?? '', ...d.aliases.map((alias) => alias.name)].filter(
    (name) => name.trim() !== '',
  );
}

/** The columns screening looks a designation up by, computed with the current rules. */
export function designationScreeningColumns(d: {
  name: string;
  originalScript: string | null;
  aliases: { name: string }[];
}): { screening_keys: string[]; screening_text: string; rules_version: number } {
  const names = screenedNames(d);
  const keys = new Set(names.flatMap((name) => screeningKeys(name)));
  const texts = new Set(names.map((name) => screeningText(name)).filter((text) => text !== ''));
  return {
    screening_keys: [...keys],
    screening_text: [...texts].join('\n'),
    rules_version: SCREENING_RULES_VERSION,
  };
}
