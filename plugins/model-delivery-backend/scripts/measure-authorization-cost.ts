/*
 * What authorization costs per status view: the catalog read with the caller's
 * credentials and the permission decision, against the real catalog and permission
 * backends (SQLite in memory, an allow-all policy), with the access cache off and on.
 * Run by hand:
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     plugins/model-delivery-backend/scripts/measure-authorization-cost.ts
 *
 * - "not in the catalog": a view of an entity the catalog does not hold (404): the
 *   catalog read alone.
 * - "no resources": a view of an entity without resources (200): the catalog read, the
 *   permission decision, and an empty status.
 * Each sequentially (one viewer), then 20 concurrent viewers.
 */
import { performance } from 'node:perf_hooks';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { startControlPlane } from '@internal/local-control-plane';
import { componentEntity } from '@model-delivery/test-kit';
import request from 'supertest';
import { startPortalBackend } from '@model-delivery/test-kit/portal';

const SEQUENTIAL = 300;
const CONCURRENT = 20;
const ROUNDS = 15;

const entity = componentEntity('no-resources', {
  'backstage.io/kubernetes-id': 'no-resources',
});

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function summary(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 0.5).toFixed(2)} ms, p99 ${percentile(
    sorted,
    0.99,
  ).toFixed(2)} ms`;
}

async function main() {
  const cp = await startControlPlane();
  try {
    for (const accessCacheSeconds of [0, 2]) {
      const backend = await startPortalBackend({
        plugin: '@model-delivery/plugin-model-delivery-backend',
        controlPlane: cp,
        entities: [entity],
        policy: { handle: async () => ({ result: AuthorizeResult.ALLOW }) },
        config: {
          modelDelivery: {
            status: {
              maxReconnectDelaySeconds: 1,
              crdRecheckIntervalSeconds: 1,
              accessCacheSeconds,
            },
          },
        },
      });
      const view = async (name: string, expected: number) => {
        const started = performance.now();
        const response = await request(backend.server)
          .get(`/api/model-delivery/entity/component/default/${name}/status`)
          .set('Authorization', mockCredentials.user.header());
        if (response.status !== expected) {
          throw new Error(`${name}: ${response.status}, not ${expected}`);
        }
        return performance.now() - started;
      };
      for (const [label, name, expected] of [
        ['not in the catalog', 'no-such-entity', 404],
        ['no resources', 'no-resources', 200],
      ] as const) {
        for (let i = 0; i < 20; i++) await view(name, expected); // warm up
        const sequential: number[] = [];
        for (let i = 0; i < SEQUENTIAL; i++) {
          sequential.push(await view(name, expected));
        }
        const concurrent: number[] = [];
        for (let r = 0; r < ROUNDS; r++) {
          concurrent.push(
            ...(await Promise.all(
              Array.from({ length: CONCURRENT }, () => view(name, expected)),
            )),
          );
        }
        // eslint-disable-next-line no-console
        console.log(
          `access cache ${accessCacheSeconds} s, ${label}: 1 viewer ${summary(
            sequential,
          )}; ${CONCURRENT} viewers ${summary(concurrent)}`,
        );
      }
      await backend.stop();
    }
  } finally {
    await cp.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    // eslint-disable-next-line no-console
    console.error(error);
    process.exit(1);
  },
);
