export { ModelDownloadModelsField } from './ModelDownloadModelsField';
export { validateModelDownloadModels } from './validateModelDownloadModels';
