// Writes a small, valid GGUF v3 file holding a random-weight LLaMA model that
// llama.cpp's llama-server loads and runs for real (gibberish text, but real
// tokenisation, real slots, real SSE). No dependencies.
//
// Format (ggml/include/gguf.h, gguf-py/gguf/constants.py in llama.cpp):
//   "GGUF" | u32 version=3 | i64 n_tensors | i64 n_kv
//   n_kv  × (string key | i32 type | value)      arrays: i32 elem type | u64 n | elems
//   n_ten × (string name | u32 n_dims | i64 ne[n_dims] | i32 ggml_type | u64 offset)
//   zero padding to `general.alignment` | tensor data (each tensor aligned)
// Strings are u64 length + UTF-8 bytes (no NUL); everything little-endian.
// ne[0] is the contiguous dimension, so a PyTorch [out, in] weight is ne = [in, out].

import { open } from 'node:fs/promises';

/** GGUF metadata value types (enum gguf_type). */
const enum GgufType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

/** ggml tensor types used here (enum ggml_type / GGMLQuantizationType). */
const GGML_TYPE_F32 = 0;
const GGML_TYPE_F16 = 1;

/** llama.cpp token types (gguf-py TokenType). */
export const TokenType = {
  NORMAL: 1,
  UNKNOWN: 2,
  CONTROL: 3,
  USER_DEFINED: 4,
  UNUSED: 5,
  BYTE: 6,
} as const;

const ALIGNMENT = 32;
const GGUF_VERSION = 3;

export interface RandomLlamaOptions {
  /** Embedding width (llama.embedding_length). Default 64. */
  nEmbd?: number;
  /** Transformer blocks (llama.block_count). Default 2. */
  nLayer?: number;
  /** Attention heads. Default max(1, nEmbd / 16). nEmbd must be a multiple, head size even. */
  nHead?: number;
  /** KV heads (GQA). Default nHead; must divide nHead. */
  nHeadKv?: number;
  /** Feed-forward width. Default ≈ 8/3·nEmbd rounded up to a multiple of 32. */
  nFf?: number;
  /** Training context length (llama.context_length, what /v1/models reports as n_ctx_train). Default 4096. */
  nCtx?: number;
  /** Vocabulary size. Default 512; at least the fixed tokens (special + 256 bytes + printable ASCII). */
  vocabSize?: number;
  /** RNG seed: the same options and seed give a byte-identical file. Default 1. */
  seed?: number;
  /** general.name. Default "llmlb-random-llama". */
  name?: string;
  /** Weight storage of the 2-D tensors (norms stay F32, as llama.cpp's converter does). Default "f32". */
  dtype?: 'f32' | 'f16';
  /** tokenizer.chat_template; null leaves it out (llama.cpp then falls back to chatml). Default: chatml. */
  chatTemplate?: string | null;
  /**
   * Zero the output rows of byte, control (except </s>) and unused tokens, so generated text
   * is printable ASCII words instead of stray bytes and U+FFFD. </s> keeps a normal row, so
   * generation sometimes ends with finish_reason "stop". Default true.
   */
  readableOutput?: boolean;
  /**
   * Scale of </s>'s output row relative to normal tokens. 1 (default): with the default sizes
   * about 1 generation in 250 tokens ends with "stop". 0: practically never (use max_tokens).
   */
  eosLogitScale?: number;
  /**
   * llama.pooling_type, what an embedding model declares. Without it llama-server
   * --embeddings answers /v1/embeddings with 400 "Pooling type 'none' is not OAI compatible"
   * (unless started with --pooling). Default: not written.
   */
  poolingType?: 'mean' | 'cls' | 'last';
  /**
   * tokenizer.ggml.add_space_prefix. Unset, llama.cpp's SentencePiece default (true) puts a "▁" before
   * text that follows a special token, so the chat template's generation prompt ("<|im_start|>assistant\n")
   * tokenizes to " assistant" and llama-server rejects every grammar request (response_format
   * json_schema / json_object, tools) with 400 "Failed to initialize samplers". false fixes that.
   * Default: not written.
   */
  addSpacePrefix?: boolean;
}

export interface RandomLlamaInfo {
  path: string;
  bytes: number;
  nEmbd: number;
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  nFf: number;
  nCtx: number;
  vocabSize: number;
  nParams: number;
  seed: number;
  name: string;
  dtype: 'f32' | 'f16';
  /** The token strings, index = token id (SentencePiece style, "▁" for a space). */
  tokens: string[];
  bosId: number;
  eosId: number;
  unkId: number;
}

