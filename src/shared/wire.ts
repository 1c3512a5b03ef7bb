/**
 * JSON wire codec for the WebSocket transport: typed arrays travel as
 * `{"$typed": "Float32Array", "b64": "..."}` (little-endian bytes, base64),
 * never as JSON arrays of numbers. Electron IPC does not need it (structured
 * clone carries typed arrays as they are).
 */

const TYPED = {
  Float32Array,
  Float64Array,
  Int32Array,
  Uint32Array,
  Int16Array,
  Uint16Array,
  Int8Array,
  Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;
type AnyTyped = InstanceType<(typeof TYPED)[TypedName]>;

function typedName(value: unknown): TypedName | null {
  if (!ArrayBuffer.isView(value) || value instanceof DataView) return null;
  const name = value.constructor.name as TypedName;
  return name in TYPED ? name : null;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(b64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Serialises a message to JSON text with typed arrays as base64 blocks.
 * @param message - any JSON-compatible value that may contain typed arrays
 * @returns JSON text
 */
export function encodeWire(message: unknown): string {
  return JSON.stringify(message, (_key, value: unknown) => {
    const name = typedName(value);
    if (name === null) return value;
    const view = value as AnyTyped;
    const bytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
    return { $typed: name, b64: bytesToBase64(bytes) };
  });
}

/**
 * Parses JSON text made by {@link encodeWire}, reviving typed arrays.
 * @param text - JSON text
 * @returns the decoded value
 * @throws SyntaxError on malformed JSON or an unknown typed-array name
 */
export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value === null || typeof value !== 'object') return value;
    const tagged = value as { $typed?: unknown; b64?: unknown };
    if (typeof tagged.$typed !== 'string' || typeof tagged.b64 !== 'string') return value;
    const ctor = TYPED[tagged.$typed as TypedName];
    if (ctor === undefined) throw new SyntaxError(`unknown typed array ${tagged.$typed}`);
    const bytes = base64ToBytes(tagged.b64);
    return new ctor(bytes.buffer, bytes.byteOffset, bytes.byteLength / ctor.BYTES_PER_ELEMENT);
  });
}
