export * from './modelIdentity';
export * from './modelEntity';
export * from './resourceModels';
