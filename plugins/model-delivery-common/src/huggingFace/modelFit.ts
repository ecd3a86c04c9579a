import { parseQuantity } from '../validation/quantity';

/*
 * Whether models fit where they are downloaded to: a ModelDownload's models in its PVC, a
 * LocalModelCache's model in its `modelSize`. Pure arithmetic and the sentences saying it;
 * the sizes come from the Hub (sum of a revision's files, LFS files by their real size).
 */

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes for people, in binary units as Kubernetes quantities are: `2.3 GiB`. @public */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown =
    unit === 0 ? String(value) : value.toFixed(value >= 100 ? 0 : 1);
  return `${shown} ${UNITS[unit]}`;
}

/** @public */
export interface ModelSize {
  id: string;
  /** Unknown when the Hub could not say (missing, private, unreachable). */
  totalBytes?: number;
}

/** @public */
export interface ModelsFitResult {
  /** False only when the known sizes alone exceed the capacity. */
  fits: boolean;
  /** The sum of the known sizes. */
  totalBytes: number;
  /** The models whose size is not known (not counted). */
  unknownSizes: string[];
  /** Set when they do not fit: names the PVC, its capacity, the total and the largest models. */
  message?: string;
}

/**
 * Whether the models' total fits a PVC's capacity. The PVC holds every model of the
 * ModelDownload, so all are counted, not only those a run adds.
 *
 * @public
 */
export function modelsFitPersistentVolumeClaim(
  models: ReadonlyArray<ModelSize>,
  pvc: { name: string; capacity: string },
): ModelsFitResult {
  const capacityBytes = parseQuantity(pvc.capacity);
  const known = models.filter(
    (m): m is Required<ModelSize> => m.totalBytes !== undefined,
  );
  const totalBytes = known.reduce((sum, m) => sum + m.totalBytes, 0);
  const unknownSizes = models
    .filter(m => m.totalBytes === undefined)
    .map(m => m.id);
  if (capacityBytes === undefined || totalBytes <= capacityBytes) {
    return { fits: true, totalBytes, unknownSizes };
  }
  const largest = [...known]
    .sort((a, b) => b.totalBytes - a.totalBytes)
    .slice(0, 3)
    .map(m => `${m.id} ${formatBytes(m.totalBytes)}`)
    .join(', ');
  return {
    fits: false,
    totalBytes,
    unknownSizes,
    message: `The models need ${formatBytes(totalBytes)} in total (${largest}${
      known.length > 3 ? ', …' : ''
    }), more than the ${pvc.capacity} (${formatBytes(
      capacityBytes,
    )}) of PersistentVolumeClaim '${
      pvc.name
    }': downloads would fail with "No space left on device". Use a larger claim, or fewer or smaller models`,
  };
}

/**
 * Whether a LocalModelCache's `modelSize` holds the model: KServe sizes each node's volume
 * by it, so a smaller one fails the download on every node. Undefined when it does, or
 * when either size is unknown.
 *
 * @public
 */
export function localModelCacheSizeProblem(
  modelSize: string,
  model: ModelSize,
): string | undefined {
  const sizeBytes = parseQuantity(modelSize);
  if (sizeBytes === undefined || model.totalBytes === undefined) {
    return undefined;
  }
  if (model.totalBytes <= sizeBytes) return undefined;
  return `modelSize ${modelSize} (${formatBytes(sizeBytes)}) is smaller than ${
    model.id
  } on the Hub (${formatBytes(
    model.totalBytes,
  )}): KServe sizes each node's volume by modelSize, so the download would fail with "No space left on device"; set modelSize to at least ${Math.ceil(
    model.totalBytes / 2 ** 30,
  )}Gi`;
}
