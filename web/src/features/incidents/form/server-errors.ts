/** The API's 400 details: each field it names, with its messages (spec 3). */
interface FieldError {
  field: string;
  errors: string[];
}

const TOP = new Set([
  'title',
  'summary',
  'regime',
  'category',
  'provisions',
  'occurredFrom',
  'occurredTo',
  'datePrecision',
  'locations',
  'actors',
  'quantities',
  'tags',
]);
const NESTED: Record<string, Set<string>> = {
  locations: new Set(['role', 'countryCode', 'adminArea', 'placeName', 'latitude', 'longitude']),
  actors: new Set(['name', 'type', 'role', 'imoNumber', 'designationRef']),
  quantities: new Set(['value', 'unit', 'approximate']),
};

function isFieldError(value: unknown): value is FieldError {
  if (!value || typeof value !== 'object') return false;
  const item = value as Record<string, unknown>;
  return (
    typeof item.field === 'string' &&
    Array.isArray(item.errors) &&
    item.errors.every((error) => typeof error === 'string')
  );
}

/** A form field the server's name points at, when the form has one; rows must exist. */
function formPath(field: string, rows: Record<string, number>): string | null {
  if (TOP.has(field)) return field;
  const match = /^(locations|actors|quantities)\.(\d+)\.(\w+)$/.exec(field);
  if (!match) {
    const tag = /^tags\.\d+$/.exec(field);
    return tag ? 'tags' : null;
  }
  const [, list, index, name] = match;
  if (Number(index) >= (rows[list] ?? 0) || !NESTED[list].has(name)) return null;
  return field;
}

/**
 * The server's validation details mapped onto the form's fields (`locations.1.countryCode`
 * onto that row's country); what names no field of the form is kept for an alert.
 */
export function mapServerDetails(
  details: unknown,
  rows: Record<string, number>,
): { fields: { name: string; message: string }[]; unmapped: string[] } {
  const fields: { name: string; message: string }[] = [];
  const unmapped: string[] = [];
  for (const item of Array.isArray(details) ? details : []) {
    if (!isFieldError(item)) continue;
    const name = formPath(item.field, rows);
    if (name) fields.push({ name, message: item.errors.join('; ') });
    else unmapped.push(...item.errors.map((error) => `${item.field}: ${error}`));
  }
  return { fields, unmapped };
}
