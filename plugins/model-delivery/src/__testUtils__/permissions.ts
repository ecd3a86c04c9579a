import { PermissionApi } from '@backstage/plugin-permission-react';

type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;

/**
 * A permission API answering every request the same way, recording what was asked.
 * (The decision is spelled as the permission framework's wire value.)
 */
export function permissionApiAnswering(result: 'ALLOW' | 'DENY') {
  const authorize = jest.fn(
    async (_request: Parameters<PermissionApi['authorize']>[0]) =>
      ({ result } as unknown as Decision),
  );
  return { authorize } satisfies PermissionApi;
}
