/** The layering rule (eslint/layers.js): each forbidden import is reported, the allowed ones pass. */
import path from 'node:path';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import layers from '../../eslint/layers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const at = (file: string) => path.join(ROOT, 'src', file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('layers/boundaries', layers.rules.boundaries, {
  valid: [
    { filename: at('chat/engine.ts'), code: "import { x } from './rooms'; import '../shared'; import 'node:crypto';" },
    {
      filename: at('http/login-routes.ts'),
      code: "import '../chat/accounts'; import '../security/login-throttle'; import 'express';",
    },
    { filename: at('realtime/delivery.ts'), code: "import '../chat/engine'; import '../config'; import 'socket.io';" },
    { filename: at('client/format/parse.ts'), code: "import '../dom'; import '../../shared/types'; import 'socket.io-client';" },
    { filename: at('store/sql/db.ts'), code: "import '../../chat/ports'; import '../../http/session';" },
    { filename: path.join(ROOT, 'test/unit/x.test.ts'), code: "import '../../src/store';" },
  ],
  invalid: [
    { filename: at('chat/engine.ts'), code: "import '../store';", errors: [{ message: /src\/chat may not import src\/store/ }] },
    {
      filename: at('chat/engine.ts'),
      code: "import { pino } from 'pino';",
      errors: [{ message: /no package but Node built-ins/ }],
    },
    { filename: at('chat/engine.ts'), code: "type C = import('../config').Config;", errors: [{ message: /src\/config/ }] },
    {
      filename: at('http/pages.ts'),
      code: "export { x } from '../realtime/types';",
      errors: [{ message: /src\/http may not import src\/realtime/ }],
    },
    { filename: at('http/pages.ts'), code: "import '../store/sql/db';", errors: [{ message: /src\/store/ }] },
    {
      filename: at('realtime/delivery.ts'),
      code: "import '../http/session';",
      errors: [{ message: /src\/realtime may not import src\/http/ }],
    },
    { filename: at('realtime/delivery.ts'), code: "export * from '../store';", errors: [{ message: /src\/store/ }] },
    {
      filename: at('client/format/parse.ts'),
      code: "import '../../config';",
      errors: [{ message: /src\/client may not import src\/config/ }],
    },
    { filename: at('client/state.ts'), code: "void import('../realtime/types');", errors: [{ message: /src\/realtime/ }] },
    { filename: at('client/state.ts'), code: "import '../../scripts/build.js';", errors: [{ message: /code outside src/ }] },
  ],
});
