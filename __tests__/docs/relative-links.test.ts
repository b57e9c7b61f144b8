/**
 * The docs point at what exists: every relative link of the README, of docs/*.md and of the guards'
 * and handlers' READMEs names a file of the repository and, with a `#fragment`, a heading of that
 * file (as GitHub makes its anchors). Links inside code blocks are code, not links.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../helpers/synth';

const inFolder = (folder: string, pick: (entry: string) => string | undefined) =>
  readdirSync(path.join(repoRoot, folder))
    .map(pick)
    .filter((file): file is string => file !== undefined && existsSync(path.join(repoRoot, file)));

const documents = [
  'README.md',
  ...inFolder('docs', (entry) => (entry.endsWith('.md') ? `docs/${entry}` : undefined)),
  ...inFolder('modules', (entry) => `modules/${entry}/README.md`),
  ...inFolder('handlers', (entry) => `handlers/${entry}/README.md`),
];

/** The text outside fenced code blocks and inline code. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');
}

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes; repeats get -1, -2. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading] of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6} +(.+?) *#* *$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    anchors.add(count === 0 ? base : `${base}-${count}`);
    seen.set(base, count + 1);
  }
  return anchors;
}

function relativeLinks(markdown: string): string[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]).filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

describe.each(documents)('%s', (document) => {
  const markdown = readFileSync(path.join(repoRoot, document), 'utf8');

  it('links only to files and headings that exist', () => {
    const broken = relativeLinks(markdown).filter((link) => {
      const [file, fragment] = link.split('#');
      const target = file === '' ? path.join(repoRoot, document) : path.resolve(path.dirname(path.join(repoRoot, document)), decodeURI(file));
      if (!existsSync(target)) return true;
      if (fragment === undefined || statSync(target).isDirectory() || !target.endsWith('.md')) return false;
      return !headingAnchors(readFileSync(target, 'utf8')).has(fragment);
    });
    expect(broken).toEqual([]);
  });
});

describe('the anchors the link check computes', () => {
  it('are the ones GitHub makes', () => {
    expect([...headingAnchors('# Two deployment modes\n## Footprint (measured)\n## Test run (`.ci/run`)\n### In hub mode\n### In hub mode\n')]).toEqual([
      'two-deployment-modes',
      'footprint-measured',
      'test-run-cirun',
      'in-hub-mode',
      'in-hub-mode-1',
    ]);
  });

  it('leave headings inside code blocks out', () => {
    expect(headingAnchors('```sh\n# a comment\n```\n## Real\n').has('a-comment')).toBe(false);
  });
});
