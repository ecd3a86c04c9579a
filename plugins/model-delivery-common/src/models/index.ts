export * from './modelIdentity';
export * from './modelEntity';
export * from './resourceModels';
export * from './catalogModels';
export * from './modelServers';
