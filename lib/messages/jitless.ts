import * as z from 'zod/mini';

// zod 4 compiles a faster parser for each object schema with `new Function` wherever eval is
// allowed, deciding when the schema is created (after probing with `new Function('')`). Firefox
// content scripts allow eval (the add-on's CSP does not cover them in Manifest V2), so zod
// would generate and run code on x.com; extension pages refuse it, and the refused probe is
// logged as a CSP violation. Our messages are small: the interpreter is fast enough. Every
// entrypoint imports this module first, before any schema exists (tests/unit/messages/jitless.test.ts).
z.config({ jitless: true });
