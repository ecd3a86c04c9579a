export * from './hubModelMessages';
export * from './modelFit';