/** ChatML, as a Jinja template llama.cpp's template engine accepts. */
export const CHATML_TEMPLATE =
  "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

// ---------------------------------------------------------------------------
// RNG: mulberry32 (32-bit state, fast, fully determined by the seed).

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------
// Vocabulary: a SentencePiece-style ("llama") vocab.
//   0 <unk>, 1 <s>, 2 </s>, 3..258 byte-fallback <0x00>..<0xFF>,
//   <|im_start|>, <|im_end|> (control; llama.cpp treats <|im_end|> as end-of-turn),
//   "▁" and printable ASCII, then common English words with every "▁"-prefix
//   on the way (SPM merges adjacent pieces only into pieces that exist), then
//   lower-case letter pairs, then <unused_N>.

const SPACE = '\u2581';
const WORDS = [
  'the', 'and', 'you', 'that', 'was', 'for', 'are', 'with', 'his', 'they', 'this', 'have', 'from',
  'one', 'had', 'word', 'but', 'not', 'what', 'all', 'were', 'when', 'your', 'can', 'said', 'there',
  'use', 'each', 'which', 'she', 'how', 'their', 'will', 'other', 'about', 'out', 'many', 'then',
  'them', 'these', 'some', 'her', 'would', 'make', 'like', 'him', 'into', 'time', 'has', 'look',
  'two', 'more', 'write', 'see', 'number', 'way', 'could', 'people', 'than', 'first', 'water',
  'been', 'call', 'who', 'its', 'now', 'find', 'long', 'down', 'day', 'did', 'get', 'come', 'made',
  'may', 'part', 'hello', 'world', 'model', 'token', 'server', 'load', 'balance', 'test', 'is', 'a',
  'to', 'of', 'in', 'it', 'on', 'be', 'as', 'at', 'by', 'or', 'an', 'we', 'do', 'if', 'so', 'up', 'no',
  'my', 'go', 'me',
];

function buildVocab(vocabSize: number): { tokens: string[]; scores: number[]; types: number[] } {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const seen = new Set<string>();
  const add = (text: string, type: number, score: number): void => {
    if (seen.has(text) || tokens.length >= vocabSize) return;
    seen.add(text);
    tokens.push(text);
    types.push(type);
    scores.push(score);
  };
  add('<unk>', TokenType.UNKNOWN, 0);
  add('<s>', TokenType.CONTROL, 0);
  add('</s>', TokenType.CONTROL, 0);
  for (let b = 0; b < 256; b++) {
    add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, TokenType.BYTE, 0);
  }
  add('<|im_start|>', TokenType.CONTROL, 0);
  add('<|im_end|>', TokenType.CONTROL, 0);
  const fixed = tokens.length + 1 + (0x7e - 0x21 + 1);
  if (vocabSize < fixed) {
    throw new RangeError(`vocabSize must be at least ${fixed} (special, byte and ASCII tokens)`);
  }
  // Single characters: lowest scores, so merges always win over them.
  let rank = 0;
  add(SPACE, TokenType.NORMAL, -1000 - rank++);
  for (let c = 0x21; c <= 0x7e; c++) add(String.fromCharCode(c), TokenType.NORMAL, -1000 - rank++);
  // Words and their prefixes; longer pieces score higher, so they are preferred.
  const pieces: string[] = [];
  for (const w of WORDS) {
    const full = SPACE + w;
    for (let n = 2; n <= full.length; n++) pieces.push(full.slice(0, n));
  }
  for (const p of pieces) add(p, TokenType.NORMAL, -100 + p.length * 10 - (rank++ % 10) / 100);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (const x of letters) for (const y of letters) add(x + y, TokenType.NORMAL, -500 - rank++ / 1000);
  for (let i = 0; tokens.length < vocabSize; i++) add(`<unused_${i}>`, TokenType.UNUSED, 0);
  return { tokens, scores, types };
}

// ---------------------------------------------------------------------------
// Binary writers.

type KvValue =
  | { type: GgufType.STRING; value: string }
  | { type: GgufType.UINT32 | GgufType.INT32 | GgufType.FLOAT32 | GgufType.BOOL; value: number | boolean }
  | { type: GgufType.ARRAY; elemType: GgufType.STRING; value: string[] }
  | { type: GgufType.ARRAY; elemType: GgufType.INT32 | GgufType.FLOAT32; value: number[] };

