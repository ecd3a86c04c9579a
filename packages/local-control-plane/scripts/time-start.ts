/*
 * Starts one local control plane, waits until it is ready, stops it, and prints how long
 * the start took: what every real-API-server test file pays. Run by hand, through
 * farm-bench to compare with the bare API server (docs/local-control-plane.md):
 *
 *   cd packages/local-control-plane
 *   farm-bench -n 5 --timeout 600 \
 *     -- node -r @backstage/cli/config/nodeTransform.cjs scripts/time-start.ts \
 *     --vs 'node -r @backstage/cli/config/nodeTransform.cjs scripts/time-start.ts --no-controllers'
 */
import { startControlPlane } from '../src/controlPlane';

async function main() {
  const controllers = !process.argv.includes('--no-controllers');
  const started = Date.now();
  const cp = await startControlPlane({ controllers });
  const ready = Date.now() - started;
  await cp.stop();
  process.stdout.write(
    `${
      controllers ? 'with' : 'without'
    } kube-controller-manager: ready in ${ready} ms\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e instanceof Error ? e.stack : e}\n`);
  process.exit(1);
});
