import { z } from 'zod';

/** `accounts[0].roleArn`: a field path as a person would write it. */
export function fieldPath(pathSegments: readonly PropertyKey[]): string {
  return pathSegments.reduce<string>((text, segment) => {
    if (typeof segment === 'number') return `${text}[${segment}]`;
    return text === '' ? String(segment) : `${text}.${String(segment)}`;
  }, '');
}

/** One line per problem: `<field>: <message>`; unknown keys each get their own line. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    const where = fieldPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${where === '' ? key : `${where}.${key}`}: unknown key (check its spelling in the reference)`);
    }
    return [`${where || '(top level)'}: ${issue.message}`];
  });
}