class ByteSink {
  private chunks: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v | 0);
    this.push(b);
  }
  u64(v: number | bigint): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  u8(v: number): void {
    this.push(Buffer.from([v & 0xff]));
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(alignment: number): void {
    const rem = this.length % alignment;
    if (rem !== 0) this.push(Buffer.alloc(alignment - rem));
  }
  concat(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}

function writeScalar(out: ByteSink, type: GgufType, v: number | boolean | string): void {
  switch (type) {
    case GgufType.UINT32:
      out.u32(Number(v));
      return;
    case GgufType.INT32:
      out.i32(Number(v));
      return;
    case GgufType.FLOAT32:
      out.f32(Number(v));
      return;
    case GgufType.BOOL:
      out.u8(v ? 1 : 0);
      return;
    case GgufType.STRING:
      out.str(String(v));
      return;
    default:
      throw new Error(`unsupported GGUF scalar type ${type}`);
  }
}

function writeKv(out: ByteSink, key: string, kv: KvValue): void {
  out.str(key);
  out.i32(kv.type);
  if (kv.type === GgufType.ARRAY) {
    out.i32(kv.elemType);
    out.u64(kv.value.length);
    for (const v of kv.value) writeScalar(out, kv.elemType, v);
  } else {
    writeScalar(out, kv.type, kv.value);
  }
}

/** IEEE 754 binary16 bits of a float (round to nearest even). */
export function f32ToF16Bits(val: number): number {
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  f32[0] = val;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf / nan
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1))) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1))) half++; // a carry into the exponent is still correct
  return sign | half;
}

// ---------------------------------------------------------------------------

interface TensorSpec {
  name: string;
  /** ggml ne[]: ne[0] is the contiguous (input) dimension. */
  ne: number[];
  type: number;
  /** 'ones' for norm weights; otherwise uniform in [-scale, scale], times rowScale[row] if given. */
  init: 'ones' | { scale: number; rowScale?: number[] | undefined };
  offset: number;
  nbytes: number;
}

function resolve(opts: RandomLlamaOptions) {
  const nEmbd = opts.nEmbd ?? 64;
  const nLayer = opts.nLayer ?? 2;
  const nHead = opts.nHead ?? Math.max(1, Math.floor(nEmbd / 16));
  const nHeadKv = opts.nHeadKv ?? nHead;
  const nFf = opts.nFf ?? Math.ceil((nEmbd * 8) / 3 / 32) * 32;
  const nCtx = opts.nCtx ?? 4096;
  const vocabSize = opts.vocabSize ?? 512;
  const seed = opts.seed ?? 1;
  const name = opts.name ?? 'llmlb-random-llama';
  const dtype = opts.dtype ?? 'f32';
  const positive = { nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, vocabSize };
  for (const [k, v] of Object.entries(positive)) {
    if (!Number.isInteger(v) || v <= 0) throw new RangeError(`${k} must be a positive integer, got ${v}`);
  }
  if (nEmbd % nHead !== 0) throw new RangeError(`nEmbd (${nEmbd}) must be a multiple of nHead (${nHead})`);
  if ((nEmbd / nHead) % 2 !== 0) throw new RangeError(`head size nEmbd/nHead (${nEmbd / nHead}) must be even (RoPE)`);
  if (nHead % nHeadKv !== 0) throw new RangeError(`nHead (${nHead}) must be a multiple of nHeadKv (${nHeadKv})`);
  if (nLayer > 512) throw new RangeError('nLayer too large');
  return { nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, vocabSize, seed, name, dtype };
}

/**
 * Write a random-weight LLaMA model as GGUF v3 to `path` (overwriting it).
 * Reproducible: the same options give a byte-identical file.
 */
