export interface Config {
  modelDelivery?: {
    /**
     * The Hugging Face Hub the Model Delivery suite asks about models: the template forms'
     * model check and the scaffolder actions' preflight.
     */
    huggingFace?: {
      /**
       * The Hub's base URL. Default https://huggingface.co. A mirror works (the value of
       * an HF_ENDPOINT), as does the local control plane's stand-in Hub.
       */
      endpoint?: string;
      /**
       * A read token, used when a form or task has none of its own (the task's new token,
       * or the token Secret's). Never logged or shown.
       * @visibility secret
       */
      token?: string;
      /** How long one request to the Hub may take. Default 10. */
      timeoutSeconds?: number;
      /** How long an answer about a model, revision and token is reused. Default 60. */
      cacheSeconds?: number;
    };
    /** What the scaffolder actions do when their Hub preflight finds a problem. */
    preflight?: {
      /**
       * The Hub could not be asked: `warn` (the task log says so and the task goes on) or
       * `refuse` (nothing is applied). Default warn.
       */
      hubUnreachable?: 'warn' | 'refuse';
      /**
       * The models do not fit the PVC, or a LocalModelCache's modelSize is smaller than
       * its model: `warn` or `refuse`. Default warn.
       */
      tooLarge?: 'warn' | 'refuse';
    };
  };
}
