/**
 * What a template can set in a field's `ui:options`. Dependent pickers read the cluster and
 * namespace chosen earlier in the form from the properties named here (by default `cluster`
 * and `namespace`).
 *
 * @public
 */
export type ModelDeliveryFormFieldOptions = {
  /** The form property holding the cluster; default `cluster`. */
  clusterField?: string;
  /** The form property holding the namespace; default `namespace`. */
  namespaceField?: string;
  /**
   * The form property holding the entity the resources are for (the template's owner
   * field); default `entityRef`. The namespace picker offers the namespaces the user may
   * act in for it.
   */
  entityRefField?: string;
  /**
   * Validate the value with this action's rules: `ModelDownload`, `GemmaOnTPUServer`,
   * `LocalModelCache` or `HuggingFaceTokenSecretManager`. Needs `input`.
   */
  validateAs?: string;
  /** The action input the value becomes (the template's step maps it unchanged). */
  input?: string;
  /** ClusterPicker: a kind whose CRD the cluster must serve, e.g. `ModelDownload`. */
  requiredKind?: string;
};

/** The `ui:options` of a field, from a component's props or a validator's context. */
export function fieldOptions(uiSchema: unknown): ModelDeliveryFormFieldOptions {
  const options = (
    uiSchema as { 'ui:options'?: ModelDeliveryFormFieldOptions } | undefined
  )?.['ui:options'];
  return options ?? {};
}

/** The whole form so far: the scaffolder passes it to fields as `formContext.formData`. */
export function formSoFar(props: {
  formContext?: unknown;
  registry?: { formContext?: unknown };
}): Record<string, unknown> {
  const context = (props.formContext ?? props.registry?.formContext) as
    | { formData?: Record<string, unknown> }
    | undefined;
  return context?.formData ?? {};
}

/** A string property of the form, when set. */
export function chosen(
  formData: Record<string, unknown> | undefined,
  property: string,
): string | undefined {
  const value = formData?.[property];
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The cluster, namespace and owner entity chosen earlier in the form, per the field's options. */
export function chosenPlacement(
  formData: Record<string, unknown> | undefined,
  options: ModelDeliveryFormFieldOptions,
): { cluster?: string; namespace?: string; entityRef?: string } {
  return {
    cluster: chosen(formData, options.clusterField ?? 'cluster'),
    namespace: chosen(formData, options.namespaceField ?? 'namespace'),
    entityRef: chosen(formData, options.entityRefField ?? 'entityRef'),
  };
}
