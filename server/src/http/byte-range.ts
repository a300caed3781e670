// HTTP Range requests (RFC 9110 §14) for serving recordings to a <video> element: one
// byte range per request, which is what browsers send to seek. Pure.

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

/**
 * The range to serve for a `Range` header over a resource of `size` bytes: null to serve
 * the whole resource (no header, another unit, several ranges or a malformed one: a
 * server may ignore those), 'unsatisfiable' for 416.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | null | 'unsatisfiable' {
  if (header === undefined) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // bytes=-N: the last N bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
