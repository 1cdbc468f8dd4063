import { z } from "zod";

// Zod probes for eval (`new Function`) to compile fast object parsers; under the pages' Content-Security-Policy
// (no 'unsafe-eval') the probe fails and is reported as a violation. This runs before the app's client code
// builds any schema.
z.config({ jitless: true });
