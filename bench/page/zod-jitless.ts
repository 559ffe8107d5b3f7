// Imported first by extension-tools.ts. In a real extension page the MV3 CSP (no 'unsafe-eval')
// makes zod's `new Function` probe fail, so zod parses without its JIT. Code evaluated through
// CDP is exempt from that CSP while it runs synchronously, so zod would wrongly enable the JIT
// at schema creation and then hit the CSP on the first parse after an await. Turning the JIT
// off here reproduces what the dashboard really runs.
import { config } from 'zod';

config({ jitless: true });
