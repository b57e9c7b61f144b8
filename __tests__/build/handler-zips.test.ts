import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { bundleFileName, bundleHandler, handlerZipPath, listHandlerNames, zipBundle } from '../../scripts/handler-bundle';

/** The budget of docs/architecture.md ("Performance budgets"): each handler zip at most 250 KB. */
const zipBudgetBytes = 250 * 1024;

describe.each(listHandlerNames())('handler zip %s', (handlerName) => {
  it('is rebuilt byte for byte the same as the zip `npm run build` wrote', async () => {
    const built = readFileSync(handlerZipPath(handlerName));
    const rebuilt = zipBundle((await bundleHandler(handlerName)).code);
    expect(Buffer.from(rebuilt).equals(built)).toBe(true);
  });

  it('holds the one ESM file the runtime loads, and stays within the size budget', () => {
    const built = readFileSync(handlerZipPath(handlerName));
    const entries = unzipSync(built);
    expect(Object.keys(entries)).toEqual([bundleFileName]);
    expect(Buffer.from(entries[bundleFileName]).toString('utf8')).toMatch(/export\s*\{[^}]*as handler/);
    expect(built.byteLength).toBeLessThanOrEqual(zipBudgetBytes);
  });
});

it('finds every handler folder', () => {
  expect(listHandlerNames()).toContain('instance-quarantine');
});
