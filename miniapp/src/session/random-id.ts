/** A random id the server accepts (letters, digits, `-`): time plus 64 random bits, unique enough per citizen. */
export function newRandomId(prefix: string): string {
  const random = Array.from({ length: 4 }, () => Math.floor(Math.random() * 0x10000).toString(16).padStart(4, '0')).join('');
  return `${prefix}-${Date.now().toString(36)}-${random}`;
}

/** An Idempotency-Key: one per thing the citizen means to do once (a report, a subscribe dialog). */
export function newIdempotencyKey(): string {
  return newRandomId('mp');
}