export async function writeRandomLlamaGguf(path: string, opts: RandomLlamaOptions = {}): Promise<RandomLlamaInfo> {
  const cfg = resolve(opts);
  const { nEmbd, nLayer, nHead, nHeadKv, nFf, nCtx, vocabSize, seed, name, dtype } = cfg;
  const headDim = nEmbd / nHead;
  const nEmbdKv = headDim * nHeadKv;
  const vocab = buildVocab(vocabSize);
  const chatTemplate = opts.chatTemplate === undefined ? CHATML_TEMPLATE : opts.chatTemplate;

  // ---- metadata
  const kvs: Array<[string, KvValue]> = [
    ['general.architecture', { type: GgufType.STRING, value: 'llama' }],
    ['general.name', { type: GgufType.STRING, value: name }],
    ['general.alignment', { type: GgufType.UINT32, value: ALIGNMENT }],
    // LLAMA_FTYPE_ALL_F32 = 0, LLAMA_FTYPE_MOSTLY_F16 = 1
    ['general.file_type', { type: GgufType.UINT32, value: dtype === 'f16' ? 1 : 0 }],
    ['llama.context_length', { type: GgufType.UINT32, value: nCtx }],
    ['llama.embedding_length', { type: GgufType.UINT32, value: nEmbd }],
    ['llama.block_count', { type: GgufType.UINT32, value: nLayer }],
    ['llama.feed_forward_length', { type: GgufType.UINT32, value: nFf }],
    ['llama.attention.head_count', { type: GgufType.UINT32, value: nHead }],
    ['llama.attention.head_count_kv', { type: GgufType.UINT32, value: nHeadKv }],
    ['llama.rope.dimension_count', { type: GgufType.UINT32, value: headDim }],
    ['llama.rope.freq_base', { type: GgufType.FLOAT32, value: 10000 }],
    ['llama.attention.layer_norm_rms_epsilon', { type: GgufType.FLOAT32, value: 1e-5 }],
    ['llama.vocab_size', { type: GgufType.UINT32, value: vocabSize }],
    ['tokenizer.ggml.model', { type: GgufType.STRING, value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: GgufType.ARRAY, elemType: GgufType.STRING, value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: GgufType.ARRAY, elemType: GgufType.FLOAT32, value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: GgufType.ARRAY, elemType: GgufType.INT32, value: vocab.types }],
    ['tokenizer.ggml.bos_token_id', { type: GgufType.UINT32, value: 1 }],
    ['tokenizer.ggml.eos_token_id', { type: GgufType.UINT32, value: 2 }],
    ['tokenizer.ggml.unknown_token_id', { type: GgufType.UINT32, value: 0 }],
    ['tokenizer.ggml.add_bos_token', { type: GgufType.BOOL, value: true }],
    ['tokenizer.ggml.add_eos_token', { type: GgufType.BOOL, value: false }],
  ];
  if (opts.poolingType !== undefined) {
    // enum llama_pooling_type: NONE 0, MEAN 1, CLS 2, LAST 3
    const pooling = { mean: 1, cls: 2, last: 3 }[opts.poolingType];
    kvs.push(['llama.pooling_type', { type: GgufType.UINT32, value: pooling }]);
  }
  if (opts.addSpacePrefix !== undefined) {
    kvs.push(['tokenizer.ggml.add_space_prefix', { type: GgufType.BOOL, value: opts.addSpacePrefix }]);
  }
  if (chatTemplate !== null) kvs.push(['tokenizer.chat_template', { type: GgufType.STRING, value: chatTemplate }]);

  // ---- tensors (same order as llama.cpp's converter writes them)
  const wType = dtype === 'f16' ? GGML_TYPE_F16 : GGML_TYPE_F32;
  const specs: TensorSpec[] = [];
  const tensor = (tname: string, ne: number[], type: number, init: TensorSpec['init']): void => {
    specs.push({ name: tname, ne, type, init, offset: 0, nbytes: 0 });
  };
  // Uniform[-a, a] has std a/√3; a = √3/√fan_in gives unit-variance activations.
  const lin = (fanIn: number) => ({ scale: Math.sqrt(3 / fanIn) });
  tensor('token_embd.weight', [nEmbd, vocabSize], wType, { scale: 1 });
  for (let i = 0; i < nLayer; i++) {
    tensor(`blk.${i}.attn_norm.weight`, [nEmbd], GGML_TYPE_F32, 'ones');
    tensor(`blk.${i}.attn_q.weight`, [nEmbd, nEmbd], wType, lin(nEmbd));
    tensor(`blk.${i}.attn_k.weight`, [nEmbd, nEmbdKv], wType, lin(nEmbd));
    tensor(`blk.${i}.attn_v.weight`, [nEmbd, nEmbdKv], wType, lin(nEmbd));
    tensor(`blk.${i}.attn_output.weight`, [nEmbd, nEmbd], wType, lin(nEmbd));
    tensor(`blk.${i}.ffn_norm.weight`, [nEmbd], GGML_TYPE_F32, 'ones');
    tensor(`blk.${i}.ffn_gate.weight`, [nEmbd, nFf], wType, lin(nEmbd));
    tensor(`blk.${i}.ffn_up.weight`, [nEmbd, nFf], wType, lin(nEmbd));
    tensor(`blk.${i}.ffn_down.weight`, [nFf, nEmbd], wType, lin(nFf));
  }
  tensor('output_norm.weight', [nEmbd], GGML_TYPE_F32, 'ones');
  // Logit std ≈ 2: varied but not flat sampling at temperature 1.
  const outScale = 2 * Math.sqrt(3 / nEmbd);
  const readable = opts.readableOutput ?? true;
  const eosScale = opts.eosLogitScale ?? 1;
  tensor('output.weight', [nEmbd, vocabSize], wType, {
    scale: outScale,
    // ne = [nEmbd, vocab]: row r (token r) is elements r*nEmbd .. r*nEmbd+nEmbd-1.
    rowScale: readable
      ? vocab.types.map((t, id) => (id === 2 ? eosScale : t === TokenType.NORMAL ? 1 : 0))
      : vocab.types.map((_, id) => (id === 2 ? eosScale : 1)),
  });

  let dataSize = 0;
  let nParams = 0;
  for (const t of specs) {
    const n = t.ne.reduce((a, b) => a * b, 1);
    nParams += n;
    t.nbytes = n * (t.type === GGML_TYPE_F16 ? 2 : 4);
    t.offset = dataSize;
    dataSize += t.nbytes;
    dataSize += (ALIGNMENT - (dataSize % ALIGNMENT)) % ALIGNMENT;
  }

  // ---- header
  const head = new ByteSink();
  head.push(Buffer.from('GGUF', 'latin1'));
  head.u32(GGUF_VERSION);
  head.u64(specs.length);
  head.u64(kvs.length);
  for (const [k, v] of kvs) writeKv(head, k, v);
  for (const t of specs) {
    head.str(t.name);
    head.u32(t.ne.length);
    for (const d of t.ne) head.u64(d);
    head.i32(t.type);
    head.u64(t.offset);
  }
  head.pad(ALIGNMENT);

  // ---- data, streamed in chunks so large models don't need one big buffer
  const rng = mulberry32(seed);
  const fh = await open(path, 'w');
  try {
    let pos = 0;
    const write = async (b: Buffer): Promise<void> => {
      let done = 0;
      while (done < b.length) {
        const { bytesWritten } = await fh.write(b, done, b.length - done, pos);
        done += bytesWritten;
        pos += bytesWritten;
      }
    };
    await write(head.concat());
    const dataStart = pos;
    const CHUNK = 1 << 16; // elements
    for (const t of specs) {
      if (pos - dataStart !== t.offset) throw new Error(`internal: offset mismatch for ${t.name}`);
      const n = t.ne.reduce((a, b) => a * b, 1);
      const elemSize = t.type === GGML_TYPE_F16 ? 2 : 4;
      for (let start = 0; start < n; start += CHUNK) {
        const m = Math.min(CHUNK, n - start);
        const buf = Buffer.alloc(m * elemSize);
        const rowLen = t.ne[0]!;
        for (let j = 0; j < m; j++) {
          let v = 1;
          if (t.init !== 'ones') {
            // Always draw, so the other tensors don't depend on readableOutput.
            v = (rng() * 2 - 1) * t.init.scale;
            const rs = t.init.rowScale;
            if (rs) v *= rs[Math.floor((start + j) / rowLen)]!;
          }
          if (elemSize === 4) buf.writeFloatLE(v, j * 4);
          else buf.writeUInt16LE(f32ToF16Bits(v), j * 2);
        }
        await write(buf);
      }
      const padBytes = (ALIGNMENT - (t.nbytes % ALIGNMENT)) % ALIGNMENT;
      if (padBytes) await write(Buffer.alloc(padBytes));
    }
    await fh.truncate(pos);
    return {
      path,
      bytes: pos,
      ...cfg,
      nParams,
      tokens: vocab.tokens,
      bosId: 1,
      eosId: 2,
      unkId: 0,
    };
  } finally {
    await fh.close();
  }
}
