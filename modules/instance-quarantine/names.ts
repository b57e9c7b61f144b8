/** The guard's name: its folder, construct id and resource names. */
export const instanceQuarantineGuardName = 'instance-quarantine';
/** The release runs as a function of its own, with a role that can only undo what the table records. */
export const instanceReleaseHandlerName = 'instance-quarantine-release';
