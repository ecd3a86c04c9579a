import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { ModelDeliveryActionOptions } from './actionOptions';
import { createGemmaOnTpuAction } from './gemmaOnTpu/createGemmaOnTpuAction';
import { createKaggleCredentialsAction } from './gemmaOnTpu/createKaggleCredentialsAction';
import { createHfTokenAction } from './hfToken/createHfTokenAction';
import { createDeleteResourceAction } from './lifecycle/deleteResourceAction';
import { createRedownloadAction } from './lifecycle/redownloadAction';
import { createSecretManagerTokenAction } from './hfToken/createSecretManagerTokenAction';
import { createLocalModelCacheAction } from './localModelCache/createLocalModelCacheAction';
import { createModelDownloadAction } from './modelDownload/createModelDownloadAction';
import { withUserFacingErrors } from './userFacingErrors';

/**
 * Every action of the module, in the order the action registry lists them.
 *
 * @public
 */
export function createModelDeliveryActions(
  options: ModelDeliveryActionOptions,
): TemplateAction<any, any, any>[] {
  // Declared as the registry takes them: an inferred union of the action types is
  // written in the compiler's order of type ids, which changes with the files compiled
  // alongside, and the API report with it.
  return [
    createModelDownloadAction(options),
    createHfTokenAction(options),
    createGemmaOnTpuAction(options),
    createKaggleCredentialsAction(options),
    createLocalModelCacheAction(options),
    createSecretManagerTokenAction(options),
    createRedownloadAction(options),
    createDeleteResourceAction(options),
    // A failure the user acts on shows in the task log as its message, without frames.
  ].map(withUserFacingErrors);
}
