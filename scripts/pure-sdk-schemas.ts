import type { Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';

/**
 * AWS SDK v3 clients describe every operation's shapes as module-level arrays in
 * `dist-es/schemas/schemas_0.js`. Many hold objects with computed keys (`{ [_xN]: _m }`), which
 * esbuild must assume have side effects, so it keeps nearly all of them: 550 KB of EC2 shapes for
 * a handler that calls six operations. Each top-level `var X = [...]` is a plain value, so this
 * plugin marks it pure (an annotated IIFE), and esbuild drops the shapes no command reaches.
 */
export function pureSdkSchemas(): Plugin {
  return {
    name: 'pure-sdk-schemas',
    setup(build) {
      build.onLoad({ filter: /@aws-sdk[\\/]client-[a-z0-9-]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ }, async (args) => ({
        contents: markSchemaDeclarationsPure(await readFile(args.path, 'utf8'), args.path),
        loader: 'js',
      }));
    },
  };
}

/** Wraps each top-level `var Name = [ ... ];` (one or more lines) in `/* @__PURE__ *\/ (() => [ ... ])()`. */
export function markSchemaDeclarationsPure(source: string, file: string): string {
  const lines = source.split('\n');
  const output: string[] = [];
  let depth = 0;
  let inDeclaration = false;
  for (const line of lines) {
    let current = line;
    if (!inDeclaration && /^(export )?var [\w$]+ = \[/.test(line)) {
      inDeclaration = true;
      depth = 0;
      current = line.replace(/ = \[/, ' = /* @__PURE__ */ (() => [');
    }
    if (inDeclaration) {
      for (const character of line) {
        if (character === '[') depth += 1;
        else if (character === ']') depth -= 1;
      }
      if (depth === 0) {
        if (!current.endsWith('];')) throw new Error(`${file}: unexpected end of a schema declaration: ${line}`);
        current = `${current.slice(0, -2)}])();`;
        inDeclaration = false;
      }
    }
    output.push(current);
  }
  if (inDeclaration) throw new Error(`${file}: unterminated schema declaration`);
  return output.join('\n');
}
