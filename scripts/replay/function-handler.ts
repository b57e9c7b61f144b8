/**
 * The handler a synthesized function runs: its zip's name (`filename`, inline code), or from its
 * `s3_key`: `handlers/<handler>/<hash>.zip` for an unsigned zip, the artifacts stack's
 * `signed-object-keys["<handler>"]` output for a signed one (bucket mode's default).
 */
export function handlerOfFunction(fn: { readonly filename?: unknown; readonly s3_key?: unknown }): string | undefined {
  if (typeof fn.filename === 'string') return /([a-z0-9-]+)\.zip$/.exec(fn.filename)?.[1];
  const key = String(fn.s3_key);
  // Terraform writes an output key with a hyphen as ["key"] and one without as .key.
  return (/signed-object-keys(?:\["([a-z0-9-]+)"\]|\.([a-z0-9]+))/.exec(key) ?? /^handlers\/([a-z0-9-]+)\//.exec(key))?.slice(1).find(Boolean);
}
