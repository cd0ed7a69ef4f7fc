import { z } from 'zod';

// A strict CSP forbids eval: zod must never compile validators with new Function, nor even
// probe for it (the probe alone is reported as a CSP violation). Imported before anything
// that builds a schema.
z.config({ jitless: true });
