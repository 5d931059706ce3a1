import path from 'node:path';

/** The repository root, wherever a script or test is run from. */
export const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
