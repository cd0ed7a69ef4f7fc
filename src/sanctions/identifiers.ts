/**
 * IMO numbers: a ship's (weights 7..2, sum mod 10) and a company's or registered owner's
 * (weights 8,6,4,2,9,7, then (11 - sum mod 11) mod 10). Both are seven digits, so only the
 * check digit and the context tell them apart.
 */
const SHIP_WEIGHTS = [7, 6, 5, 4, 3, 2];
const COMPANY_WEIGHTS = [8, 6, 4, 2, 9, 7];

function weightedSum(digits: string, weights: number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * Number(digits[i]), 0);
}

export function isShipImo(value: string): boolean {
  if (!/^\d{7}$/.test(value)) return false;
  return weightedSum(value, SHIP_WEIGHTS) % 10 === Number(value[6]);
}

export function isCompanyImo(value: string): boolean {
  if (!/^\d{7}$/.test(value)) return false;
  return (11 - (weightedSum(value, COMPANY_WEIGHTS) % 11)) % 10 === Number(value[6]);
}

/** "IMO 9074729", "IMO: 9074729", "9074729" → "9074729"; null when not seven digits. */
export function imoDigits(value: string): string | null {
  const match = /^\s*(?:IMO[\s:.-]*)?(\d{7})\s*$/i.exec(value);
  return match ? match[1] : null;
}

/**
 * The company numbers an entity's comments give ("IMO number: 5342883.", "Company Number IMO
 * 5434358"): the Consolidated List writes them as IMO numbers, but they identify the company,
 * so they count only with a company check digit and never as a ship's number.
 */
export function companyNumbersIn(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.matchAll(/\bIMO\b[^0-9]{0,20}(\d{7})\b/gi)) {
    if (isCompanyImo(match[1])) found.add(match[1]);
  }
  return [...found];
}
