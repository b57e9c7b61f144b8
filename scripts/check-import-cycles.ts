/**
 * Part of `npm run lint`: fails on any import cycle between the project's TypeScript files,
 * counting `import type` too. ESLint's import-x/no-cycle sees only imports that exist at run time;
 * a cycle of type imports still ties two files' definitions to each other, which is what the layer
 * rules are there to prevent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { repoRoot } from './handler-bundle';

const sourceRoots = ['main.ts', 'modules', 'handlers', 'scripts', '__tests__'];

function typeScriptFiles(entry: string): string[] {
  const absolute = path.join(repoRoot, entry);
  if (!existsSync(absolute)) return [];
  if (entry.endsWith('.ts')) return [absolute];
  return readdirSync(absolute, { withFileTypes: true, recursive: true })
    .filter((file) => file.isFile() && file.name.endsWith('.ts') && !file.name.endsWith('.d.ts'))
    .map((file) => path.join(file.parentPath, file.name));
}

/** The project file a relative specifier names (`./x` -> x.ts or x/index.ts); packages are not followed. */
function resolveRelative(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => candidate.endsWith('.ts') && existsSync(candidate));
}

export function importGraph(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles;
    graph.set(
      file,
      imports.map((imported) => resolveRelative(file, imported.fileName)).filter((target): target is string => target !== undefined),
    );
  }
  return graph;
}

/** Each cycle once, as the files along it (Tarjan's strongly connected components of more than one file, or a self-import). */
export function importCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    lowLink.set(file, counter);
    counter += 1;
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      if (component.length > 1 || (graph.get(file) ?? []).includes(file)) components.push(component.reverse());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return components;
}

if (require.main === module) {
  const files = sourceRoots.flatMap(typeScriptFiles);
  const cycles = importCycles(importGraph(files));
  for (const cycle of cycles) {
    console.error(`import cycle (type imports included) among: ${cycle.map((file) => path.relative(repoRoot, file)).join(', ')}`);
  }
  console.log(`import cycles: ${cycles.length} (${files.length} files, type imports included)`);
  process.exit(cycles.length === 0 ? 0 : 1);
}
