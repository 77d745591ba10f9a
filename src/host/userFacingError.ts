/**
 * Thrown to stop a command with a message that names the problem and what to do. The command
 * wrapper shows it as it is; any other error is reported as a failure of the command.
 */
export class UserFacingError extends Error {}
