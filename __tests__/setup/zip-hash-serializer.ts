/**
 * Snapshot serializer (jest.config.js `snapshotSerializers`): a function's zip hash and the
 * content-addressed folder cdktf copies the zip into are written as placeholders, so that a handler
 * change rewrites no construct snapshot. What the zips hold is covered by the handler and build
 * tests; the construct snapshots cover the wiring.
 */
const zipHashPlaceholder = '<zip sha256>';
const assetHashPlaceholder = '<asset hash>';

// cdktf's TerraformAsset path: assets/<construct id>/<32 hex digits of the content hash>/<file>.
const assetFolderHash = /^(assets\/[^/]+\/)[0-9A-F]{32}(\/)/;

type Masked = Record<string, unknown>;

function maskedCopy(value: Masked): Masked | undefined {
  const copy: Masked = { ...value };
  let changed = false;
  if (typeof copy.source_code_hash === 'string' && copy.source_code_hash !== zipHashPlaceholder) {
    copy.source_code_hash = zipHashPlaceholder;
    changed = true;
  }
  if (typeof copy.filename === 'string' && assetFolderHash.test(copy.filename)) {
    copy.filename = copy.filename.replace(assetFolderHash, `$1${assetHashPlaceholder}$2`);
    changed = true;
  }
  return changed ? copy : undefined;
}

// The current plugin shape (serialize, not the old print).
const serializer: Extract<jest.SnapshotSerializerPlugin, { serialize: unknown }> = {
  test: (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value) && maskedCopy(value as Masked) !== undefined,
  serialize: (value: Masked, config, indentation, depth, refs, printer) => printer(maskedCopy(value), config, indentation, depth, refs),
};

export = serializer;
