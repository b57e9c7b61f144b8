import { gunzipSync, inflateSync } from 'node:zlib';
import { InvalidEventError } from './errors';

/**
 * CloudWatch Logs delivers gzip; payloads re-sent through other tools (Firehose processors, test
 * harnesses) arrive zlib-deflated. Both are told apart by their first bytes. One decoder for every
 * handler that reads a subscription (the sign-in alert, the quarantine's fleet flow).
 */
export function inflatePayload(compressed: Buffer): Buffer {
  if (compressed.length >= 2 && compressed[0] === 0x1f && compressed[1] === 0x8b) return gunzipSync(compressed);
  // zlib (RFC 1950): deflate method 8 in the low nibble, and the two header bytes a multiple of 31.
  if (compressed.length >= 2 && (compressed[0] & 0x0f) === 8 && ((compressed[0] << 8) | compressed[1]) % 31 === 0) return inflateSync(compressed);
  throw new InvalidEventError('awslogs.data: neither gzip nor zlib data', 'cloudwatch-logs');
}

/** `awslogs.data` (base64 of gzip or zlib JSON) as JSON; a clear InvalidEventError naming the field otherwise. */
export function decodeLogsData(data: string): unknown {
  try {
    return JSON.parse(inflatePayload(Buffer.from(data, 'base64')).toString('utf8'));
  } catch (error) {
    if (error instanceof InvalidEventError) throw error;
    throw new InvalidEventError(`awslogs.data: not a compressed JSON payload (${error instanceof Error ? error.message : String(error)})`, 'cloudwatch-logs');
  }
}
