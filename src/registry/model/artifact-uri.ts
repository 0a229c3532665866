/**
 * `inventory://artifacts/<sha256>`: an artifact uploaded to the inventory itself
 * (`POST /v1/artifacts`). Registrations may name one instead of an `s3://` URI, so a caller
 * needs no store of its own.
 */
export const INVENTORY_ARTIFACT_URI = /^inventory:\/\/artifacts\/([0-9a-f]{64})$/;

export function inventoryArtifactUri(sha256: string): string {
  return `inventory://artifacts/${sha256}`;
}

/** The sha256 an `inventory://artifacts/<sha256>` URI names, or undefined for any other URI. */
export function uploadedSha256(uri: string): string | undefined {
  return INVENTORY_ARTIFACT_URI.exec(uri)?.[1];
}
