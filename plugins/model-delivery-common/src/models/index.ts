export * from './modelIdentity';
export * from './resourceModels';
