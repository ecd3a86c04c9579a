/*
 * hf-operator's Job naming, reproduced exactly (skamalj/hf-operator @ 86608b48): it does
 * nothing but lowercase, replace '/', '_' and '.' with '-', and cut to 50 characters. The
 * results can break Kubernetes' rules, which is why validation checks them.
 */

/** The operator's `sanitize`. @public */
export function hfOperatorSanitize(value: string): string {
  return value.toLowerCase().replace(/[/_.]/g, '-').slice(0, 50);
}

/**
 * The name of the Job hf-operator creates for one model of a ModelDownload, e.g.
 * `llama-cache` + `meta-llama/Llama-3.1-8B` → `hf-dl-llama-cache-meta-llama-llama-3-1-8b`.
 *
 * @public
 */
export function hfOperatorJobName(
  resourceName: string,
  modelName: string,
): string {
  return `hf-dl-${hfOperatorSanitize(resourceName)}-${hfOperatorSanitize(
    modelName,
  )}`;
}

/** The label hf-operator puts on every Job it creates. @public */
export const HF_OPERATOR_APP_LABELS: Readonly<Record<string, string>> = {
  app: 'hf-downloader',
};

/**
 * The labels hf-operator puts on its Jobs: `app=hf-downloader`, `parent` (the
 * ModelDownload's name, raw) and `model` (the sanitised model name). Without a model: the
 * labels every Job of that ModelDownload carries.
 *
 * @public
 */
export function hfOperatorJobLabels(
  resourceName: string,
  modelName?: string,
): Record<string, string> {
  return {
    ...HF_OPERATOR_APP_LABELS,
    parent: resourceName,
    ...(modelName === undefined
      ? {}
      : { model: hfOperatorSanitize(modelName) }),
  };
}
