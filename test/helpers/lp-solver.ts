import lpSolverExport, { type SolverAPI } from 'javascript-lp-solver';

// The package's types describe its CommonJS build (as TypeScript reads it, the default import
// is the whole module), while Node loads its ES build, whose default export is the solver.
export const lpSolver = lpSolverExport as unknown as SolverAPI;
