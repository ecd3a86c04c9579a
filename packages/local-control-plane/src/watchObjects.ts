import { KubeConfig, Watch } from '@kubernetes/client-node';

/** A watch that keeps itself going; see {@link watchObjects}. */
export interface ObjectWatch {
  stop(): void;
}

/**
 * Watches a collection (`/api/v1/pods`, `/api/v1/namespaces/x/configmaps`, …) until stopped,
 * calling `onEvent` for every ADDED / MODIFIED / DELETED object. No LIST: a watch without a
 * resourceVersion starts with an ADDED event per existing object; a watch that ends is
 * resumed from the last version seen, or from scratch when that version is gone (410).
 * Handlers must therefore take an object they have seen before calmly.
 */
export function watchObjects(
  kc: KubeConfig,
  path: string,
  options: { labelSelector?: string; fieldSelector?: string },
  onEvent: (type: string, object: any) => void,
): ObjectWatch {
  const watch = new Watch(kc);
  let stopped = false;
  let resourceVersion: string | undefined;
  let current: AbortController | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const start = (): void => {
    if (stopped) return;
    const again = () => {
      if (stopped) return;
      clearTimeout(retryTimer);
      retryTimer = setTimeout(start, 200);
    };
    watch
      .watch(
        path,
        {
          allowWatchBookmarks: true,
          ...(options.labelSelector
            ? { labelSelector: options.labelSelector }
            : {}),
          ...(options.fieldSelector
            ? { fieldSelector: options.fieldSelector }
            : {}),
          ...(resourceVersion ? { resourceVersion } : {}),
        },
        (type, object) => {
          if (type === 'ERROR') {
            // 410 Gone: the version is too old to resume from; start over.
            if (object?.code === 410) resourceVersion = undefined;
            return;
          }
          resourceVersion =
            object?.metadata?.resourceVersion ?? resourceVersion;
          if (type !== 'BOOKMARK') onEvent(type, object);
        },
        again,
      )
      .then(controller => {
        current = controller;
        if (stopped) controller.abort();
      }, again);
  };
  start();
  return {
    stop: () => {
      stopped = true;
      clearTimeout(retryTimer);
      current?.abort();
    },
  };
}
