import packageJson from '../package.json' with { type: 'json' };

/** Recorded in every result, so a result can always be traced to the code that made it. */
export const SOLVER = { name: 'dual-match', version: packageJson.version } as const;
