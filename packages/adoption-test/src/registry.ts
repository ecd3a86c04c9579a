import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { runServer } from 'verdaccio';
import { run } from './run';

/**
 * A package registry on loopback that stands in for the public npm registry the suite is
 * released to: Verdaccio, its storage in the run's folder, no uplink (the portal gets every
 * other package from its usual registry; only the `@model-delivery` scope points here).
 */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** Publishes a packed tarball the way a release does (`npm publish <tarball>`). */
  publish(tarball: string): Promise<void>;
  stop(): Promise<void>;
}

const USER = 'release';

export async function startLocalRegistry(dir: string): Promise<LocalRegistry> {
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const configFile = join(dir, 'config.yaml');
  writeFileSync(
    configFile,
    [
      'storage: ./storage',
      'auth:',
      '  htpasswd:',
      '    file: ./htpasswd',
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: error }',
      '',
    ].join('\n'),
  );
  const server: Server = await runServer(configFile);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}/`;

  // A release publishes with a token; Verdaccio issues one for a new user.
  const res = await fetch(`${url}-/user/org.couchdb.user:${USER}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: USER, password: 'adoption-test' }),
  });
  if (!res.ok) {
    throw new Error(
      `Verdaccio refused to add the publishing user: ${
        res.status
      } ${await res.text()}`,
    );
  }
  const { token } = (await res.json()) as { token: string };
  const npmrc = join(dir, 'npmrc');
  writeFileSync(
    npmrc,
    `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`,
  );

  return {
    url,
    async publish(tarball) {
      await run('npm', ['publish', tarball, '--userconfig', npmrc], {
        cwd: dir,
        what: `npm publish ${tarball}`,
      });
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

/** The tarballs in a folder, e.g. what the release's pack step wrote. */
export function tarballsIn(dir: string): string[] {
  return readdirSync(dir)
    .filter(name => name.endsWith('.tgz'))
    .sort()
    .map(name => join(dir, name));
}
