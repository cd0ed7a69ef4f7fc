import { z } from 'zod/mini';

// One configuration for zod's classic and mini builds (they share their core).
// A strict CSP forbids eval: zod must never compile validators with new Function, nor even
// probe for it (the probe alone is reported as a CSP violation). Imported before anything
// that builds a schema.
z.config({ jitless: true });
