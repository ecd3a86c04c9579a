import { ModelDeliveryActionOptions } from './actionOptions';
import { createGemmaOnTpuAction } from './gemmaOnTpu/createGemmaOnTpuAction';
import { createKaggleCredentialsAction } from './gemmaOnTpu/createKaggleCredentialsAction';
import { createHfTokenAction } from './hfToken/createHfTokenAction';
import { createSecretManagerTokenAction } from './hfToken/createSecretManagerTokenAction';
import { createLocalModelCacheAction } from './localModelCache/createLocalModelCacheAction';
import { createModelDownloadAction } from './modelDownload/createModelDownloadAction';

/** Every action of the module, in the order the action registry lists them. @public */
export function createModelDeliveryActions(
  options: ModelDeliveryActionOptions,
) {
  return [
    createModelDownloadAction(options),
    createHfTokenAction(options),
    createGemmaOnTpuAction(options),
    createKaggleCredentialsAction(options),
    createLocalModelCacheAction(options),
    createSecretManagerTokenAction(options),
  ];
}
