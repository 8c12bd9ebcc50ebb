// Imported first by main.ts. zod 4 probes `new Function('')` to decide whether it may compile
// fast parsers; under our CSP (no 'unsafe-eval', EH-2) that probe is a reported violation.
// jitless tells zod not to try.
import { config } from 'zod';

config({ jitless: true });
