// TEMPORARY STUB (replaced by the scorer branch)
import { nameKey } from '../name-keys';
export const SCREENING_RULES_VERSION = 1;
export function nameTokens(name: string): string[] {
  return nameKey(name).split(' ').filter(Boolean);
}
export function screeningKeys(name: string): string[] {
  const k = nameTokens(name).join(' ');
  return k ? [k] : [];
}
export function screeningText(name: string): string {
  return nameTokens(name).join(' ');
}
