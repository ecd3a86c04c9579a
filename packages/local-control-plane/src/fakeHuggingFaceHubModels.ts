/*
 * The Hugging Face Hub as the stand-in Hub (fakeHuggingFaceHub.ts) serves it to the local
 * portal and to the tests: its users' tokens and its models. One list, imported by the
 * server and by every test that asks it, so a test's expectations follow the samples.
 *
 * The models are those the local samples and the templates' examples name, with sizes and
 * licences close to the real ones, plus a private model and one far larger than the sample
 * PVC `model-store` (200Gi).
 */

/** One file of a model's repository; `lfs` for the large files the Hub keeps in LFS. */
export interface FakeHubFile {
  path: string;
  size: number;
  lfs?: boolean;
}

/** @public */
export interface FakeHubModel {
  /** `org/name`, as the Hub spells it; looked up case-insensitively, as the Hub does. */
  id: string;
  /** The commit `main` (and HEAD) points at. */
  sha: string;
  /** The Hub's `gated` field. */
  gated: false | 'auto' | 'manual';
  private: boolean;
  /** Licence id; where the Hub shows it: the card's metadata, or only a `license:` tag. */
  license?: { id: string; in: 'cardData' | 'tags' };
  pipelineTag?: string;
  /** Branches or tags besides `main` (all at `sha`). */
  otherRevisions?: string[];
  /** Users who accepted a gated model's terms. */
  acceptedBy?: string[];
  /** Users who may read a private model. */
  readers?: string[];
  files: FakeHubFile[];
}

/** A user's access token of the stand-in Hub → the user's name. @public */
export const FAKE_HUB_TOKENS: Readonly<Record<string, string>> = {
  // The token of the sample Secret ml-models/hf-token (samples/10-model-downloads.yaml).
  'placeholder-not-a-real-token': 'platform-engineer',
  // A user who accepted the Llama 3.2 terms too, and may read the private model.
  hf_FakeHubTokenOfLlamaFan0000000000: 'llama-fan',
};

/** The sample token's user: has NOT accepted meta-llama/Llama-3.2-1B-Instruct's terms. */
export const FAKE_HUB_SAMPLE_TOKEN = 'placeholder-not-a-real-token';
/** A token whose user accepted every gated model's terms and reads the private model. */
export const FAKE_HUB_ACCEPTED_TOKEN = 'hf_FakeHubTokenOfLlamaFan0000000000';

const GB = 1_000_000_000;

function shards(count: number, size: number, ext = 'safetensors') {
  const width = String(count).length > 5 ? String(count).length : 5;
  const pad = (n: number) => String(n).padStart(width, '0');
  return Array.from({ length: count }, (_, i) => ({
    path: `model-${pad(i + 1)}-of-${pad(count)}.${ext}`,
    size,
    lfs: true,
  }));
}

const SMALL_FILES: FakeHubFile[] = [
  { path: '.gitattributes', size: 1519 },
  { path: 'README.md', size: 29_000 },
  { path: 'config.json', size: 877 },
  { path: 'generation_config.json', size: 189 },
  { path: 'tokenizer.json', size: 9_085_657, lfs: true },
  { path: 'tokenizer_config.json', size: 54_528 },
];

