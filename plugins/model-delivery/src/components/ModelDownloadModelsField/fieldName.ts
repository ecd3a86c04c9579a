/** The `ui:field` templates use for the model list of a ModelDownload. */
export const MODEL_DOWNLOAD_MODELS_FIELD_NAME = 'ModelDownloadModels';
