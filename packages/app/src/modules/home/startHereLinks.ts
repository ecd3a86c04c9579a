/** Where a new user of the portal starts: the suite's templates and the example entity. */
export const START_HERE_LINKS = [
  {
    title: 'Cache Hugging Face models',
    to: '/create/templates/default/model-download',
    what: 'hf-operator downloads models into a volume, one Job per model',
  },
  {
    title: 'Deploy Gemma on TPU',
    to: '/create/templates/default/gemma-on-tpu',
    what: 'a kro GemmaOnTPUServer: weights from Kaggle, served on a TPU node pool',
  },
  {
    title: 'Cache a model on node groups',
    to: '/create/templates/default/local-model-cache',
    what: "a KServe LocalModelCache on the nodes' local disks",
  },
  {
    title: 'Hugging Face token from Secret Manager (GKE)',
    to: '/create/templates/default/gke-hf-token',
    what: 'the token the downloads use, without copying it by hand',
  },
  {
    title: 'chat-assistant: Model delivery tab',
    to: '/catalog/default/component/chat-assistant/model-delivery',
    what: 'the example component: a model in each state, live from the cluster',
  },
] as const;
