/*
 * For tests and benchmarks of more than one package that run the suite's portal backend:
 * the backend itself, and a big cluster scene written through the API server.
 */
export * from './portalBackend';
export * from './fleetScene';
export * from './teamPolicy';
