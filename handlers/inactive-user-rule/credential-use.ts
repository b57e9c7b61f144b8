/** One use of a credential: which one, and when. */
export interface CredentialUse {
  /** `password`, `access key 1`, `access key ...WXYZ`: how the annotation names it. */
  readonly credential: string;
  readonly at: Date;
}

/** The latest of the uses, if any. */
export function latestUse(uses: readonly CredentialUse[]): CredentialUse | undefined {
  return uses.reduce<CredentialUse | undefined>((latest, use) => (!latest || use.at > latest.at ? use : latest), undefined);
}

/** An access key that is active now: it can be used, whether or not it ever was. */
export interface ActiveAccessKey {
  /** `access key 1`, `access key ...WXYZ`: how the annotation names it. */
  readonly credential: string;
  /** When it was created (or, in the credential report, last rotated). */
  readonly createdAt?: Date;
  readonly lastUsedAt?: Date;
}