/** @public */
export const FAKE_HUB_MODELS: readonly FakeHubModel[] = [
  {
    id: 'google/gemma-2-2b-it',
    sha: '299a8560bedf22ed1c72a8a11e7dce4a7f9f51f8',
    gated: 'manual',
    private: false,
    license: { id: 'gemma', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [
      ...SMALL_FILES,
      ...shards(2, 2_614_341_888),
      { path: 'model.safetensors.index.json', size: 24_223 },
    ],
  },
  {
    // The sample that fails in the local samples: its terms were not accepted.
    id: 'meta-llama/Llama-3.2-1B-Instruct',
    sha: '9213176726f574b556790deb65791e0c5aa438b6',
    gated: 'manual',
    private: false,
    license: { id: 'llama3.2', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['llama-fan'],
    files: [
      ...SMALL_FILES,
      { path: 'model.safetensors', size: 2_471_645_608, lfs: true },
      { path: 'original/consolidated.00.pth', size: 2_471_677_246, lfs: true },
      { path: 'original/params.json', size: 220 },
      { path: 'original/tokenizer.model', size: 2_183_982, lfs: true },
    ],
  },
  {
    id: 'Qwen/Qwen2.5-0.5B-Instruct',
    sha: '7ae557604adf67be50417f59c2c2f167def9a775',
    gated: false,
    private: false,
    license: { id: 'apache-2.0', in: 'cardData' },
    pipelineTag: 'text-generation',
    files: [
      ...SMALL_FILES,
      { path: 'merges.txt', size: 1_671_839 },
      { path: 'vocab.json', size: 2_776_833 },
      { path: 'model.safetensors', size: 988_097_824, lfs: true },
    ],
  },
  {
    id: 'mistralai/Mistral-7B-Instruct-v0.3',
    sha: 'e0bc86c23ce5aae1db576c8cca6f06f1f73af2db',
    gated: 'auto',
    private: false,
    // Licence only in the tags: the client reads it from there.
    license: { id: 'apache-2.0', in: 'tags' },
    pipelineTag: 'text-generation',
    otherRevisions: ['v0.3'],
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [
      ...SMALL_FILES,
      ...shards(3, 4_949_453_792),
      { path: 'tokenizer.model.v3', size: 587_404, lfs: true },
    ],
  },
  {
    id: 'meta-llama/Meta-Llama-3-8B-Instruct',
    sha: '5f0b02c75b57c5855da9ae460ce51323ea669d8a',
    gated: 'manual',
    private: false,
    license: { id: 'llama3', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [...SMALL_FILES, ...shards(4, 4_015_456_000)],
  },
  {
    id: 'meta-llama/Llama-3.1-8B',
    sha: 'd04e592bb4f6aa9cfee91e2e20afa771667e1d4b',
    gated: 'manual',
    private: false,
    license: { id: 'llama3.1', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [...SMALL_FILES, ...shards(4, 4_015_456_000)],
  },
  {
    id: 'meta-llama/Llama-3.1-8B-Instruct',
    sha: '0e9e39f249a16976918f6564b8830bc894c89659',
    gated: 'manual',
    private: false,
    license: { id: 'llama3.1', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [...SMALL_FILES, ...shards(4, 4_015_456_000)],
  },
  {
    id: 'google/gemma-2b',
    sha: '68e273d91b1d6ea57c9e6024c4f887832f7b43fa',
    gated: 'manual',
    private: false,
    license: { id: 'gemma', in: 'cardData' },
    pipelineTag: 'text-generation',
    acceptedBy: ['platform-engineer', 'llama-fan'],
    files: [...SMALL_FILES, ...shards(2, 2_507_000_000)],
  },
  {
    // Larger than the sample PVC model-store (200Gi) on its own: about 642 GiB.
    id: 'deepseek-ai/DeepSeek-R1',
    sha: '56d4cbbb4d29f4355bab4b9a39ccb717a14ad5ad',
    gated: false,
    private: false,
    license: { id: 'mit', in: 'cardData' },
    pipelineTag: 'text-generation',
    files: [...SMALL_FILES, ...shards(163, 4_230_000_000)],
  },
  {
    id: 'model-delivery/internal-finetune',
    sha: '0c6a1bd4e6f3a0a7cc5b8c0e8b3f4d9c2a1e5f7b',
    gated: false,
    private: true,
    license: { id: 'other', in: 'cardData' },
    pipelineTag: 'text-generation',
    readers: ['llama-fan'],
    files: [
      ...SMALL_FILES,
      { path: 'model.safetensors', size: 3 * GB, lfs: true },
    ],
  },
];

/** A model's total size as the Hub's file tree gives it (LFS files by their real size). */
export function fakeHubModelBytes(model: FakeHubModel): number {
  return model.files.reduce((sum, f) => sum + f.size, 0);
}

/** The sample model of an id (any case). */
export function fakeHubModel(id: string): FakeHubModel | undefined {
  const wanted = id.toLowerCase();
  return FAKE_HUB_MODELS.find(m => m.id.toLowerCase() === wanted);
}
