/**
 * The field errors of a 400 validation failure, by field name: the server's `details` is a list
 * of `{ field, errors }`; anything else gives none.
 */
export function fieldErrors(details: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(details)) return out;
  for (const item of details) {
    if (!item || typeof item !== 'object') continue;
    const { field, errors } = item as { field?: unknown; errors?: unknown };
    if (typeof field !== 'string') continue;
    out[field] = Array.isArray(errors) ? errors.map(String).join(' ') : '';
  }
  return out;
}
