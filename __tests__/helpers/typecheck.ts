import * as path from 'node:path';
import ts from 'typescript';

/**
 * Type-checks the given files with the project's compiler options (tsconfig.json of `projectRoot`)
 * and returns every error as `file(line,col): message`, the form `tsc --noEmit` prints. In process:
 * one program, no child `tsc`.
 */
export function typeErrors(rootFiles: readonly string[], projectRoot: string): string[] {
  const configPath = path.join(projectRoot, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (file) => ts.sys.readFile(file));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, projectRoot);
  const program = ts.createProgram({ rootNames: [...rootFiles], options: { ...parsed.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (!diagnostic.file || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${path.relative(projectRoot, diagnostic.file.fileName)}(${line + 1},${character + 1}): ${message}`;
  });
}
