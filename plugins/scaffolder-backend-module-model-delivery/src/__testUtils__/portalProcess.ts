/*
 * A portal backend in a process of its own, for tests that must kill a backend as a
 * crash or a redeploy would (an in-process stop leaves running tasks going, and SQLite
 * connections open). Run with the Backstage CLI's TypeScript transform:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs portalProcess.ts <config.json>
 *
 * It starts the scaffolder with the suite's module and the catalog on the given config,
 * and prints `LISTENING <port>` once it serves.
 */
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import modelDeliveryModule from '../index';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogTemplatesModule from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { readFileSync } from 'node:fs';

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      modelDeliveryModule,
      catalogPlugin,
      catalogTemplatesModule,
      mockServices.rootConfig.factory({ data: config }),
      // Warnings and errors into the test's portal.log, to tell why a run failed.
      mockServices.rootLogger.factory({ level: 'warn' }),
    ],
  });
  const address = backend.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  process.stdout.write(`LISTENING ${port}\n`);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
