/** One mistake in the guards config: the path of the field it names and what is wrong with it. */
export interface ConfigIssue {
  readonly path: (string | number)[];
  readonly message: string;
}
