export interface Config {
  modelDelivery?: {
    /**
     * Options of the Model Delivery status backend
     * (`@model-delivery/plugin-model-delivery-backend`). The clusters themselves are
     * read from `kubernetes.clusterLocatorMethods`.
     */
    status?: {
      /**
       * How long, after a change in a cluster, the backend waits before recomputing the
       * statuses of the entities being viewed and signalling the changed ones, so that a
       * burst of events makes one signal. Default 250.
       */
      signalDebounceMilliseconds?: number;
      /**
       * How long after an entity's status was last requested its changes are still
       * signalled to pages. Pages request the status on open and after every signal, so an
       * open page stays subscribed. Default 15.
       */
      signalTrackingMinutes?: number;
      /**
       * How often a kind whose CRD a cluster does not serve is looked for again, so that
       * installing the CRD (and operator) later is picked up without a restart. Default 60.
       */
      crdRecheckIntervalSeconds?: number;
      /**
       * The longest wait between attempts to reach an API server that does not answer
       * (the backoff starts at half a second and doubles). Default 10.
       */
      maxReconnectDelaySeconds?: number;
      /**
       * How long a LIST, or the opening of a WATCH, may take before the cluster is
       * reported unreachable. Default 30.
       */
      requestTimeoutSeconds?: number;
      /**
       * How often the statuses that change with time alone (e.g. "no sign of the
       * operator for 60 s") are derived again; other statuses are derived when their
       * objects change. Default 5.
       */
      timeSweepIntervalSeconds?: number;
      /**
       * How often each cluster's API server is asked whether it answers at all. Watch
       * streams of a frozen or partitioned API server stay open and silent; this is
       * how the backend notices. Default 3.
       */
      livenessIntervalSeconds?: number;
      /**
       * How long an API server may take to answer that question; two unanswered in a
       * row report its cluster unreachable (its data marked stale). Default 4.
       */
      livenessTimeoutSeconds?: number;
      /**
       * How long a caller's permission decisions (and, under a conditional policy, their
       * catalog read of an entity) are reused for that same caller's status requests,
       * and an entity read as the plugin for everyone's (concurrent requests share one).
       * A change of the catalog, its read rules or the policy takes effect within this
       * time. 0 turns it off. Default 2.
       */
      accessCacheSeconds?: number;
    };
    /**
     * Notifications to entity owners through the notifications plugin
     * (`@backstage/plugin-notifications-backend`), when an item of their entity's
     * resources fails. An entity opts out with the annotation
     * `model-delivery.backstage.io/notifications: off`.
     */
    notifications?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * At most one notification per entity in this many minutes; what fails in
       * between is told together afterwards. Default 10.
       */
      minIntervalMinutes?: number;
      /** Also notify when every item of a resource completed. Default false. */
      onCompletion?: boolean;
    };
    /**
     * The routes behind the template forms' pickers (`/form-data/...`), which read the
     * clusters with the suite's identity.
     */
    formData?: {
      /**
       * How long a list (namespaces, PVCs, Secret key names, node groups) read from a
       * cluster is reused for every caller; 0 reads it every time. Default 10.
       */
      cacheSeconds?: number;
      /** How long one read may take before the cluster counts as unreachable. Default 10. */
      requestTimeoutSeconds?: number;
    };
  };
}
