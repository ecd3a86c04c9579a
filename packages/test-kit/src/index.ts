/**
 * What the suite's tests share: operator simulation against the local control plane,
 * catalog fixtures, object helpers, and the scaffolder action harness.
 *
 * @packageDocumentation
 */
export * from './actionHarness';
export * from './apiServerRequests';
export * from './events';
export * from './fixtures';
export * from './namespaces';
export * from './objects';
export * from './playOperators';
export * from './testCluster';
export * from './playServers';
