// The state stream (/ws/show, see docs/state-stream.md): binary messages, little-endian, each starting with
//   u8 kind (1 palettes, 2 model, 3 frame), u8 format version, u16 header length, u32 message length.
// parseMessage checks a message completely before anything uses it: a message that is truncated, over its size
// limit, of another version or inconsistent in any field is refused with a StreamError naming the problem.

export const FORMAT_VERSION = 1;
export const KIND_PALETTES = 1;
export const KIND_MODEL = 2;
export const KIND_FRAME = 3;
/** The largest model message the page accepts (the server sends larger models as "too large"). */
export const MAX_MODEL_BYTES = 16 << 20;
const MAX_OTHER_BYTES = 1 << 20;
const MODEL_HEADER = 40;
const FRAME_HEADER = 32;
const LAYER_HEADER = 60;
const PALETTES_HEADER = 12;
const TABLE_BYTES = 256 * 3;

/** Model status: the CPPN's weights follow. */
export const MODEL_DRAWABLE = 0;
/** Model status: not a CPPN (a DCGAN): the page shows the JPEG stream for it. */
export const MODEL_NOT_A_CPPN = 1;
/** Model status: larger than the size limit. */
export const MODEL_TOO_LARGE = 2;

/** A message the page refuses. */
export class StreamError extends Error {}

/** The message in `buffer` (an ArrayBuffer), checked: {kind: 'palettes'|'model'|'frame', ...}. */
export function parseMessage(buffer) {
  const length = buffer.byteLength;
  if (length < 8) {
    throw new StreamError(`truncated message: ${length} bytes is shorter than a message header`);
  }
  const data = new DataView(buffer);
  const kind = data.getUint8(0);
  const version = data.getUint8(1);
  if (version !== FORMAT_VERSION) {
    throw new StreamError(`message format version ${version}; this page reads version ${FORMAT_VERSION}`);
  }
  const limit = kind === KIND_MODEL ? MAX_MODEL_BYTES : MAX_OTHER_BYTES;
  if (length > limit) {
    throw new StreamError(`oversized message: ${length} bytes is over the ${limit}-byte limit`);
  }
  const declared = data.getUint32(4, true);
  if (declared !== length) {
    throw new StreamError(length < declared
      ? `truncated message: ${length} of its ${declared} bytes`
      : `message of ${length} bytes says it has ${declared}`);
  }
  const header = data.getUint16(2, true);
  const reader = new Reader(data, header);
  switch (kind) {
    case KIND_PALETTES: return palettes(reader, header);
    case KIND_MODEL: return model(reader, header);
    case KIND_FRAME: return frame(reader, header);
    default: throw new StreamError(`unknown message kind ${kind}`);
  }
}

/** Reads fields, refusing any read past the end. */
class Reader {
  constructor(data, position) {
    this.data = data;
    this.position = position;
  }

  need(bytes, what) {
    if (this.position + bytes > this.data.byteLength) {
      throw new StreamError(`truncated message: ${what} runs past its end`);
    }
  }

  u8(at) { return this.data.getUint8(at); }
  u16(at) { return this.data.getUint16(at, true); }
  u32(at) { return this.data.getUint32(at, true); }
  f32(at) { return this.data.getFloat32(at, true); }
  f64(at) { return this.data.getFloat64(at, true); }

  /** `count` finite floats from the current position. */
  floats(count, what) {
    this.need(4 * count, what);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      const v = this.data.getFloat32(this.position + 4 * i, true);
      if (!Number.isFinite(v)) {
        throw new StreamError(`${what} has a non-finite value at ${i}`);
      }
      out[i] = v;
    }
    this.position += 4 * count;
    return out;
  }
}

function checkHeader(reader, header, least, what) {
  if (header < least || header > reader.data.byteLength) {
    throw new StreamError(`${what} header length ${header} (at least ${least}, within the message)`);
  }
}

function palettes(reader, header) {
  checkHeader(reader, header, PALETTES_HEADER, 'palettes');
  const count = reader.u32(8);
  const out = [];
  for (let i = 0; i < count; i++) {
    reader.need(1, `palette ${i}`);
    const nameLength = reader.u8(reader.position);
    reader.position += 1;
    reader.need(nameLength + TABLE_BYTES, `palette ${i}`);
    const name = new TextDecoder().decode(new Uint8Array(reader.data.buffer, reader.position, nameLength));
    reader.position += nameLength;
    const table = new Uint8Array(reader.data.buffer.slice(reader.position, reader.position + TABLE_BYTES));
    reader.position += TABLE_BYTES;
    out.push({ name, table });
  }
  if (reader.position !== reader.data.byteLength) {
    throw new StreamError('palettes message has bytes after its last palette');
  }
  return { kind: 'palettes', palettes: out };
}

