import {
  FormNamespace,
  FormNodeGroup,
  FormPersistentVolumeClaim,
  FormSecret,
  LOCAL_MODEL_NODE_GROUPS,
  namespaceOwnerRef,
  parseQuantity,
} from '@model-delivery/plugin-model-delivery-common';

/** Asks for `metadata` only (a PartialObjectMetadataList), JSON as fallback. */
const METADATA_ONLY =
  'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

/** What a picker lists from a cluster, and how one item is reduced to what it shows. */
export interface PickerList<T> {
  /** The RBAC resource (with its group when it has one), as messages name it. */
  resource: string;
  namespaced: boolean;
  /** The collection's path. */
  path(namespace?: string): string;
  accept?: string;
  /** Items per LIST page, when the default (500) could make a page too large to hold. */
  pageSize?: number;
  project(item: any): T;
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name);

/** A quantity as text (the API server may keep an int-or-string as a number) and in bytes. */
function quantity(value: unknown): { text?: string; bytes?: number } {
  if (value === undefined || value === null || value === '') return {};
  const text = String(value);
  const bytes = parseQuantity(text);
  return { text, ...(bytes !== undefined ? { bytes } : {}) };
}

const namespacedPath = (plural: string) => (namespace?: string) =>
  `/api/v1/namespaces/${encodeURIComponent(namespace ?? '')}/${plural}`;

/** The namespaces, with the owner their annotation names (the namespace rules read it). */
export const NAMESPACES: PickerList<FormNamespace> = {
  resource: 'namespaces',
  namespaced: false,
  path: () => '/api/v1/namespaces',
  accept: METADATA_ONLY,
  project: item => {
    const owner = namespaceOwnerRef(item?.metadata?.annotations);
    return {
      name: String(item?.metadata?.name ?? ''),
      ...(owner ? { owner } : {}),
    };
  },
};

export const PERSISTENT_VOLUME_CLAIMS: PickerList<FormPersistentVolumeClaim> = {
  resource: 'persistentvolumeclaims',
  namespaced: true,
  path: namespacedPath('persistentvolumeclaims'),
  project: item => {
    // A bound claim's real size is the volume's; until bound, what it asks for.
    const capacity = quantity(
      item?.status?.capacity?.storage ??
        item?.spec?.resources?.requests?.storage,
    );
    const storageClassName = item?.spec?.storageClassName;
    return {
      name: String(item?.metadata?.name ?? ''),
      ...(capacity.text !== undefined ? { capacity: capacity.text } : {}),
      ...(capacity.bytes !== undefined
        ? { capacityBytes: capacity.bytes }
        : {}),
      accessModes: [
        ...(item?.status?.accessModes ?? item?.spec?.accessModes ?? []),
      ].map(String),
      phase: String(item?.status?.phase ?? 'Pending'),
      ...(typeof storageClassName === 'string' ? { storageClassName } : {}),
    };
  },
};

export const SECRETS: PickerList<FormSecret> = {
  resource: 'secrets',
  namespaced: true,
  path: namespacedPath('secrets'),
  // Whole Secrets come back, values included (Helm keeps each release in one, up to 1 MiB):
  // small pages bound what is held while a page is reduced to its key names.
  pageSize: 50,
  // Only the names survive this: `data` (the values) is not read past the key names.
  project: item => ({
    name: String(item?.metadata?.name ?? ''),
    type: String(item?.type ?? 'Opaque'),
    keys: Object.keys(item?.data ?? {}).sort(),
  }),
};

export const NODE_GROUPS: PickerList<FormNodeGroup> = {
  resource: `${LOCAL_MODEL_NODE_GROUPS.plural}.${
    LOCAL_MODEL_NODE_GROUPS.apiVersion.split('/')[0]
  }`,
  namespaced: false,
  path: () =>
    `/apis/${LOCAL_MODEL_NODE_GROUPS.apiVersion}/${LOCAL_MODEL_NODE_GROUPS.plural}`,
  project: item => {
    const limit = quantity(item?.spec?.storageLimit);
    return {
      name: String(item?.metadata?.name ?? ''),
      ...(limit.text !== undefined ? { storageLimit: limit.text } : {}),
      ...(limit.bytes !== undefined ? { storageLimitBytes: limit.bytes } : {}),
    };
  },
};

/** Sorts a picker's items by name, for a stable list. */
export function sortedByName<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort(byName);
}
