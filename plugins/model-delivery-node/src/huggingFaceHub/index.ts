export {
  DEFAULT_HUGGING_FACE_ENDPOINT,
  HuggingFaceHub,
} from './HuggingFaceHub';
export type { HubModelsCheck, HuggingFaceHubOptions } from './HuggingFaceHub';