function model(reader, header) {
  checkHeader(reader, header, MODEL_HEADER, 'model');
  const id = reader.u32(8);
  const status = reader.u8(12);
  const channels = reader.u8(13);
  const nameLength = reader.u16(14);
  const spec = {
    latentSize: reader.u32(16), width: reader.u32(20), depth: reader.u32(24), channels, scale: reader.f32(28),
  };
  const weightCount = reader.u32(32);
  reader.need(nameLength, 'model name');
  const name = new TextDecoder().decode(new Uint8Array(reader.data.buffer, header, nameLength));
  reader.position = header + ((nameLength + 3) & ~3);
  if (status !== MODEL_DRAWABLE) {
    if (status !== MODEL_NOT_A_CPPN && status !== MODEL_TOO_LARGE) {
      throw new StreamError(`model ${name}: unknown status ${status}`);
    }
    return { kind: 'model', id, status, name, spec };
  }
  if (channels !== 1 && channels !== 3) {
    throw new StreamError(`model ${name}: channels must be 1 or 3, was ${channels}`);
  }
  if (!(spec.latentSize >= 1 && spec.latentSize <= 4096 && spec.width >= 1 && spec.width <= 1024
      && spec.depth >= 1 && spec.depth <= 16 && Number.isFinite(spec.scale) && spec.scale > 0)) {
    throw new StreamError(`model ${name}: spec out of range: latent ${spec.latentSize}, width ${spec.width},`
      + ` depth ${spec.depth}, scale ${spec.scale}`);
  }
  const w = spec.width;
  const expected = spec.latentSize * w + 4 * w + (spec.depth - 1) * (w * w + w) + w * channels + channels;
  if (weightCount !== expected) {
    throw new StreamError(`model ${name}: ${weightCount} weights, a CPPN of this spec has ${expected}`);
  }
  const weights = {
    wz: reader.floats(spec.latentSize * w, 'wz'),
    wx: reader.floats(w, 'wx'),
    wy: reader.floats(w, 'wy'),
    wr: reader.floats(w, 'wr'),
    b0: reader.floats(w, 'b0'),
    hidden: [],
  };
  for (let k = 1; k < spec.depth; k++) {
    weights.hidden.push({ w: reader.floats(w * w, `w${k}`), b: reader.floats(w, `b${k}`) });
  }
  weights.wOut = reader.floats(w * channels, 'wOut');
  weights.bOut = reader.floats(channels, 'bOut');
  if (reader.position !== reader.data.byteLength) {
    throw new StreamError(`model ${name} has bytes after its weights`);
  }
  return { kind: 'model', id, status, name, spec, weights };
}

function frame(reader, header) {
  checkHeader(reader, header, FRAME_HEADER, 'frame');
  const number = Number(reader.data.getBigUint64(8, true));
  const seconds = reader.f64(16);
  const fadingWeight = reader.f32(24);
  const layerCount = reader.u8(28);
  if (layerCount !== 1 && layerCount !== 2) {
    throw new StreamError(`frame ${number}: ${layerCount} layers (1, or 2 while crossfading)`);
  }
  if (!Number.isFinite(seconds) || !(fadingWeight >= 0 && fadingWeight <= 1)) {
    throw new StreamError(`frame ${number}: show time ${seconds} or fading weight ${fadingWeight} out of range`);
  }
  const layers = [];
  for (let i = 0; i < layerCount; i++) {
    reader.need(LAYER_HEADER, `frame ${number} layer ${i}`);
    const at = reader.position;
    const layer = {
      model: reader.u32(at),
      centerX: reader.f64(at + 8), centerY: reader.f64(at + 16), zoom: reader.f64(at + 24),
      rotation: reader.f64(at + 32),
      contrast: reader.f32(at + 40), gamma: reader.f32(at + 44), threshold: reader.f32(at + 48),
      softness: reader.f32(at + 52), palette: reader.u8(at + 56),
    };
    const size = reader.u32(at + 4);
    const numbers = [layer.centerX, layer.centerY, layer.zoom, layer.rotation, layer.contrast, layer.gamma,
      layer.threshold, layer.softness];
    if (!numbers.every(Number.isFinite) || !(layer.zoom > 0) || size > 4096) {
      throw new StreamError(`frame ${number} layer ${i}: a value is out of range`);
    }
    reader.position = at + LAYER_HEADER;
    layer.latent = reader.floats(size, `frame ${number} latent`);
    layers.push(layer);
  }
  if (reader.position !== reader.data.byteLength) {
    throw new StreamError(`frame ${number} has bytes after its layers`);
  }
  return { kind: 'frame', number, seconds, fadingWeight, layers };
}
