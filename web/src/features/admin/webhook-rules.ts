/** A webhook secret of 32 random bytes, hex: made in the browser, never by the server. */
export function generateSecret(
  random: (bytes: Uint8Array) => Uint8Array = (bytes) => crypto.getRandomValues(bytes),
): string {
  return Array.from(random(new Uint8Array(32)), (byte) => byte.toString(16).padStart(2, '0')).join(
    '',
  );
}

/** Whether any delivery still waits for an attempt, so the list keeps refreshing. */
export function anyPending(deliveries: readonly { status: string }[]): boolean {
  return deliveries.some((delivery) => delivery.status === 'pending');
}
